// A hand-drawn SVG chart: runs per day as stacked bars (succeeded, partial, failed, cancelled, skipped) and the error rate
// as a line on its own 0-100 % scale. No library, so nothing is fetched from a CDN.
const NS = 'http://www.w3.org/2000/svg';
const SERIES = [
  ['succeeded', 'var(--ok)'], ['partial', 'var(--warn)'], ['failed', 'var(--bad)'], ['cancelled', 'var(--off)'],
  ['skipped', 'var(--skip)'],
];

function svg(tag, attrs, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export function drawRunsChart(container, days) {
  while (container.firstChild) container.removeChild(container.firstChild);
  // Text is sized in viewBox units: a narrower box on a phone keeps the labels readable.
  const W = container.clientWidth && container.clientWidth < 600 ? 380 : 1000;
  const H = W < 600 ? 200 : 210, left = 34, right = 40, top = 10, bottom = 22;
  const plotW = W - left - right, plotH = H - top - bottom;
  const max = Math.max(1, ...days.map((d) => d.runs));
  const niceMax = Math.ceil(max / 4) * 4 || 4;
  const step = plotW / days.length;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'runs-chart',
    'aria-label': `Runs per day and error rate over the last ${days.length} days` });
  root.appendChild(svg('title', {}, 'Runs per day (bars) and error rate (line)'));
  for (let i = 0; i <= 4; i++) {
    const y = top + plotH - (plotH * i) / 4;
    root.appendChild(svg('line', { x1: left, x2: W - right, y1: y, y2: y, class: 'grid' }));
    root.appendChild(svg('text', { x: left - 6, y: y + 4, class: 'axis', 'text-anchor': 'end' }, String((niceMax * i) / 4)));
    root.appendChild(svg('text', { x: W - right + 6, y: y + 4, class: 'axis' }, (25 * i) + '%'));
  }
  const points = [];
  days.forEach((d, i) => {
    const x = left + i * step + step * 0.15;
    const w = step * 0.7;
    let y = top + plotH;
    for (const [key, colour] of SERIES) {
      const h = (plotH * d[key]) / niceMax;
      if (h > 0) {
        y -= h;
        const bar = svg('rect', { x, y, width: w, height: h, fill: colour });
        bar.appendChild(svg('title', {}, `${d.day}: ${d[key]} ${key}`));
        root.appendChild(bar);
      }
    }
    const every = Math.ceil(days.length / 7);
    if (i % every === (days.length - 1) % every) {
      root.appendChild(svg('text', { x: x + w / 2, y: H - 6, class: 'axis', 'text-anchor': 'middle' }, d.day.slice(5)));
    }
    if (d.errorRate !== null && d.errorRate !== undefined) {
      points.push([x + w / 2, top + plotH - plotH * d.errorRate]);
    }
  });
  if (points.length) {
    root.appendChild(svg('polyline', { points: points.map((p) => p.join(',')).join(' '), class: 'error-line' }));
    for (const [x, y] of points) root.appendChild(svg('circle', { cx: x, cy: y, r: 3, class: 'error-dot' }));
  }
  container.appendChild(root);
  // The legend is HTML so it wraps on a narrow screen.
  const legend = document.createElement('ul');
  legend.className = 'legend';
  for (const [key, colour] of [...SERIES, ['error rate', 'var(--ink)']]) {
    const item = document.createElement('li');
    const swatch = document.createElementNS(NS, 'svg');
    swatch.setAttribute('viewBox', '0 0 10 10');
    swatch.setAttribute('class', 'swatch');
    swatch.appendChild(svg('rect', key === 'error rate' ? { x: 0, y: 4, width: 10, height: 2, fill: colour } : { x: 0, y: 0, width: 10, height: 10, fill: colour }));
    item.append(swatch, document.createTextNode(key));
    legend.appendChild(item);
  }
  container.appendChild(legend);
}

// A 14-point sparkline of runs per day, failed days marked.
export function sparkline(days) {
  const W = 84, H = 22;
  const max = Math.max(1, ...days.map((d) => d.runs));
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'spark', role: 'img',
    'aria-label': days.map((d) => d.runs).join(', ') + ' runs per day' });
  const step = W / days.length;
  days.forEach((d, i) => {
    const h = Math.max(d.runs ? 2 : 0, (H * d.runs) / max);
    root.appendChild(svg('rect', { x: i * step + 1, y: H - h, width: step - 2, height: h,
      fill: d.failed ? 'var(--bad)' : d.partial ? 'var(--warn)' : 'var(--ok)' }));
  });
  return root;
}
