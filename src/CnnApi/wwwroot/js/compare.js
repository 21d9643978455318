// The Compare view: two architectures side by side, layer by layer, with the differences highlighted.
import { ApiError, call } from './api.js';
import { createEditor } from './editor.js';
import { el, fmt, signed, bytes, shape, showProblem, hideProblem } from './ui.js';

const $ = id => document.getElementById(id);

/** One side of the request: the preset's name while untouched, else the parsed document. */
function sideOf(editor, name) {
  const preset = editor.presetName();
  if (preset) return preset;
  try {
    return JSON.parse(editor.text());
  } catch (error) {
    throw new ApiError(0, { title: `Side ${name.toUpperCase()} is not JSON`, detail: error.message });
  }
}

function relative(delta, base) {
  return base ? ` (${delta >= 0 ? '+' : '−'}${Math.abs(delta / base * 100).toFixed(1)} %)` : '';
}

function headline(result) {
  const a = result.a.totalParams, b = result.b.totalParams;
  return el('div', { className: 'vs', 'data-compare': 'params' },
    el('div', { className: 'side' }, el('span', {}, `A: ${result.a.name}`), el('span', { className: 'big', 'data-side': 'a' }, fmt(a)), 'parameters'),
    el('div', { className: 'delta' }, 'vs', el('br'), `${signed(b - a)}${relative(b - a, a)}`),
    el('div', { className: 'side' }, el('span', {}, `B: ${result.b.name}`), el('span', { className: 'big', 'data-side': 'b' }, fmt(b)), 'parameters'));
}

function totals(result) {
  const rows = [
    ['Trainable params', 'trainableParams', fmt], ['Non-trainable params', 'nonTrainableParams', fmt],
    ['MACs per image', 'totalMacs', fmt], ['Weights', 'paramBytes', bytes], ['Activations per image', 'activationBytes', bytes],
  ];
  return el('div', { className: 'totals' }, rows.map(([name, key, format]) => {
    const delta = result.totals?.[key] ?? result.b[key] - result.a[key];
    return el('div', { className: delta ? 'total changed' : 'total' },
      el('span', { className: 'label' }, name),
      el('span', { className: 'value' }, `${format(result.a[key])} → ${format(result.b[key])}`),
      el('span', { className: 'label' }, delta ? `${delta > 0 ? '+' : '−'}${format(Math.abs(delta))}` : 'same'));
  }));
}

function layerTable(result) {
  const cell = (text, changed, numeric) => el('td', { className: [changed ? 'changed' : '', numeric ? 'num' : ''].join(' ').trim() }, text);
  const rows = result.layers.map(d => {
    const typeChanged = d.typeA !== d.typeB;
    const paramsChanged = d.paramsA !== d.paramsB;
    const differs = typeChanged || !d.sameOutputShape || paramsChanged || d.macsDelta !== 0;
    return el('tr', { className: differs ? 'diff' : '', 'data-index': d.index },
      el('td', { className: 'num' }, String(d.index)),
      cell(d.inA ? `${d.nameA} (${d.typeA})` : '—', typeChanged),
      cell(d.outputShapeA ? shape(d.outputShapeA) : '—', !d.sameOutputShape),
      cell(fmt(d.paramsA), paramsChanged, true),
      cell(d.inB ? `${d.nameB} (${d.typeB})` : '—', typeChanged),
      cell(d.outputShapeB ? shape(d.outputShapeB) : '—', !d.sameOutputShape),
      cell(fmt(d.paramsB), paramsChanged, true),
      cell(d.paramsDelta ? signed(d.paramsDelta) : '0', d.paramsDelta !== 0, true),
      cell(d.macsDelta ? signed(d.macsDelta) : '0', d.macsDelta !== 0, true));
  });
  const headers = ['#', 'A layer', 'A output', 'A params', 'B layer', 'B output', 'B params', 'Δ params', 'Δ MACs'];
  return el('div', { className: 'table-wrap' }, el('table', { className: 'compare-table' },
    el('caption', { className: 'visually-hidden' }, 'Layers of A and B side by side; highlighted rows differ'),
    el('thead', {}, el('tr', {}, headers.map((h, i) => el('th', { scope: 'col', className: [0, 3, 6, 7, 8].includes(i) ? 'num' : '' }, h)))),
    el('tbody', {}, rows),
    el('tfoot', {}, el('tr', {}, el('td', {}, ''), el('td', { colSpan: 2 }, 'Total'), el('td', { className: 'num' }, fmt(result.a.totalParams)),
      el('td', { colSpan: 2 }, ''), el('td', { className: 'num' }, fmt(result.b.totalParams)),
      el('td', { className: 'num' }, signed(result.b.totalParams - result.a.totalParams)),
      el('td', { className: 'num' }, signed(result.b.totalMacs - result.a.totalMacs))))));
}

export function initCompare(presets) {
  const has = name => presets.some(p => p.name === name);
  const a = createEditor($('compare-editor-a'), { title: 'A', presets, initial: has('seed-valid') ? 'seed-valid' : presets[0]?.name });
  const b = createEditor($('compare-editor-b'), { title: 'B', presets, initial: has('seed-same') ? 'seed-same' : presets[1]?.name });
  const result = $('compare-result');
  const problem = el('div', { className: 'problem', role: 'alert', hidden: true });
  result.before(problem);

  async function compare() {
    a.clearErrors();
    b.clearErrors();
    hideProblem(problem);
    result.replaceChildren(el('p', { className: 'note' }, 'Comparing…'));
    try {
      const comparison = await call('api/v1/architectures/compare', { method: 'POST', json: { a: sideOf(a, 'a'), b: sideOf(b, 'b') } });
      result.replaceChildren(headline(comparison), totals(comparison), layerTable(comparison));
    } catch (error) {
      result.replaceChildren();
      const placed = new Set([...a.showLayerErrors(error, 'a'), ...b.showLayerErrors(error, 'b')]);
      showProblem(problem, error, { skip: path => placed.has(path), elsewhere: 'beside their layers' });
    }
  }

  $('compare').addEventListener('click', compare);
  $('compare-seeds').addEventListener('click', () => {
    a.setPreset('seed-valid');
    b.setPreset('seed-same');
    compare();
  });
}
