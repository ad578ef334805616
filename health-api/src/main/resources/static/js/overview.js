// The overview: every integration with its health figures (sortable), the fleet's runs and error rate per day, and
// consumer lag. Reloads when the stream says an aggregate changed.
import { api } from './api.js';
import { $, el, clear, fmtAgo, fmtDuration, fmtRate, fmtNumber, statusBadge } from './dom.js';
import { drawRunsChart, sparkline } from './chart.js';
import { onStreamEvent } from './stream.js';

const SEVERITY = { failing: 0, degraded: 1, unknown: 2, healthy: 3, disabled: 4 };
const sort = { key: 'status', ascending: true };
let last = null;

function value(row, key) {
  switch (key) {
    case 'status': return SEVERITY[row.status];
    case 'name': return (row.name || row.integrationId).toLowerCase();
    case 'lastRun': return row.lastRun ? row.lastRun.at : '';
    default: return row[key] === null || row[key] === undefined ? -1 : row[key];
  }
}

function sorted(rows) {
  const dir = sort.ascending ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a, sort.key), y = value(b, sort.key);
    if (x < y) return -dir;
    if (x > y) return dir;
    return (a.name || a.integrationId).localeCompare(b.name || b.integrationId);
  });
}

function cell(label, content, cls) {
  const td = el('td', { 'data-label': label, class: cls });
  if (content instanceof Node) td.appendChild(content); else td.textContent = content;
  return td;
}

function renderRows() {
  const tbody = clear($('overview-rows'));
  for (const row of sorted(last.integrations)) {
    const link = el('a', { href: '#/integrations/' + encodeURIComponent(row.integrationId) },
      el('strong', { text: row.name || row.integrationId }), el('br'),
      el('span', { class: 'hint', text: row.integrationId + ' · ' + (row.connector === 'edfi' ? 'Ed-Fi' : 'OneRoster') }));
    const status = el('span', {}, statusBadge(row.status), el('br'), el('span', { class: 'hint reason', text: row.statusReason }));
    const running = row.activeRuns.length ? el('span', { class: 'status running', text: row.activeRuns[0].status.replace('_', ' ') + ' now' }) : null;
    const lastRun = row.lastRun
      ? el('span', {}, statusBadge(row.lastRun.status), ' ', row.lastRun.runType, ' · ', fmtAgo(row.lastRun.at), running ? el('br') : null, running)
      : (running || document.createTextNode('no runs yet'));
    const tr = el('tr', { class: 'row-' + row.status, dataset: { integration: row.integrationId } });
    tr.append(
      cell('Status', status), cell('Integration', link), cell('Last run', lastRun), cell('Last success', fmtAgo(row.lastSuccessAt)),
      cell('Newest change', fmtAgo(row.newestChangeAt)),
      cell('Runs 24 h', fmtNumber(row.runs24h), 'num'), cell('Errors 24 h', fmtRate(row.errorRate24h), 'num'),
      cell('Errors 7 d', fmtRate(row.errorRate7d), 'num'), cell('p50', fmtDuration(row.durationP50Millis), 'num'),
      cell('p95', fmtDuration(row.durationP95Millis), 'num'), cell('Records/s', fmtNumber(row.recordsPerSecond, 1), 'num'),
      cell('Conflicts', fmtNumber(row.openConflicts), 'num' + (row.openConflicts ? ' attention' : '')),
      cell('Dead letters', fmtNumber(row.waitingDeadLetters), 'num' + (row.waitingDeadLetters ? ' attention' : '')),
      cell('14 days', sparkline(row.runsPerDay)));
    tbody.appendChild(tr);
  }
  for (const th of document.querySelectorAll('#overview-table th[data-sort]')) {
    th.setAttribute('aria-sort', th.dataset.sort === sort.key ? (sort.ascending ? 'ascending' : 'descending') : 'none');
  }
}

function render(data, session) {
  last = data;
  const t = data.totals;
  const totals = clear($('totals'));
  const card = (label, val, cls) => el('li', { class: cls }, el('span', { class: 'figure', text: val }), el('span', { text: label }));
  totals.append(
    card('integrations', fmtNumber(t.integrations)),
    ...['failing', 'degraded', 'healthy'].map((s) => card(s, fmtNumber(t.byStatus[s] || 0), 'total-' + s)),
    card('runs in 24 h', fmtNumber(t.runs24h)), card('error rate 24 h', fmtRate(t.errorRate24h)),
    card('open conflicts', fmtNumber(t.openConflicts), t.openConflicts ? 'attention' : ''),
    card('dead letters waiting', fmtNumber(t.waitingDeadLetters), t.waitingDeadLetters ? 'attention' : ''));
  drawRunsChart($('fleet-chart'), data.runsPerDay);
  renderRows();
  const lag = clear($('lag-rows'));
  for (const g of data.consumerLag.groups) {
    lag.appendChild(el('tr', {}, el('td', { text: g.group }), el('td', { class: 'num' + (g.lag > 1000 ? ' attention' : ''), text: fmtNumber(g.lag) }),
      el('td', { class: 'num', text: g.partitions })));
  }
  $('lag-note').textContent = data.consumerLag.error
    ? 'Latest measurement failed: ' + data.consumerLag.error
    : data.consumerLag.measuredAt ? 'Measured ' + fmtAgo(data.consumerLag.measuredAt) : 'Not measured yet.';
  $('overview-updated').textContent = 'Updated ' + new Date(data.generatedAt).toLocaleTimeString();
  session.say(data.integrations.length ? '' : 'No integrations yet. Add one in the Integration Hub.');
}

export function showOverview(session) {
  let active = true;
  let pending = null;
  const load = async (quiet) => {
    if (!quiet) session.say('Loading the overview…', 'busy');
    try {
      const data = await api('GET', 'api/overview');
      if (active) render(data, session);
    } catch (e) {
      if (active) session.failed('load the overview', e, () => load(false));
    }
  };
  const reloadSoon = () => {
    if (pending) return;
    pending = setTimeout(() => { pending = null; if (active) load(true); }, 400);
  };
  const off = onStreamEvent((e) => {
    if (e.type === 'health' || (e.type === 'run' && ['queued', 'running', 'on_hold'].includes(e.data.status)) || (e.type === 'ready' && e.reconnected)) {
      reloadSoon();
    }
  });
  const onSort = (e) => {
    const th = e.target.closest('th[data-sort]');
    if (!th || !last) return;
    sort.ascending = sort.key === th.dataset.sort ? !sort.ascending : true;
    sort.key = th.dataset.sort;
    renderRows();
  };
  const head = document.querySelector('#overview-table thead');
  head.addEventListener('click', onSort);
  if (last) render(last, session);
  load(Boolean(last));
  // Relative times ("2 min ago") and the lag age stay honest without events.
  const timer = setInterval(() => load(true), 30000);
  return () => {
    active = false;
    off();
    clearInterval(timer);
    if (pending) clearTimeout(pending);
    head.removeEventListener('click', onSort);
  };
}
