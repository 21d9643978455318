// The training form's optional part: callbacks, schedule, augmentation (a <fieldset data-group> each, switched on by
// its legend's checkbox) and the model to continue from. Field names are the API's JSON paths (earlyStopping.patience),
// so a request is read from them and the API's errors find their field by path.
import { el, percent } from './ui.js';

const $ = id => document.getElementById(id);
const groups = () => [...$('train-options').querySelectorAll('fieldset[data-group]')];

function setGroup(fieldset, on) {
  fieldset.disabled = !on;
  fieldset.querySelector('[data-toggles]').checked = on;
}

/** Shows the schedule fields of the chosen type only (the others are disabled, so they are neither sent nor tabbed to). */
function syncSchedule() {
  const type = $('ls-type').value;
  for (const box of $('train-options').querySelectorAll('[data-when]')) {
    box.hidden = box.dataset.when !== type;
    box.querySelectorAll('input').forEach(input => { input.disabled = box.hidden; });
  }
}

function valueOf(input) {
  if (input.type === 'checkbox') return input.checked;
  if (input.value === '') return undefined;
  return input.type === 'number' ? Number(input.value) : input.value;
}

/** The switched-on groups and the model to continue from, as request fields; `check(input)` rejects bad numbers first. */
export function readOptions(check) {
  const body = {};
  for (const fieldset of groups().filter(f => !f.disabled)) {
    const group = {};
    for (const input of fieldset.querySelectorAll('[name]')) {
      if (input.disabled) continue;
      check(input);
      const value = valueOf(input);
      if (value !== undefined) group[input.name.split('.')[1]] = value;
    }
    body[fieldset.dataset.group] = group;
  }
  const initial = $('train-initial').value;
  if (initial) body.initialModelId = initial;
  return body;
}

/** Sets the form to a preset's recommendedTraining: its scalar fields, its groups switched on, the rest off. */
export function applyRecipe(form, recipe) {
  for (const name of ['epochs', 'batchSize', 'learningRate', 'validationSplit', 'seed', 'trainLimit', 'testLimit', 'optimizer']) {
    const input = form.elements.namedItem(name);
    // A field the recipe leaves out takes the API's default: all images, a random seed, the form's initial values.
    const fallback = input.tagName === 'SELECT' ? input.options[0].value : ['trainLimit', 'testLimit', 'seed'].includes(name) ? '' : input.defaultValue;
    input.value = recipe[name] ?? fallback;
  }
  for (const fieldset of groups()) {
    const values = recipe[fieldset.dataset.group];
    setGroup(fieldset, !!values);
    if (!values) continue;
    for (const input of fieldset.querySelectorAll('[name]')) {
      const value = values[input.name.split('.')[1]];
      if (input.type === 'checkbox') input.checked = !!value;
      else if (input.tagName === 'SELECT') input.value = value ?? input.options[0].value;
      else input.value = value ?? '';
    }
  }
  syncSchedule();
  $('train-initial').value = '';
}

/** What a recipe sets, in a line: "15 epochs, batch 128, adam 0.001, cosine schedule, early stopping, augmentation". */
export function describeRecipe(r) {
  return [r.epochs && `${r.epochs} epochs`, r.batchSize && `batch ${r.batchSize}`, r.optimizer && `${r.optimizer} ${r.learningRate ?? ''}`.trim(),
    r.validationSplit && `${percent(r.validationSplit, 0)} held out`, r.learningRateSchedule && `${r.learningRateSchedule.type} schedule`,
    r.earlyStopping && `early stopping on ${r.earlyStopping.monitor ?? 'val_loss'}`, r.reduceLrOnPlateau && 'rate reduced on a plateau',
    r.augmentation && 'augmentation', r.seed !== undefined && `seed ${r.seed}`].filter(Boolean).join(', ');
}

/** The models the form may continue from (kept selected while it still exists). */
export function setInitialModels(models) {
  const select = $('train-initial');
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, 'No: a new model'),
    ...models.map(m => el('option', { value: m.id }, `${m.name} (${m.id.slice(0, 8)}, ${percent(m.testAccuracy)})`)));
  select.value = models.some(m => m.id === chosen) ? chosen : '';
}

export function initOptions() {
  for (const fieldset of groups()) {
    fieldset.querySelector('[data-toggles]').addEventListener('change', event => setGroup(fieldset, event.target.checked));
  }
  $('ls-type').addEventListener('change', syncSchedule);
  syncSchedule();
  const help = $('train-initial-help');
  const general = help.textContent;
  $('train-initial').addEventListener('change', event => {
    const option = event.target.selectedOptions[0];
    help.textContent = event.target.value ? `Trains ${option.textContent} further, with its own architecture: the architecture above is not sent.` : general;
  });
}
