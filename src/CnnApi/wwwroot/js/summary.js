// The Summary view: one architecture's summary as a table built from whatever columns the API returns,
// the totals, and Keras's own text.
import { call } from './api.js';
import { createEditor } from './editor.js';
import { el, fmt, bytes, shape } from './ui.js';

// Known columns first, in this order and with these labels; any other field the API adds follows.
const known = {
  name: 'Layer', type: 'Type', inputShape: 'Input shape', outputShape: 'Output shape', connectedTo: 'Connected to',
  params: 'Params', trainableParams: 'Trainable', nonTrainableParams: 'Non-trainable', macs: 'MACs',
  receptiveField: 'Receptive field', borderPixelsLost: 'Border pixels lost', paramBytes: 'Weight bytes',
  activationBytes: 'Activation bytes',
};
const byteColumns = new Set(['paramBytes', 'activationBytes']);

const label = key => known[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, c => c.toUpperCase());
const side = pair => (pair.length === 2 && pair[0] === pair[1] ? String(pair[0]) : pair.join('×'));

/** A cell's text for any JSON value: shapes as Keras prints them, counts with separators. */
export function cellText(key, value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return byteColumns.has(key) ? bytes(value) : fmt(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    if (value.every(v => v === null || typeof v === 'number')) return shape(value);
    if (value.every(Array.isArray)) return value.map(v => cellText(key, v)).join(', ');
    return value.map(v => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))).join(', ');
  }
  if (typeof value === 'object') {
    if (Array.isArray(value.size) && Array.isArray(value.jump)) return `${side(value.size)} (jump ${side(value.jump)})`;
    return JSON.stringify(value);
  }
  return String(value);
}

export function summaryColumns(layers) {
  const keys = [];
  for (const layer of layers) for (const key of Object.keys(layer)) if (!keys.includes(key)) keys.push(key);
  const order = Object.keys(known);
  const rank = key => (order.includes(key) ? order.indexOf(key) : order.length);
  return keys.sort((a, b) => rank(a) - rank(b))
    .map(key => ({ key, numeric: layers.every(l => l[key] === null || l[key] === undefined || typeof l[key] === 'number') }));
}

function totals(summary) {
  const cards = [
    ['Total params', fmt(summary.totalParams)], ['Trainable', fmt(summary.trainableParams)],
    ['Non-trainable', fmt(summary.nonTrainableParams)], ['MACs per image', fmt(summary.totalMacs)],
    ['Weights', bytes(summary.paramBytes)], ['Activations per image', bytes(summary.activationBytes)],
  ].filter(([, value]) => value !== '—');
  return el('div', { className: 'totals' }, cards.map(([name, value]) =>
    el('div', { className: 'total' }, el('span', { className: 'label' }, name), el('span', { className: 'value' }, value))));
}

export function summaryTable(summary) {
  const columns = summaryColumns(summary.layers);
  return el('div', { className: 'table-wrap' }, el('table', { className: 'summary-table' },
    el('caption', { className: 'visually-hidden' }, `Layers of ${summary.name}`),
    el('thead', {}, el('tr', {}, columns.map(c => el('th', { scope: 'col', className: c.numeric ? 'num' : '' }, label(c.key))))),
    el('tbody', {}, summary.layers.map(layer => el('tr', {}, columns.map(c =>
      el('td', { className: c.numeric ? 'num' : '', 'data-column': c.key }, cellText(c.key, layer[c.key]))))))));
}

export async function initSummary(presets) {
  const editor = createEditor(document.getElementById('summary-editor'), { presets, initial: presets[0]?.name ?? '' });
  const button = document.getElementById('summarize');
  const result = document.getElementById('summary-result');

  async function summarize() {
    button.disabled = true;
    editor.clearErrors();
    const body = editor.text();
    try {
      // JSON for the table, text/plain for Keras's own table; the text sent as typed, so the API words any error.
      const [summary, text] = await Promise.all([
        call('api/v1/architectures/summary', { method: 'POST', json: body }),
        call('api/v1/architectures/summary', { method: 'POST', json: body, accept: 'text/plain' }),
      ]);
      result.replaceChildren(
        el('h2', {}, summary.name), totals(summary), summaryTable(summary),
        el('details', { open: true }, el('summary', {}, "Keras's model.summary()"), el('pre', { className: 'keras' }, text)));
    } catch (error) {
      result.replaceChildren();
      editor.showErrors(error);
    } finally {
      button.disabled = false;
    }
  }
  button.addEventListener('click', summarize);
  return { summarize };
}
