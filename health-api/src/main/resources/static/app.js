// The RosterSync dashboard: plain JS against the ops API. The token stays in localStorage and goes only
// to this origin's /api.
(function () {
  'use strict';
  var TOKEN_KEY = 'rostersync.token';
  var REFRESH_MS = 5000;
  var $ = function (id) { return document.getElementById(id); };
  var state = { integrationId: null, timer: null, awaitingTrigger: null };

  function token() { return localStorage.getItem(TOKEN_KEY); }

  function show(text, isError) {
    var m = $('message');
    m.textContent = text || '';
    m.className = isError ? 'error' : '';
  }

  function askForToken(reason) {
    stopRefresh();
    $('token-form').hidden = false;
    $('integrations-view').hidden = true;
    $('runs-view').hidden = true;
    show(reason || 'Enter an API token to continue.', Boolean(reason));
    $('token').focus();
  }

  // Calls the API; a 401 means the stored token is wrong or missing, so ask again.
  function api(method, path, body) {
    var headers = { 'Accept': 'application/json', 'Authorization': 'Bearer ' + (token() || '') };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (res) {
        if (res.status === 401) {
          askForToken('The token was not accepted. Enter a valid API token.');
          throw new Error('unauthorized');
        }
        return res.text().then(function (text) {
          var data = text ? JSON.parse(text) : null;
          if (!res.ok) {
            throw new Error((data && (data.detail || data.title)) || ('HTTP ' + res.status));
          }
          return data;
        });
      }, function () { throw new Error('The server did not answer. Is health-api running?'); });
  }

  function fmtTime(iso) { return iso ? new Date(iso).toLocaleString() : '—'; }
  function fmtDuration(ms) {
    if (ms === null || ms === undefined) return '—';
    return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function loadIntegrations() {
    stopRefresh();
    state.integrationId = null;
    $('runs-view').hidden = true;
    $('integrations-view').hidden = false;
    show('Loading integrations…');
    api('GET', '/api/integrations').then(function (list) {
      var ul = $('integrations');
      ul.textContent = '';
      list.forEach(function (i) {
        var li = el('li', i.status);
        li.tabIndex = 0;
        li.appendChild(el('h3', null, i.name || i.integrationId));
        li.appendChild(el('p', 'status ' + i.status, i.status));
        li.appendChild(el('p', null, i.statusReason));
        var run = i.lastRun;
        li.appendChild(el('p', null, run
          ? 'Last run ' + fmtTime(run.finishedAt || run.startedAt || run.queuedAt) + ' · ' + run.status + ' · ' +
            run.counts.fetched + ' fetched, ' + run.counts.created + ' created, ' + run.counts.updated + ' updated, ' +
            run.counts.failed + ' failed'
          : 'No runs yet'));
        li.appendChild(el('p', 'hint', i.connector + ' · ' + i.integrationId));
        li.addEventListener('click', function () { openIntegration(i.integrationId); });
        li.addEventListener('keydown', function (e) { if (e.key === 'Enter') openIntegration(i.integrationId); });
        ul.appendChild(li);
      });
      show(list.length ? '' : 'No integrations are configured yet.');
    }).catch(function (e) { if (e.message !== 'unauthorized') show('Could not load integrations: ' + e.message, true); });
  }

  function openIntegration(id) {
    state.integrationId = id;
    state.awaitingTrigger = null;
    $('integrations-view').hidden = true;
    $('runs-view').hidden = false;
    $('integration-title').textContent = id;
    $('runs').textContent = '';
    show('Loading runs…');
    refreshRuns();
    stopRefresh();
    state.timer = setInterval(refreshRuns, REFRESH_MS);
  }

  function refreshRuns() {
    var id = state.integrationId;
    if (!id) return;
    Promise.all([
      api('GET', '/api/integrations/' + encodeURIComponent(id)),
      api('GET', '/api/integrations/' + encodeURIComponent(id) + '/runs?limit=20')
    ]).then(function (results) {
      if (state.integrationId !== id) return;
      var integration = results[0], page = results[1];
      $('integration-title').textContent = integration.name || id;
      var st = $('integration-status');
      st.textContent = '';
      st.appendChild(el('span', 'status ' + integration.status, integration.status));
      st.appendChild(document.createTextNode(' — ' + integration.statusReason));
      $('sync-now').disabled = !integration.enabled;
      $('sync-now').title = integration.enabled ? '' : 'The integration is disabled';
      renderRuns(page.items);
      if (state.awaitingTrigger) {
        var appeared = page.items.some(function (r) { return r.triggerId === state.awaitingTrigger; });
        show(appeared ? 'The requested sync has started.' : 'Sync requested; waiting for the run to appear…');
        if (appeared) state.awaitingTrigger = null;
      } else {
        show(page.items.length ? '' : 'No runs yet.');
      }
    }).catch(function (e) { if (e.message !== 'unauthorized') show('Could not load runs: ' + e.message, true); });
  }

  function renderRuns(runs) {
    var tbody = $('runs');
    tbody.textContent = '';
    runs.forEach(function (r) {
      var tr = el('tr', r.triggerId && r.triggerId === state.awaitingTrigger ? 'new' : null);
      [fmtTime(r.queuedAt), r.runType + ' ' + r.direction].forEach(function (t) { tr.appendChild(el('td', null, t)); });
      tr.appendChild(el('td', r.status, r.status));
      ['fetched', 'created', 'updated', 'deleted', 'conflicts', 'failed'].forEach(function (k) {
        tr.appendChild(el('td', null, String(r.counts[k])));
      });
      tr.appendChild(el('td', null, fmtDuration(r.durationMillis)));
      tbody.appendChild(tr);
      if (r.error) {
        var er = el('tr');
        var td = el('td', 'error-row', r.error);
        td.colSpan = 10;
        er.appendChild(td);
        tbody.appendChild(er);
      }
    });
  }

  function syncNow() {
    var id = state.integrationId;
    var button = $('sync-now');
    button.disabled = true;
    show('Requesting a sync…');
    api('POST', '/api/integrations/' + encodeURIComponent(id) + '/sync', {}).then(function (accepted) {
      state.awaitingTrigger = accepted.eventId;
      show('Sync requested; waiting for the run to appear…');
      refreshRuns();
    }).catch(function (e) {
      if (e.message !== 'unauthorized') show('Could not request a sync: ' + e.message, true);
    }).then(function () { button.disabled = false; });
  }

  function stopRefresh() { if (state.timer) { clearInterval(state.timer); state.timer = null; } }

  $('login').addEventListener('submit', function (e) {
    e.preventDefault();
    localStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    $('token-form').hidden = true;
    loadIntegrations();
  });
  $('change-token').addEventListener('click', function () { askForToken(); });
  $('back').addEventListener('click', loadIntegrations);
  $('sync-now').addEventListener('click', syncNow);

  if (token()) loadIntegrations(); else askForToken();
}());
