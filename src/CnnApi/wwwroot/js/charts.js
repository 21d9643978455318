// Hand-drawn charts: ten probability bars (HTML) and per-epoch line charts (SVG).
import { el } from './ui.js';

/** Ten rows, digit · bar · percentage; the most probable digit stands out. */
export function probabilityBars(container, probabilities) {
  const top = probabilities.indexOf(Math.max(...probabilities));
  container.setAttribute('role', 'list');
  container.setAttribute('aria-label', 'Probability of each digit');
  container.replaceChildren(...probabilities.map((p, digit) => {
    const fill = el('div', { className: 'bar-fill' });
    const row = el('div', { className: digit === top ? 'bar-row best' : 'bar-row', role: 'listitem', 'data-digit': digit },
      el('span', {}, String(digit)),
      el('div', { className: 'bar-track', 'aria-hidden': 'true' }, fill),
      el('span', { className: 'bar-value' }, `${(p * 100).toFixed(1)} %`));
    requestAnimationFrame(() => { fill.style.width = `${Math.max(0, Math.min(1, p)) * 100}%`; });
    return row;
  }));
  container.hidden = false;
}

const svgNs = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The smallest lo + 4·step above max, step being 1, 2, 2.5 or 5 times a power of ten: round grid labels. */
function niceTop(lo, max) {
  const raw = Math.max((max - lo) / 4, 1e-9);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map(m => m * power).find(s => s >= raw);
  return lo + 4 * step;
}

const W = 300, H = 200, M = { left: 40, right: 10, top: 26, bottom: 24 };

/**
 * A line chart over epochs 1..epochs. series: [{key, label, values: [{epoch, value}]}], the key naming
 * the CSS colour class. Every point gets a marker, so one epoch is still visible. `ticks` grid lines above yMin.
 */
export function lineChart(target, { epochs, series, yMin, yMax, format, ticks = 4 }) {
  const all = series.flatMap(s => s.values.map(v => v.value)).filter(Number.isFinite);
  const lo = yMin ?? (all.length ? Math.min(...all) : 0);
  let hi = yMax ?? niceTop(lo, all.length ? Math.max(...all) : 1);
  if (!(hi > lo)) hi = lo + 1;
  const x = epoch => (epochs <= 1 ? (M.left + W - M.right) / 2 : M.left + (epoch - 1) / (epochs - 1) * (W - M.left - M.right));
  const y = value => H - M.bottom - (value - lo) / (hi - lo) * (H - M.top - M.bottom);

  target.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const nodes = [];
  for (let i = 0; i <= ticks; i++) {
    const value = lo + (hi - lo) * i / ticks;
    nodes.push(svg('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: y(value), y2: y(value) }));
    nodes.push(svg('text', { x: M.left - 4, y: y(value) + 4, 'text-anchor': 'end' }, format(value)));
  }
  const step = Math.max(1, Math.ceil(epochs / 8));
  for (let e = 1; e <= epochs; e += step) nodes.push(svg('text', { x: x(e), y: H - 6, 'text-anchor': 'middle' }, String(e)));

  let legendX = M.left;
  let points = 0;
  for (const s of series) {
    const values = s.values.filter(v => Number.isFinite(v.value));
    const legend = svg('g', { class: 'legend' });
    legend.append(svg('rect', { class: `s-${s.key}`, x: legendX, y: 6, width: 10, height: 10 }),
      svg('text', { x: legendX + 14, y: 15 }, s.label));
    nodes.push(legend);
    legendX += 20 + s.label.length * 6;
    if (!values.length) continue;
    const d = values.map((v, i) => `${i ? 'L' : 'M'}${x(v.epoch).toFixed(1)},${y(v.value).toFixed(1)}`).join(' ');
    nodes.push(svg('path', { class: `series s-${s.key}`, d, 'data-series': s.key }));
    for (const v of values) {
      const dot = svg('circle', { class: `s-${s.key}`, cx: x(v.epoch), cy: y(v.value), r: 3.5, 'data-series': s.key });
      dot.append(svg('title', {}, `${s.label}, epoch ${v.epoch}: ${format(v.value)}`));
      nodes.push(dot);
      points++;
    }
  }
  target.replaceChildren(...nodes);
  target.dataset.points = String(points);
}
