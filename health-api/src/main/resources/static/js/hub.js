// The Integration Hub: the integrations sync-orchestrator knows, adding one (references to secrets only), testing
// its connection through its connector, enabling and disabling it.
import { api, enc } from './api.js';
import { $, el, clear } from './dom.js';

const STANDARDS = {
  'oneroster-1.2': { connector: 'oneroster', version: '1.2', label: 'OneRoster 1.2',
    scopes: ['https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly',
      'https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly'] },
  'oneroster-1.1': { connector: 'oneroster', version: '1.1', label: 'OneRoster 1.1', scopes: [] },
  'edfi-7': { connector: 'edfi', version: '7', label: 'Ed-Fi', scopes: [] },
};

export function showHub(session) {
  let active = true;
  const form = $('hub-form');
  const note = $('hub-form-note');
  const canAdd = session.can('admin');
  for (const input of form.querySelectorAll('input, select, button')) input.disabled = !canAdd;
  note.textContent = canAdd ? '' : 'Adding an integration needs the admin role.';

  async function load() {
    const tbody = clear($('hub-integrations'));
    tbody.appendChild(el('tr', {}, el('td', { colspan: 5, class: 'hint', text: 'Loading integrations…' })));
    try {
      const list = await api('GET', 'api/hub/integrations');
      if (!active) return;
      clear(tbody);
      for (const i of list.items) tbody.appendChild(row(i));
      if (!list.items.length) tbody.appendChild(el('tr', {}, el('td', { colspan: 5, class: 'hint', text: 'No integrations yet.' })));
      session.say('');
    } catch (e) {
      clear(tbody);
      if (active) session.failed('load the Integration Hub', e, load);
    }
  }

  function row(i) {
    const result = el('div', { class: 'test-result', 'aria-live': 'polite' });
    const operator = session.can('operator');
    const act = async (button, action, busy) => {
      button.disabled = true;
      result.className = 'test-result busy';
      result.textContent = busy;
      try {
        const answer = await api('POST', 'api/hub/integrations/' + enc(i.integrationId) + '/' + action);
        if (action === 'test-connection') {
          const counts = Object.entries(answer.declaredCounts || {}).map(([k, v]) => v + ' ' + k).join(', ');
          result.className = 'test-result ' + (answer.authenticated && answer.reachable ? 'ok' : 'error');
          result.textContent = (answer.authenticated && answer.reachable ? 'Connected: ' : 'Not connected: ') + answer.message
            + (counts ? ' (' + counts + ')' : '');
          button.disabled = false;
        } else {
          result.textContent = '';
          result.className = 'test-result';
          tr.replaceWith(row(answer));
        }
      } catch (e) {
        result.className = 'test-result error';
        result.textContent = 'Could not ' + action.replace('-', ' ') + ': ' + e.message;
        button.disabled = false;
      }
    };
    const test = el('button', { type: 'button', class: 'secondary', dataset: { action: 'test' }, text: 'Test connection', disabled: !operator });
    test.addEventListener('click', () => act(test, 'test-connection', 'Testing the connection through the connector…'));
    const toggle = el('button', { type: 'button', dataset: { action: i.enabled ? 'disable' : 'enable' },
      class: i.enabled ? 'secondary' : '', text: i.enabled ? 'Disable' : 'Enable', disabled: !operator });
    toggle.addEventListener('click', () => act(toggle, i.enabled ? 'disable' : 'enable', i.enabled ? 'Disabling…' : 'Enabling…'));
    const c = i.connection || {};
    const tr = el('tr', { dataset: { integration: i.integrationId, enabled: String(i.enabled) } },
      el('td', { 'data-label': 'Integration' }, el('a', { href: '#/integrations/' + enc(i.integrationId), text: i.name }), el('br'),
        el('span', { class: 'hint', text: i.integrationId })),
      el('td', { 'data-label': 'Standard', text: (i.connector === 'edfi' ? 'Ed-Fi ' : 'OneRoster ') + (c.version || '') }),
      el('td', { 'data-label': 'SIS', class: 'wrap', text: c.baseUrl || '—' }),
      el('td', { 'data-label': 'State' }, el('span', { class: 'status ' + (i.enabled ? 'healthy' : 'disabled'), text: i.enabled ? 'enabled' : 'disabled' })),
      el('td', { 'data-label': 'Actions' }, el('div', { class: 'actions' }, test, toggle), result));
    return tr;
  }

  async function add(e) {
    e.preventDefault();
    const f = new FormData(form);
    const standard = STANDARDS[f.get('standard')];
    const scopes = String(f.get('scopes') || '').split(/[\s,]+/).filter(Boolean);
    const body = {
      integrationId: f.get('integrationId').trim(), name: f.get('name').trim(), connector: standard.connector,
      connection: { baseUrl: f.get('baseUrl').trim(), tokenUrl: f.get('tokenUrl').trim(), version: standard.version,
        clientId: f.get('clientId').trim(), credentialRef: f.get('credentialRef').trim(), scopes: scopes.length ? scopes : standard.scopes },
      enabled: false, conflictPolicy: 'manual',
    };
    if (f.get('webhookSecretRef').trim()) body.webhookSecretRefs = [f.get('webhookSecretRef').trim()];
    if (f.get('schedule').trim()) body.schedule = f.get('schedule').trim();
    const button = $('hub-add');
    button.disabled = true;
    note.className = 'hint busy';
    note.textContent = 'Adding…';
    try {
      const created = await api('POST', 'api/hub/integrations', body);
      note.className = 'hint ok';
      note.textContent = 'Added ' + created.name + '. Test its connection, then enable it.';
      form.reset();
      await load();
    } catch (err) {
      note.className = 'hint error-text';
      note.textContent = 'Could not add it: ' + err.message;
    } finally {
      button.disabled = !canAdd;
    }
  }

  form.addEventListener('submit', add);
  session.say('');
  load();
  return () => {
    active = false;
    form.removeEventListener('submit', add);
  };
}
