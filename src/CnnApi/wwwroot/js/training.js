// The Start-a-job form: a preset or a spec, the numbers, the options, the API key; an estimate before starting; the
// API's errors beside their fields.
import { ApiError, call, errorEntries } from './api.js';
import { createEditor } from './editor.js';
import { showEstimate } from './estimate.js';
import { applyRecipe, describeRecipe, initOptions, readOptions } from './options.js';
import { el, showProblem, hideProblem } from './ui.js';

const $ = id => document.getElementById(id);
const form = () => $('train-form');
const numberFields = ['epochs', 'batchSize', 'trainLimit', 'testLimit', 'learningRate', 'validationSplit', 'seed'];

function clearFieldErrors() {
  form().querySelectorAll('.field-error').forEach(node => node.remove());
  form().querySelectorAll('[aria-invalid]').forEach(node => node.removeAttribute('aria-invalid'));
  hideProblem($('train-error'));
}

/** The field an error's JSON path names: itself (augmentation.zoom), its group's first field, or the architecture picker. */
function fieldFor(path) {
  const named = name => { const field = form().elements.namedItem(name); return field instanceof Element ? field : null; };
  const top = path.split(/[.[]/)[0];
  if (top === 'preset' || top === 'architecture') return $('train-editor').querySelector('select');
  return named(path) ?? named(path.replace(/\[\d+\]$/, '')) ?? form().querySelector(`[name^="${top}."]:not(:disabled)`) ?? named(top);
}

function fieldError(path, message) {
  const input = fieldFor(path);
  if (!input) return false;
  input.setAttribute('aria-invalid', 'true');
  input.closest('details')?.setAttribute('open', '');
  const holder = input.closest('.fields > div') ?? input.parentElement;
  holder.append(el('p', { className: 'field-error' }, el('code', {}, path), ' ', message));
  return true;
}

function checkNumber(input) {
  if (input.validity.badInput) throw new ApiError(0, { title: 'Not a number', detail: `${input.labels[0].textContent} is not a number.` });
}

function request(editor) {
  const body = {};
  const preset = editor.presetName();
  // Continuing a model trains its own architecture: the picker is then left out (the API would check it is the same).
  if ($('train-initial').value) { /* neither preset nor architecture */ } else if (preset) body.preset = preset;
  else {
    try { body.architecture = JSON.parse(editor.text()); } catch (error) {
      throw new ApiError(0, { title: 'The architecture is not JSON', detail: error.message });
    }
  }
  for (const name of numberFields) {
    const input = form().elements.namedItem(name);
    checkNumber(input);
    if (input.value !== '') body[name] = Number(input.value);
  }
  body.optimizer = form().elements.namedItem('optimizer').value;
  return { ...body, ...readOptions(checkNumber) };
}

/** A preset with a recommendedTraining offers to fill the form with it. */
function offerRecipe(presets, name) {
  const box = $('train-recipe');
  const recipe = presets.find(p => p.name === name)?.recommendedTraining;
  box.hidden = !recipe;
  if (!recipe) return box.replaceChildren();
  const use = el('button', { type: 'button', id: 'train-use-recipe' }, 'Use the recommended training');
  use.addEventListener('click', () => {
    applyRecipe(form(), recipe);
    $('train-options').open = true;
    use.textContent = 'Recommended training filled in';
  });
  box.replaceChildren(el('p', { className: 'note' }, `${name} recommends: ${describeRecipe(recipe)}.`), use);
  if (!$('train-options').open) $('train-options').open = true;
}

/** Shows an ApiError's field errors beside the layers and fields they name, the rest in the box under the form. */
function showErrors(editor, error) {
  const placed = editor.showLayerErrors(error, 'architecture');
  for (const [path, message] of errorEntries(error.problem)) {
    if (!placed.has(path) && fieldError(path, message)) placed.add(path);
  }
  showProblem($('train-error'), error, { skip: path => placed.has(path), elsewhere: 'beside their fields' });
}

export function initTraining(presets, { started }) {
  const initial = presets.some(p => p.name === 'mnist-convnet') ? 'mnist-convnet' : presets[0]?.name;
  const editor = createEditor($('train-editor'), { presets, initial, collapsed: true, label: 'Architecture' });
  const submit = form().querySelector('button[type="submit"]');
  const editorSelect = $('train-editor').querySelector('select');
  editorSelect.addEventListener('change', () => offerRecipe(presets, editorSelect.value));
  offerRecipe(presets, editorSelect.value);
  initOptions();

  // An estimate is for the form as it was: any change hides it until Estimate is pressed again.
  const stale = () => { $('estimate').hidden = true; };
  form().addEventListener('input', stale);
  form().addEventListener('change', stale);

  $('train-estimate').addEventListener('click', async () => {
    clearFieldErrors();
    editor.clearErrors();
    $('train-estimate').disabled = true;
    $('estimate').setAttribute('aria-busy', 'true');
    try {
      showEstimate($('estimate'), await call('api/v1/training-jobs/estimate', { method: 'POST', json: request(editor) }));
    } catch (error) {
      $('estimate').hidden = true;
      showErrors(editor, error);
    } finally {
      $('train-estimate').disabled = false;
      $('estimate').removeAttribute('aria-busy');
    }
  });

  form().addEventListener('submit', async event => {
    event.preventDefault();
    clearFieldErrors();
    editor.clearErrors();
    submit.disabled = true;
    try {
      const job = await call('api/v1/training-jobs', { method: 'POST', json: request(editor), needsKey: true });
      started(job);
    } catch (error) {
      showErrors(editor, error);
    } finally {
      submit.disabled = false;
    }
  });
}
