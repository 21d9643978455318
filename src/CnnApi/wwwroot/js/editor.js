// An architecture editor: a preset picker over a JSON text area, and the API's errors shown by their layer.
import { errorEntries } from './api.js';
import { el, showProblem, hideProblem } from './ui.js';

const CUSTOM = '';
let editors = 0;

/** The layers array of a spec ({layers}) or a Keras document ({config: {layers}} or Keras 2's {config: [...]}). */
function documentLayers(text) {
  let doc;
  try { doc = JSON.parse(text); } catch { return null; }
  if (Array.isArray(doc?.layers)) return { layers: doc.layers, keras: false };
  if (Array.isArray(doc?.config)) return { layers: doc.config, keras: true };
  if (Array.isArray(doc?.config?.layers)) return { layers: doc.config.layers, keras: true };
  return null;
}

/**
 * The index in the document of the layer a JSON path points into, or -1: layers[2].kernelSize and
 * config.layers[3].config.units point at that entry; in a Keras document a summary error may say layers[i],
 * the i-th layer after the InputLayer entries.
 */
export function layerIndex(path, source = { layers: [], keras: false }) {
  const written = /^(?:config\.layers|config)\[(\d+)\]/.exec(path) ?? (!source.keras && /^layers\[(\d+)\]/.exec(path));
  if (written) return Number(written[1]);
  const resolved = /^layers\[(\d+)\]/.exec(path);
  if (!resolved) return -1;
  const real = source.layers.map((layer, i) => [layer, i]).filter(([layer]) => layer?.class_name !== 'InputLayer');
  return real[Number(resolved[1])]?.[1] ?? -1;
}

function describe(layer) {
  if (!layer || typeof layer !== 'object') return JSON.stringify(layer);
  const type = layer.type ?? layer.class_name ?? '(no type)';
  const fields = layer.config && typeof layer.config === 'object' ? layer.config : layer;
  const details = Object.entries(fields)
    .filter(([k, v]) => !['type', 'class_name', 'module', 'registered_name', 'dtype'].includes(k) && (typeof v !== 'object' || Array.isArray(v)))
    .slice(0, 5).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('×') : v}`);
  return `${type}${details.length ? ' — ' + details.join(', ') : ''}`;
}

/** `collapsed` tucks the JSON into a <details> (the training form); `label` names the preset picker. */
export function createEditor(container, { title, presets, initial, collapsed = false, label = 'Preset' }) {
  const n = ++editors;
  const select = el('select', { id: `preset-${n}` },
    presets.map(p => el('option', { value: p.name }, p.name)), el('option', { value: CUSTOM }, 'Custom (edit the JSON)'));
  const text = el('textarea', { id: `spec-${n}`, rows: 12, spellcheck: false, 'aria-describedby': `preset-desc-${n}` });
  const description = el('p', { id: `preset-desc-${n}`, className: 'note' });
  const problem = el('div', { className: 'problem', role: 'alert', hidden: true });
  const layerList = el('ol', { className: 'layer-list', start: 0, hidden: true, 'aria-label': 'Layers of this document' });
  const presetText = name => JSON.stringify(presets.find(p => p.name === name)?.spec ?? {}, null, 2);

  const textLabel = el('label', { htmlFor: text.id }, 'Spec or Keras model.to_json()');
  const json = collapsed ? [el('details', {}, el('summary', {}, 'Edit the JSON'), textLabel, text)] : [textLabel, text];
  container.replaceChildren(...[
    title ? el('h2', {}, title) : null,
    el('label', { htmlFor: select.id }, label), select, description, ...json, problem, layerList].filter(Boolean));

  function setPreset(name) {
    select.value = name;
    if (name !== CUSTOM) text.value = presetText(name);
    description.textContent = presets.find(p => p.name === name)?.description ?? 'Your own spec: any CnnApi spec or Keras document.';
  }
  select.addEventListener('change', () => { setPreset(select.value); clearErrors(); });
  text.addEventListener('input', () => {
    if (select.value !== CUSTOM && text.value !== presetText(select.value)) setPreset(CUSTOM);
  });

  function clearErrors() {
    hideProblem(problem);
    layerList.hidden = true;
    layerList.replaceChildren();
  }

  /**
   * Puts the errors of an ApiError that point into a layer of this document (under `prefix`, e.g. 'a' in a
   * comparison) beside that layer; returns the paths it placed, for the caller's box to leave out.
   */
  function showLayerErrors(error, prefix = '') {
    const local = path => (!prefix ? path : path.startsWith(prefix + '.') ? path.slice(prefix.length + 1) : null);
    const source = documentLayers(text.value) ?? { layers: [], keras: false };
    const layers = source.layers;
    const byLayer = new Map();
    const placed = new Set();
    for (const [path, message] of errorEntries(error.problem)) {
      const index = local(path) === null ? -1 : layerIndex(local(path), source);
      if (index < 0 || index >= layers.length) continue;
      byLayer.set(index, [...(byLayer.get(index) ?? []), [path, message]]);
      placed.add(path);
    }
    layerList.hidden = !byLayer.size;
    layerList.replaceChildren(...(byLayer.size ? layers : []).map((layer, i) =>
      el('li', { className: byLayer.has(i) ? 'has-error' : '', 'data-layer-index': i },
        el('span', {}, `${i}. ${describe(layer)}`),
        (byLayer.get(i) ?? []).map(([path, message]) => el('span', { className: 'layer-error' }, el('code', {}, path), ' ', message)))));
    return placed;
  }

  /** The whole ApiError here: layer errors beside their layers, the rest in the box above them. */
  function showErrors(error) {
    const placed = showLayerErrors(error);
    showProblem(problem, error, { skip: path => placed.has(path), elsewhere: 'beside their layers below' });
  }

  setPreset(initial);
  return {
    text: () => text.value,
    setPreset,
    /** The preset's name while the text is the preset's own, else null. */
    presetName: () => (select.value !== CUSTOM && text.value === presetText(select.value) ? select.value : null),
    showErrors,
    showLayerErrors,
    clearErrors,
  };
}
