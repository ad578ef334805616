// One integration: its figures and chart, Run Sync Now, run history that updates live, conflicts with a
// field-by-field merge view and Resolve, dead letters with their payload and Retry.
import { api, enc, ApiError } from './api.js';
import { $, el, clear, fmtTime, fmtAgo, fmtDuration, fmtRate, fmtNumber, fmtValue, statusBadge } from './dom.js';
import { drawRunsChart } from './chart.js';
import { onStreamEvent } from './stream.js';

const COUNTS = ['fetched', 'created', 'updated', 'deleted', 'conflicts', 'failed'];
const RETRYABLE = ['pending', 'parked', 'replayed'];

export function showIntegration(id, initialTab, session) {
  const state = { id, active: true, tab: initialTab, runs: new Map(), nextAfter: null, awaiting: null, integration: null };
  const offs = [];
  const listen = (node, type, fn) => {
    node.addEventListener(type, fn);
    offs.push(() => node.removeEventListener(type, fn));
  };
  clear($('runs'));
  clear($('conflicts'));
  clear($('deadletters'));
  $('run-detail').hidden = true;
  $('merge-view').hidden = true;
  $('letter-view').hidden = true;
  $('integration-title').textContent = id;
  clear($('integration-status')).appendChild(el('span', { class: 'hint', text: 'Loading…' }));
  const syncButton = $('sync-now');
  const pauseButton = $('pause-toggle');
  pauseButton.title = session.can('operator') ? '' : 'Needs the operator role';
  syncButton.disabled = !session.can('operator');
  syncButton.title = session.can('operator') ? '' : 'Needs the operator role';

  // ---- health figures -------------------------------------------------------------------------------------------
  async function loadHealth() {
    try {
      const h = await api('GET', 'api/integrations/' + enc(id) + '/health');
      if (!state.active) return;
      state.integration = h;
      $('integration-title').textContent = h.name || id;
      const st = clear($('integration-status'));
      st.append(statusBadge(h.status), ' ', h.statusReason);
      if (h.paused) st.append(' ', el('span', { class: 'status paused', text: 'paused' }), ' webhooks are queued; nothing is applied until it resumes.');
      pauseButton.textContent = h.paused ? 'Resume' : 'Pause';
      pauseButton.dataset.paused = String(!!h.paused);
      pauseButton.disabled = !session.can('operator');
      loadAlerts();
      if (session.can('operator')) {
        syncButton.disabled = !h.enabled;
        syncButton.title = h.enabled ? '' : 'The integration is disabled; enable it in the Integration Hub';
      }
      const figs = clear($('integration-figures'));
      const card = (label, val, cls) => el('li', { class: cls }, el('span', { class: 'figure', text: val }), el('span', { text: label }));
      figs.append(card('last success', fmtAgo(h.lastSuccessAt)), card('newest SIS change', fmtAgo(h.newestChangeAt)), card('runs 24 h', fmtNumber(h.runs24h)),
        card('error rate 24 h', fmtRate(h.errorRate24h)), card('error rate 7 d', fmtRate(h.errorRate7d)),
        card('p50 / p95', fmtDuration(h.durationP50Millis) + ' / ' + fmtDuration(h.durationP95Millis)),
        card('records/s', fmtNumber(h.recordsPerSecond, 1)),
        card('open conflicts', fmtNumber(h.openConflicts), h.openConflicts ? 'attention' : ''),
        card('dead letters waiting', fmtNumber(h.waitingDeadLetters), h.waitingDeadLetters ? 'attention' : ''));
      drawRunsChart($('integration-chart'), h.runsPerDay);
    } catch (e) {
      if (state.active) session.failed('load this integration', e, loadHealth);
    }
  }

  // ---- runs -------------------------------------------------------------------------------------------------------
  const filter = () => {
    const f = new FormData($('run-filter'));
    return { runType: f.get('runType') || '', status: f.get('status') || '' };
  };
  const matches = (run) => {
    const f = filter();
    return (!f.runType || run.runType === f.runType) && (!f.status || run.status === f.status);
  };

  function runRow(run) {
    const tr = el('tr', { dataset: { runId: run.runId, status: run.status, runType: run.runType }, tabindex: 0,
      class: run.triggerId && run.triggerId === state.awaiting ? 'new' : '' });
    tr.append(el('td', { 'data-label': 'Queued', text: fmtTime(run.queuedAt) }),
      el('td', { 'data-label': 'Type', text: run.runType + ' ' + run.direction + (run.mode ? ' · ' + run.mode : '') }),
      el('td', { 'data-label': 'Status', class: 'status-cell' }, statusBadge(run.status)));
    for (const k of COUNTS) tr.appendChild(el('td', { 'data-label': k, class: 'num count-' + k, text: fmtNumber(run.counts[k]) }));
    tr.appendChild(el('td', { 'data-label': 'Duration', class: 'num', text: fmtDuration(run.durationMillis) }));
    const open = () => showRun(run.runId);
    tr.addEventListener('click', open);
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
    return tr;
  }

  function renderRuns() {
    const tbody = clear($('runs'));
    const runs = [...state.runs.values()].sort((a, b) => (b.queuedAt || '').localeCompare(a.queuedAt || ''));
    for (const run of runs) tbody.appendChild(runRow(run));
    if (!runs.length) tbody.appendChild(el('tr', {}, el('td', { colspan: 10, class: 'hint', text: 'No runs yet.' })));
    $('runs-more').hidden = !state.nextAfter;
  }

  async function loadRuns(more) {
    const f = filter();
    const q = new URLSearchParams({ limit: '20' });
    if (f.runType) q.set('runType', f.runType);
    if (f.status) q.set('status', f.status);
    if (more && state.nextAfter) q.set('after', state.nextAfter);
    if (!more) clear($('runs')).appendChild(el('tr', {}, el('td', { colspan: 10, class: 'hint', text: 'Loading runs…' })));
    try {
      const page = await api('GET', 'api/integrations/' + enc(id) + '/runs?' + q);
      if (!state.active) return;
      if (!more) state.runs.clear();
      for (const run of page.items) state.runs.set(run.runId, run);
      state.nextAfter = page.nextAfter;
      renderRuns();
    } catch (e) {
      if (state.active) session.failed('load the runs', e, () => loadRuns(more));
    }
  }

  /** The id every service logs for this work: search the logs for it to follow a webhook or run end to end. */
  function correlationLine(id) {
    return el('p', { class: 'hint correlation', title: 'Search the logs of every service for this id' },
      'Correlation id ', el('code', { text: id }));
  }

  async function showRun(runId) {
    const box = clear($('run-detail'));
    box.hidden = false;
    box.appendChild(el('p', { class: 'hint', text: 'Loading run ' + runId + '…' }));
    try {
      const run = await api('GET', 'api/runs/' + enc(runId));
      clear(box).append(el('div', { class: 'title-row' }, el('h3', { text: 'Run ' + run.runId }),
        el('button', { type: 'button', class: 'link', text: 'Close', onclick: () => { box.hidden = true; } })));
      box.appendChild(el('p', {}, statusBadge(run.status), ` ${run.runType} ${run.direction}${run.mode ? ' (' + run.mode + ')' : ''}, queued ${fmtTime(run.queuedAt)}, `
        + `started ${fmtTime(run.startedAt)}, finished ${fmtTime(run.finishedAt)}; requested by ${run.requestedBy || '—'}`));
      if (run.correlationId) box.appendChild(correlationLine(run.correlationId));
      if (run.error) box.appendChild(el('p', { class: 'error-text', text: run.error }));
      if (run.status === 'on_hold' || run.hold) showHold(box, run.runId);
      const table = el('table', { class: 'entity-counts' });
      table.appendChild(el('thead', {}, el('tr', {}, el('th', { text: 'Entity' }), ...COUNTS.concat(['unchanged']).map((k) => el('th', { class: 'num', text: k })))));
      const body = el('tbody');
      for (const [entity, counts] of Object.entries(run.entityCounts).sort()) {
        body.appendChild(el('tr', { dataset: { entity } }, el('td', { text: entity }),
          ...COUNTS.concat(['unchanged']).map((k) => el('td', { class: 'num', text: fmtNumber(counts[k]) }))));
      }
      if (!Object.keys(run.entityCounts).length) body.appendChild(el('tr', {}, el('td', { colspan: 8, class: 'hint', text: 'No records yet.' })));
      table.appendChild(body);
      box.appendChild(el('div', { class: 'table-wrap' }, table));
    } catch (e) {
      clear(box).appendChild(el('p', { class: 'error-text', text: 'Could not load the run: ' + e.message }));
    }
  }

  // ---- pause and alerts ---------------------------------------------------------------------------------------------
  async function togglePause() {
    const action = pauseButton.dataset.paused === 'true' ? 'resume' : 'pause';
    pauseButton.disabled = true;
    try {
      await api('POST', 'api/integrations/' + enc(id) + '/' + action, {});
      session.say(action === 'pause' ? 'Paused: webhooks are queued and nothing is applied until it resumes.'
        : 'Resumed: the queued work catches up from the cursor.', 'ok');
      await loadHealth();
    } catch (e) {
      session.failed(action + ' the integration', e);
      pauseButton.disabled = false;
    }
  }

  // Open incidents of the integration's alert rules; resolved ones are history and stay in the API.
  async function loadAlerts() {
    const list = $('integration-alerts');
    try {
      const a = await api('GET', 'api/integrations/' + enc(id) + '/alerts');
      if (!state.active) return;
      clear(list);
      const open = (a.incidents || []).filter((i) => !i.resolvedAt);
      if (a.disabledReason) list.appendChild(el('li', { class: 'alert', text: 'Disabled by alerts: ' + a.disabledReason }));
      for (const i of open) list.appendChild(el('li', { class: 'alert', dataset: { rule: i.rule } },
        el('strong', { text: i.rule }), ' since ' + fmtTime(i.firedAt) + (i.detail ? ': ' + i.detail : '')));
      list.hidden = !list.children.length;
    } catch (e) {
      // Alerts are extra information: the page works without them, and says so only in the list's place.
      clear(list).appendChild(el('li', { class: 'hint', text: 'Alerts could not be loaded: ' + e.message }));
      list.hidden = false;
    }
  }

  // ---- held runs ---------------------------------------------------------------------------------------------------
  // A run on hold would change more than the integration allows; the operator sees what it would do and decides.
  async function showHold(box, runId) {
    const section = el('div', { class: 'hold' }, el('p', { class: 'hint', text: 'Loading what the held run would do…' }));
    box.appendChild(section);
    try {
      const hold = await api('GET', 'api/runs/' + enc(runId) + '/hold');
      clear(section).appendChild(el('h4', { text: 'On hold since ' + fmtTime(hold.heldAt) }));
      const reasons = el('ul', { class: 'hold-reasons' });
      for (const r of hold.reasons || []) reasons.appendChild(el('li', { text: r }));
      section.appendChild(reasons);
      const table = el('table', { class: 'entity-counts hold-entities' });
      const cols = ['baseline', 'created', 'updated', 'deleted', 'unchanged'];
      table.appendChild(el('thead', {}, el('tr', {}, el('th', { text: 'Entity' }), ...cols.map((k) => el('th', { class: 'num', text: k })),
        el('th', { text: 'Sample of deletes' }))));
      const body = el('tbody');
      for (const [entity, p] of Object.entries(hold.entities || {}).sort()) {
        body.appendChild(el('tr', { dataset: { entity } }, el('td', { text: entity }),
          ...cols.map((k) => el('td', { class: 'num', text: fmtNumber(p[k]) })),
          el('td', { class: 'sample', text: ((p.sample && p.sample.deleted) || []).join(', ') || '—' })));
      }
      table.appendChild(body);
      section.appendChild(el('div', { class: 'table-wrap' }, table));
      if (hold.status !== 'on_hold') {
        section.appendChild(el('p', { class: 'hint', text: 'Decided: the run is ' + hold.status + '.' }));
        return;
      }
      const decide = async (decision) => {
        for (const b of section.querySelectorAll('button')) b.disabled = true;
        try {
          await api('POST', 'api/runs/' + enc(runId) + '/' + decision, {});
          session.say(decision === 'approve' ? 'Approved: the held run applies its changes now.' : 'Rejected: the held run was discarded; nothing changed.', 'ok');
          showRun(runId);
        } catch (e) {
          session.failed(decision + ' the held run', e);
          for (const b of section.querySelectorAll('button')) b.disabled = false;
        }
      };
      const can = session.can('operator');
      section.appendChild(el('div', { class: 'form-actions' },
        el('button', { type: 'button', id: 'hold-approve', text: 'Approve and apply', disabled: !can, onclick: () => decide('approve') }),
        el('button', { type: 'button', id: 'hold-reject', class: 'secondary', text: 'Reject', disabled: !can, onclick: () => decide('reject') })));
    } catch (e) {
      clear(section).appendChild(el('p', { class: 'error-text', text: 'Could not load the hold: ' + e.message }));
    }
  }

  async function syncNow() {
    syncButton.disabled = true;
    session.say('Requesting a sync…', 'busy');
    try {
      const accepted = await api('POST', 'api/integrations/' + enc(id) + '/sync', {});
      state.awaiting = accepted.eventId;
      session.say('Sync requested; waiting for the orchestrator to start it…', 'busy');
    } catch (e) {
      session.failed('request a sync', e);
    } finally {
      syncButton.disabled = !(state.integration ? state.integration.enabled : true) || !session.can('operator');
    }
  }

  function onRun(run) {
    if (run.integrationId !== id) return;
    if (state.awaiting && run.triggerId === state.awaiting) {
      if (run.status === 'on_hold') {
        session.say('The requested sync is on hold: it would change more records than the integration allows; an operator must approve it.', 'error');
      } else if (['queued', 'running'].includes(run.status)) {
        session.say('The requested sync is ' + run.status + '…', 'busy');
      } else {
        session.say('The requested sync ' + run.status + ': ' + fmtNumber(run.counts.fetched) + ' fetched, '
          + fmtNumber(run.counts.created) + ' created, ' + fmtNumber(run.counts.updated) + ' updated, '
          + fmtNumber(run.counts.failed) + ' failed.' + (run.error ? ' ' + run.error : ''), run.status === 'succeeded' ? 'ok' : 'error');
        // The request is answered; a later change of the same run (a replay reopening it) is news of its own.
        state.awaiting = null;
      }
    }
    if (matches(run) || state.runs.has(run.runId)) {
      state.runs.set(run.runId, run);
      renderRuns();
      if (!$('run-detail').hidden && $('run-detail').querySelector('h3')?.textContent === 'Run ' + run.runId) showRun(run.runId);
    }
  }

  // ---- conflicts --------------------------------------------------------------------------------------------------
  async function loadConflicts() {
    const tbody = clear($('conflicts'));
    tbody.appendChild(el('tr', {}, el('td', { colspan: 4, class: 'hint', text: 'Loading conflicts…' })));
    try {
      const list = await api('GET', 'api/integrations/' + enc(id) + '/conflicts?status=open&limit=100');
      if (!state.active) return;
      clear(tbody);
      $('conflict-count').textContent = list.items.length ? String(list.items.length) : '';
      for (const c of list.items) {
        const tr = el('tr', { dataset: { conflictId: c.conflictId }, tabindex: 0 },
          el('td', { 'data-label': 'Detected', text: fmtTime(c.detectedAt) }),
          el('td', { 'data-label': 'Record', text: c.entityType + ' / ' + c.recordId }),
          el('td', { 'data-label': 'Fields', text: c.fields.join(', ') }),
          el('td', { 'data-label': 'Status' }, statusBadge(c.status)));
        tr.addEventListener('click', () => openConflict(c.conflictId));
        tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') openConflict(c.conflictId); });
        tbody.appendChild(tr);
      }
      if (!list.items.length) tbody.appendChild(el('tr', {}, el('td', { colspan: 4, class: 'hint', text: 'No open conflicts.' })));
    } catch (e) {
      clear(tbody).appendChild(el('tr', {}, el('td', { colspan: 4, class: 'error-text', text: 'Could not load conflicts: ' + e.message })));
    }
  }

  async function openConflict(conflictId, notice) {
    const box = clear($('merge-view'));
    box.hidden = false;
    box.appendChild(el('p', { class: 'hint', text: 'Loading the conflict…' }));
    let conflict;
    try {
      conflict = await api('GET', 'api/conflicts/' + enc(conflictId));
    } catch (e) {
      clear(box).appendChild(el('p', { class: 'error-text', text: 'Could not load the conflict: ' + e.message }));
      return;
    }
    renderMerge(conflict, notice);
  }

  function renderMerge(conflict, notice) {
    const box = clear($('merge-view'));
    box.dataset.conflictId = conflict.conflictId;
    box.append(el('div', { class: 'title-row' }, el('h3', { text: conflict.entityType + ' / ' + conflict.recordId }),
      el('button', { type: 'button', class: 'link', text: 'Close', onclick: () => { box.hidden = true; } })));
    if (notice) box.appendChild(el('p', { class: 'error-text', text: notice }));
    box.appendChild(el('p', { class: 'hint', text: 'Both RosterSync and the SIS changed the highlighted fields since the last sync. '
      + 'Choose the value to keep for each; fields only one side changed merge by themselves.' }));
    const editable = conflict.status === 'open' && session.can('operator');
    const table = el('table', { class: 'merge' });
    table.appendChild(el('thead', {}, el('tr', {}, ...['Field', 'Last synced', 'RosterSync (local)', 'SIS (remote)', 'Result'].map((h) => el('th', { text: h })))));
    const body = el('tbody');
    const choices = {};
    // Conflicting fields first, then those one side changed, then the rest: the decision is at the top.
    const rank = (d) => (d.conflicting ? 0 : d.localChanged || d.remoteChanged ? 1 : 2);
    for (const d of [...conflict.diff].sort((x, y) => rank(x) - rank(y) || x.field.localeCompare(y.field))) {
      const tr = el('tr', { dataset: { field: d.field }, class: d.conflicting ? 'conflicting' : (d.localChanged || d.remoteChanged ? 'changed' : 'same') });
      tr.append(el('th', { scope: 'row', text: d.field }), el('td', { text: fmtValue(d.base) }),
        el('td', { class: d.localChanged ? 'side-changed' : '', text: fmtValue(d.local) }),
        el('td', { class: d.remoteChanged ? 'side-changed' : '', text: fmtValue(d.remote) }));
      const result = el('td');
      if (conflict.status !== 'open') {
        const resulting = conflict.resultingRecord || {};
        result.textContent = d.field in resulting ? fmtValue(resulting[d.field]) : '—';
        if (d.conflicting) result.className = 'chosen';
      } else if (d.conflicting) {
        const name = 'choice-' + d.field;
        const radio = (value, label) => el('label', { class: 'choice' },
          el('input', { type: 'radio', name, value, disabled: !editable, onchange: () => { choices[d.field] = value; update(); } }), ' ' + label);
        const edit = el('input', { type: 'text', class: 'edit-value', 'aria-label': 'Edited value of ' + d.field,
          value: typeof d.local === 'string' ? d.local : fmtValue(d.local), disabled: !editable,
          oninput: () => { const r = tr.querySelector('input[value=edit]'); r.checked = true; choices[d.field] = 'edit'; update(); } });
        result.append(radio('local', 'local'), radio('remote', 'remote'), radio('edit', 'edit:'), edit);
      } else {
        result.textContent = d.localChanged ? 'local (only RosterSync changed it)' : d.remoteChanged ? 'remote (only the SIS changed it)' : 'unchanged';
        result.className = 'hint';
      }
      tr.appendChild(result);
      body.appendChild(tr);
    }
    table.appendChild(body);
    box.appendChild(el('div', { class: 'table-wrap' }, table));
    const conflicting = conflict.diff.filter((d) => d.conflicting).map((d) => d.field);
    const mergeButton = el('button', { type: 'button', id: 'resolve-merge', text: 'Resolve with these choices', disabled: true });
    const update = () => { mergeButton.disabled = !editable || conflicting.some((f) => !choices[f]); };
    const submit = async (strategy) => {
      const request = { strategy, basedOn: conflict.version };
      if (strategy === 'merge') {
        request.fields = {};
        for (const f of conflicting) {
          if (choices[f] === 'edit') {
            const raw = body.querySelector(`tr[data-field="${CSS.escape(f)}"] .edit-value`).value;
            request.fields[f] = { value: raw };
          } else {
            request.fields[f] = choices[f];
          }
        }
      }
      for (const b of box.querySelectorAll('button.action')) b.disabled = true;
      session.say('Resolving the conflict…', 'busy');
      try {
        const resolved = await api('POST', 'api/conflicts/' + enc(conflict.conflictId) + '/resolution', request);
        session.say('Resolved ' + resolved.entityType + ' / ' + resolved.recordId + ' (' + resolved.resolution + '); the orchestrator applies it.', 'ok');
        renderMerge(resolved);
        loadConflicts();
        loadHealth();
      } catch (e) {
        if (e instanceof ApiError && e.status === 409 && e.problem && e.problem.current) {
          session.say('');
          renderMerge(e.problem.current, 'This conflict changed since you opened it (' + e.message + '). Review it again.');
        } else {
          session.failed('resolve the conflict', e);
          update();
          for (const b of box.querySelectorAll('button.action:not(#resolve-merge)')) b.disabled = !editable;
        }
      }
    };
    mergeButton.classList.add('action');
    mergeButton.addEventListener('click', () => submit('merge'));
    if (conflict.status === 'open') {
      const actions = el('div', { class: 'form-actions' }, mergeButton,
        el('button', { type: 'button', class: 'secondary action', id: 'resolve-local', text: 'Keep all local', disabled: !editable, onclick: () => submit('keep-local') }),
        el('button', { type: 'button', class: 'secondary action', id: 'resolve-remote', text: 'Keep all remote', disabled: !editable, onclick: () => submit('keep-remote') }));
      if (!session.can('operator')) actions.appendChild(el('span', { class: 'hint', text: 'Resolving needs the operator role.' }));
      box.appendChild(actions);
    } else {
      box.appendChild(el('p', { class: 'resolution' }, statusBadge(conflict.status),
        ' ' + (conflict.resolution || '') + (conflict.resolvedBy ? ' by ' + conflict.resolvedBy : '') + (conflict.resolvedAt ? ', ' + fmtTime(conflict.resolvedAt) : '')));
    }
  }

  // ---- dead letters -----------------------------------------------------------------------------------------------
  async function loadLetters() {
    const tbody = clear($('deadletters'));
    tbody.appendChild(el('tr', {}, el('td', { colspan: 5, class: 'hint', text: 'Loading dead letters…' })));
    try {
      const list = await api('GET', 'api/integrations/' + enc(id) + '/deadletters?limit=100');
      if (!state.active) return;
      clear(tbody);
      const waiting = list.items.filter((l) => ['pending', 'retrying', 'parked'].includes(l.status)).length;
      $('letter-count').textContent = waiting ? String(waiting) : '';
      for (const l of list.items) {
        const tr = el('tr', { dataset: { letterId: l.id, status: l.status }, tabindex: 0 },
          el('td', { 'data-label': 'Received', text: fmtTime(l.receivedAt) }),
          el('td', { 'data-label': 'Topic', text: l.originalTopic }),
          el('td', { 'data-label': 'Status' }, statusBadge(l.status)),
          el('td', { 'data-label': 'Retries', class: 'num', text: l.retryCount }),
          el('td', { 'data-label': 'Error', class: 'wrap', text: l.error || '—' }));
        tr.addEventListener('click', () => openLetter(l.id));
        tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') openLetter(l.id); });
        tbody.appendChild(tr);
      }
      if (!list.items.length) tbody.appendChild(el('tr', {}, el('td', { colspan: 5, class: 'hint', text: 'No dead letters.' })));
    } catch (e) {
      clear(tbody).appendChild(el('tr', {}, el('td', { colspan: 5, class: 'error-text', text: 'Could not load dead letters: ' + e.message })));
    }
  }

  function payloadText(base64) {
    if (!base64) return '(no payload stored)';
    try {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      try {
        return JSON.stringify(JSON.parse(text), null, 2);
      } catch (e) {
        return text;
      }
    } catch (e) {
      return '(binary, ' + atob(base64).length + ' bytes) ' + base64;
    }
  }

  async function openLetter(letterId) {
    const box = clear($('letter-view'));
    box.hidden = false;
    box.appendChild(el('p', { class: 'hint', text: 'Loading the dead letter…' }));
    let letter;
    try {
      letter = await api('GET', 'api/deadletters/' + enc(letterId));
    } catch (e) {
      clear(box).appendChild(el('p', { class: 'error-text', text: 'Could not load the dead letter: ' + e.message }));
      return;
    }
    renderLetter(letter);
  }

  function renderLetter(letter) {
    const box = clear($('letter-view'));
    box.dataset.letterId = letter.id;
    const canRetry = session.can('operator') && RETRYABLE.includes(letter.status);
    const retry = el('button', { type: 'button', id: 'letter-retry', text: 'Retry', disabled: !canRetry,
      title: session.can('operator') ? (canRetry ? 'Republish to ' + letter.originalTopic : 'A ' + letter.status + ' letter cannot be retried') : 'Needs the operator role' });
    retry.addEventListener('click', async () => {
      retry.disabled = true;
      session.say('Republishing the message to ' + letter.originalTopic + '…', 'busy');
      try {
        const after = await api('POST', 'api/deadletters/' + enc(letter.id) + '/retry');
        session.say('Republished to ' + after.originalTopic + ' (retry ' + after.retryCount + '); it is now ' + after.status + '.', 'ok');
        renderLetter(after);
        loadLetters();
        loadHealth();
      } catch (e) {
        session.failed('retry the dead letter', e);
        retry.disabled = !canRetry;
      }
    });
    box.append(el('div', { class: 'title-row' }, el('h3', { text: letter.id }),
      el('button', { type: 'button', class: 'link', text: 'Close', onclick: () => { box.hidden = true; } })));
    box.append(el('p', {}, statusBadge(letter.status), ` from ${letter.originalTopic}, partition ${letter.originalPartition}, offset ${letter.originalOffset}; `
      + `${letter.attempts} deliveries before it was dead-lettered, ${letter.retryCount} retries since`
      + (letter.nextRetryAt ? '; next automatic retry ' + fmtTime(letter.nextRetryAt) : '')));
    if (letter.correlationId) box.appendChild(correlationLine(letter.correlationId));
    if (letter.error) box.appendChild(el('p', { class: 'error-text', text: (letter.exceptionClass ? letter.exceptionClass + ': ' : '') + letter.error }));
    box.appendChild(el('div', { class: 'form-actions' }, retry));
    box.appendChild(el('h4', { text: 'Payload' + (letter.eventType ? ' (' + letter.eventType + ')' : '') }));
    box.appendChild(el('pre', { id: 'letter-payload', class: 'payload', text: payloadText(letter.payloadBase64) }));
    const headers = el('table', { class: 'headers' });
    for (const [k, v] of Object.entries(letter.headers || {}).sort()) {
      headers.appendChild(el('tr', {}, el('th', { scope: 'row', text: k }), el('td', { class: 'wrap', text: v })));
    }
    box.append(el('details', {}, el('summary', { text: 'Headers' }), el('div', { class: 'table-wrap' }, headers)));
  }

  // ---- tabs and wiring --------------------------------------------------------------------------------------------
  // ---- record trail ------------------------------------------------------------------------------------------------
  // Which runs (and behind them which webhooks) changed one record, and how, field by field.
  async function showTrail(entityType, recordId) {
    const box = clear($('trail-view'));
    box.hidden = false;
    box.appendChild(el('p', { class: 'hint', text: 'Loading the trail of ' + entityType + ' / ' + recordId + '…' }));
    try {
      const t = await api('GET', 'api/integrations/' + enc(id) + '/records/' + enc(entityType) + '/' + enc(recordId) + '/trail');
      if (!state.active) return;
      clear(box).appendChild(el('h3', { text: t.entityType + ' / ' + t.recordId }));
      const runText = (run) => !run ? '' : [run.runType, run.mode, run.status].filter(Boolean).join(' · ');
      box.appendChild(el('p', { class: 'trail-summary', text: (t.exists ? 'Held by RosterSync' : 'No longer held')
        + (t.status ? ', status ' + t.status : '') + (t.created ? '; created by run ' + t.created.runId + ' (' + runText(t.created.run) + ')' : '')
        + '; ' + t.localEdits.length + ' local edit(s), ' + t.conflicts.length + ' conflict(s), ' + t.deadLetters.length + ' dead letter(s).' }));
      const table = el('table', { class: 'stack trail-changes' });
      table.appendChild(el('thead', {}, el('tr', {}, el('th', { text: 'When' }), el('th', { text: 'Run' }),
        el('th', { text: 'Webhooks' }), el('th', { text: 'Change' }), el('th', { text: 'Fields (before → after)' }))));
      const body = el('tbody');
      for (const c of t.changes) {
        const fields = el('ul', { class: 'field-changes' });
        for (const [name, diff] of Object.entries(c.fields || {})) {
          fields.appendChild(el('li', { dataset: { field: name } }, el('strong', { text: name }), ': ',
            el('span', { class: 'before', text: fmtValue(diff.before) }), ' → ', el('span', { class: 'after', text: fmtValue(diff.after) })));
        }
        const webhooks = (c.run && c.run.webhookIds) || [];
        body.appendChild(el('tr', { dataset: { runId: c.runId } },
          el('td', { 'data-label': 'When', text: fmtTime(c.at) }),
          el('td', { 'data-label': 'Run', class: 'trail-run' }, el('code', { text: c.runId }), el('br'), el('span', { class: 'hint', text: runText(c.run) })),
          el('td', { 'data-label': 'Webhooks', class: 'trail-webhooks', text: webhooks.length ? webhooks.slice(0, 3).join(', ')
            + (webhooks.length > 3 ? ' and ' + (webhooks.length - 3) + ' more' : '') : '—' }),
          el('td', { 'data-label': 'Change', text: c.change }),
          el('td', { 'data-label': 'Fields' }, fields)));
      }
      if (!t.changes.length) body.appendChild(el('tr', {}, el('td', { colspan: 5, class: 'hint', text: 'No changes since it was created.' })));
      table.appendChild(body);
      box.appendChild(el('div', { class: 'table-wrap' }, table));
    } catch (e) {
      if (!state.active) return;
      clear(box).appendChild(el('p', { class: 'error-text', text: e instanceof ApiError && e.status === 404
        ? 'RosterSync never held ' + entityType + ' / ' + recordId + '.' : 'Could not load the trail: ' + e.message }));
    }
  }

  function selectTab(tab) {
    state.tab = tab;
    for (const b of document.querySelectorAll('.tabs [data-tab]')) b.setAttribute('aria-selected', String(b.dataset.tab === tab));
    for (const t of ['runs', 'conflicts', 'deadletters', 'trail']) $('tab-' + t).hidden = t !== tab;
    if (tab === 'conflicts') loadConflicts();
    if (tab === 'deadletters') loadLetters();
  }

  listen(syncButton, 'click', syncNow);
  listen($('runs-more'), 'click', () => loadRuns(true));
  listen($('run-filter'), 'change', () => loadRuns(false));
  for (const b of document.querySelectorAll('.tabs [data-tab]')) listen(b, 'click', () => selectTab(b.dataset.tab));
  listen(pauseButton, 'click', togglePause);
  $('trail-view').hidden = true;
  listen($('trail-form'), 'submit', (e) => {
    e.preventDefault();
    const f = new FormData($('trail-form'));
    showTrail(f.get('entityType'), String(f.get('recordId')).trim());
  });
  offs.push(onStreamEvent((e) => {
    if (e.type === 'run') onRun(e.data);
    else if (e.type === 'health' && e.data.integrationId === id) loadHealth();
    else if (e.type === 'ready' && e.reconnected) { loadHealth(); loadRuns(false); }
  }));

  session.say('');
  loadHealth();
  loadRuns(false);
  selectTab(initialTab);
  return () => {
    state.active = false;
    offs.forEach((off) => off());
  };
}
