// The RosterSync dashboard: hash routes (#/, #/integrations/<id>, #/hub) over the health API, live through the run
// stream. Plain ES modules, no build step and nothing loaded from elsewhere.
import { api, token, Unauthorized } from './js/api.js';
import { $, el, clear } from './js/dom.js';
import { startStream, stopStream, onStreamStatus } from './js/stream.js';
import { showOverview } from './js/overview.js';
import { showIntegration } from './js/integration.js';
import { showHub } from './js/hub.js';

const VIEWS = ['token-view', 'overview-view', 'integration-view', 'hub-view'];
const ROLES = ['viewer', 'operator', 'admin'];

// Shared by the views: who is signed in, and one place to say what is happening.
export const session = {
  caller: null,
  can(role) {
    return this.caller !== null && ROLES.indexOf(this.caller.role) >= ROLES.indexOf(role);
  },
  say(text, kind, retry) {
    const m = clear($('message'));
    m.className = kind || '';
    if (!text) return;
    m.appendChild(document.createTextNode(text));
    if (retry) m.appendChild(el('button', { type: 'button', class: 'link', text: 'Try again', onclick: retry }));
  },
  failed(what, error, retry) {
    if (error instanceof Unauthorized) {
      askForToken('The token was not accepted. Enter a valid API token.');
      return;
    }
    this.say('Could not ' + what + ': ' + error.message, 'error', retry);
  },
};

let leave = null;

function show(view) {
  for (const id of VIEWS) $(id).hidden = id !== view;
  for (const a of document.querySelectorAll('[data-nav]')) {
    a.classList.toggle('active', view === a.dataset.nav + '-view');
  }
}

function askForToken(reason) {
  if (leave) leave();
  leave = null;
  stopStream();
  session.caller = null;
  $('whoami').textContent = '';
  show('token-view');
  session.say(reason || 'Enter an API token to continue.', reason ? 'error' : '');
  $('token').focus();
}

async function signIn() {
  session.say('Signing in…', 'busy');
  try {
    session.caller = await api('GET', 'api/me');
  } catch (e) {
    session.failed('sign in', e, signIn);
    return false;
  }
  $('whoami').textContent = session.caller.name + ' (' + session.caller.role + ')';
  session.say('');
  startStream();
  return true;
}

async function route() {
  if (!token.get()) {
    askForToken();
    return;
  }
  if (!session.caller && !(await signIn())) return;
  if (leave) leave();
  leave = null;
  const hash = location.hash || '#/';
  const integration = hash.match(/^#\/integrations\/([^/?]+)(?:\?tab=(\w+))?$/);
  if (integration) {
    show('integration-view');
    leave = showIntegration(decodeURIComponent(integration[1]), integration[2] || 'runs', session);
  } else if (hash.startsWith('#/hub')) {
    show('hub-view');
    leave = showHub(session);
  } else {
    show('overview-view');
    leave = showOverview(session);
  }
}

onStreamStatus((state) => {
  const live = $('live');
  live.className = 'live ' + state;
  live.textContent = { live: 'live', connecting: 'connecting…', reconnecting: 'reconnecting…', off: 'offline' }[state];
});

$('login').addEventListener('submit', (e) => {
  e.preventDefault();
  token.set($('token').value.trim());
  $('token').value = '';
  session.caller = null;
  route();
});
$('change-token').addEventListener('click', () => {
  token.clear();
  askForToken();
});
window.addEventListener('hashchange', route);
route();
