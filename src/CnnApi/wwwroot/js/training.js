// The Start-a-job form: a preset or a spec, the numbers, the API key; the API's errors beside their fields.
import { ApiError, call, errorEntries } from './api.js';
import { createEditor } from './editor.js';
import { el, showProblem, hideProblem } from './ui.js';

const $ = id => document.getElementById(id);
const form = () => $('train-form');
const numberFields = ['epochs', 'batchSize', 'trainLimit', 'testLimit', 'learningRate', 'validationSplit', 'seed'];

function clearFieldErrors() {
  form().querySelectorAll('.field-error').forEach(node => node.remove());
  form().querySelectorAll('[aria-invalid]').forEach(node => node.removeAttribute('aria-invalid'));
  hideProblem($('train-error'));
}

function fieldError(name, path, message) {
  const input = form().elements.namedItem(name);
  if (!input) return false;
  input.setAttribute('aria-invalid', 'true');
  input.closest('details')?.setAttribute('open', '');
  input.parentElement.append(el('p', { className: 'field-error' }, el('code', {}, path), ' ', message));
  return true;
}

function request(editor) {
  const body = {};
  const preset = editor.presetName();
  if (preset) body.preset = preset;
  else {
    try { body.architecture = JSON.parse(editor.text()); } catch (error) {
      throw new ApiError(0, { title: 'The architecture is not JSON', detail: error.message });
    }
  }
  for (const name of numberFields) {
    const input = form().elements.namedItem(name);
    if (input.validity.badInput) throw new ApiError(0, { title: 'Not a number', detail: `${input.labels[0].textContent} is not a number.` });
    if (input.value !== '') body[name] = Number(input.value);
  }
  body.optimizer = form().elements.namedItem('optimizer').value;
  return body;
}

export function initTraining(presets, { started }) {
  const initial = presets.some(p => p.name === 'mnist-convnet') ? 'mnist-convnet' : presets[0]?.name;
  const editor = createEditor($('train-editor'), { presets, initial, collapsed: true, label: 'Architecture' });
  const submit = form().querySelector('button[type="submit"]');

  form().addEventListener('submit', async event => {
    event.preventDefault();
    clearFieldErrors();
    editor.clearErrors();
    submit.disabled = true;
    try {
      const job = await call('api/v1/training-jobs', { method: 'POST', json: request(editor), needsKey: true });
      started(job);
    } catch (error) {
      const placed = editor.showLayerErrors(error, 'architecture');
      for (const [path, message] of errorEntries(error.problem)) {
        if (placed.has(path)) continue;
        const name = path.split(/[.[]/)[0];
        if (fieldError(name, path, message)) placed.add(path);
      }
      showProblem($('train-error'), error, { skip: path => placed.has(path), elsewhere: 'beside their fields' });
    } finally {
      submit.disabled = false;
    }
  });
}
