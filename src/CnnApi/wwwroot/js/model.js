// One model in detail: its parent, its downloads (weights, ONNX, PyTorch state_dict, generated code) and its
// evaluation on the test images (confusion matrix, per-class precision and recall, the most confidently wrong digits).
import { call } from './api.js';
import { el, fmt, percent, dateTime, bytes, showProblem, hideProblem } from './ui.js';

const $ = id => document.getElementById(id);
const codeFormats = [['pytorch', 'PyTorch'], ['keras', 'Keras'], ['torchsharp', 'TorchSharp']];
const exportNames = { onnx: 'ONNX', pytorch: 'PyTorch state_dict' };
let models = [];
let shownId = null;

export const shownModelId = () => shownId;

/** The models list as last read, so a parent can be named (or said to be deleted). */
export function setKnownModels(list) {
  models = list;
  if (shownId && !list.some(m => m.id === shownId)) { $('model-view').hidden = true; shownId = null; }
}

function parentLine(model) {
  if (!model.parentModelId) return el('p', { className: 'note', id: 'model-parent' }, 'Trained from scratch.');
  const parent = models.find(m => m.id === model.parentModelId);
  return el('p', { className: 'note', id: 'model-parent', 'data-parent-id': model.parentModelId }, 'Continued from ',
    parent ? el('button', { type: 'button', className: 'quiet', onclick: () => showModel(parent.id) }, `${parent.name} (${parent.id.slice(0, 8)})`)
      : el('span', {}, el('code', {}, model.parentModelId), ' (deleted since)'), '.');
}

/** Generated code for the model's architecture, fetched on demand, shown and offered as a file. */
async function showCode(model, format, label, box) {
  hideProblem($('model-view-error'));
  try {
    const response = await call(`api/v1/architectures/code?format=${format}`, { method: 'POST', json: model.architecture, accept: '*/*', raw: true });
    const text = await response.text();
    const name = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? `${model.name}.${format === 'torchsharp' ? 'cs' : 'py'}`;
    const href = URL.createObjectURL(new Blob([text], { type: response.headers.get('Content-Type') ?? 'text/plain' }));
    box.replaceChildren(
      el('p', { className: 'row' }, el('strong', {}, `${label} code`), el('a', { className: 'button', href, download: name, id: 'model-code-download' }, `Download ${name}`)),
      el('pre', { className: 'keras code', id: 'model-code', 'data-format': format, tabIndex: 0, 'aria-label': `${label} code for ${model.name}` }, text));
  } catch (error) {
    showProblem($('model-view-error'), error);
  }
}

function downloads(model) {
  const code = el('div', { id: 'model-code-box' });
  return el('div', {},
    el('h3', {}, 'Downloads'),
    el('div', { className: 'actions', id: 'model-exports' },
      el('a', { className: 'button', href: `api/v1/models/${model.id}/weights`, download: '' }, `Weights (${bytes(model.weightsBytes)})`),
      (model.exports ?? []).map(x => el('a', { className: 'button', href: x.href.replace(/^\//, ''), download: x.fileName, 'data-format': x.format },
        `${exportNames[x.format] ?? x.format} (${x.fileName})`))),
    el('div', { className: 'actions', id: 'model-code-buttons', role: 'group', 'aria-label': 'Generated code for this architecture' },
      codeFormats.map(([format, label]) => el('button', { type: 'button', 'data-format': format, onclick: () => showCode(model, format, label, code) }, `${label} code`))),
    code);
}

/** Five heat levels by the share of the row (the true digit): the CSS gives each a background with readable text. */
const heat = share => (share === 0 ? 0 : share <= 0.05 ? 1 : share <= 0.2 ? 2 : share <= 0.5 ? 3 : share <= 0.8 ? 4 : 5);

function confusion(evaluation) {
  const matrix = evaluation.confusionMatrix;
  const digits = matrix.map((_, i) => i);
  return el('div', { className: 'table-wrap' }, el('table', { id: 'confusion', className: 'confusion' },
    el('caption', {}, 'Confusion matrix: rows are the true digits, columns the predicted ones'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'true ↓ predicted →'), digits.map(d => el('th', { scope: 'col', className: 'num' }, String(d))))),
    el('tbody', {}, matrix.map((row, t) => {
      const total = row.reduce((a, b) => a + b, 0);
      return el('tr', { 'data-true': t }, el('th', { scope: 'row' }, String(t)), row.map((count, p) => el('td', {
        className: `num heat-${heat(total ? count / total : 0)}${t === p ? ' diagonal' : count ? ' miss' : ''}`,
        'data-predicted': p, title: `true ${t}, predicted ${p}: ${count} of ${total}`,
      }, fmt(count))));
    }))));
}

function perClass(evaluation) {
  const cell = (value, empty) => el('td', { className: 'num', title: value === null ? empty : undefined }, value === null ? '—' : percent(value));
  return el('div', { className: 'table-wrap' }, el('table', { id: 'per-class' },
    el('caption', {}, 'Per digit'),
    el('thead', {}, el('tr', {}, ['Digit', 'Test images', 'Predicted', 'Precision', 'Recall'].map(h => el('th', { scope: 'col', className: h === 'Digit' ? '' : 'num' }, h)))),
    el('tbody', {}, evaluation.classes.map(c => el('tr', { 'data-digit': c.digit },
      el('th', { scope: 'row' }, String(c.digit)), el('td', { className: 'num' }, fmt(c.support)), el('td', { className: 'num' }, fmt(c.predicted)),
      cell(c.precision, 'never predicted'), cell(c.recall, 'not among the test images'))))));
}

function wrong(evaluation) {
  if (!evaluation.mostConfidentlyWrong.length) return el('p', { className: 'note' }, 'No test digit was misclassified.');
  return el('ol', { className: 'wrong-digits', id: 'wrong-digits', 'aria-label': 'The most confidently wrong test digits, most confident first' },
    evaluation.mostConfidentlyWrong.map(w => el('li', { 'data-index': w.index },
      el('img', { src: w.image, width: 56, height: 56, alt: `Test digit ${w.index}: a ${w.label}` }),
      el('span', {}, `${w.label} → ${w.predicted}`), el('span', { className: 'note' }, percent(w.confidence)), el('span', { className: 'note' }, `#${w.index}`))));
}

function evaluationView(evaluation) {
  return el('div', { id: 'model-evaluation' },
    el('h3', {}, 'Evaluation'),
    el('p', { className: 'note', id: 'evaluation-summary' },
      `${percent(evaluation.accuracy, 2)} of ${fmt(evaluation.testCount)} test images right (${evaluation.source}, ${dateTime(evaluation.computedAt)}).`),
    el('div', { className: 'evaluation-grid' }, confusion(evaluation), perClass(evaluation)),
    el('h3', {}, 'Most confidently wrong'),
    wrong(evaluation));
}

/** Opens the panel for one model and reads its evaluation (computed once on the server for older models). */
export async function showModel(id) {
  const model = models.find(m => m.id === id) ?? await call(`api/v1/models/${id}`);
  shownId = id;
  const panel = $('model-view');
  panel.dataset.modelId = id;
  hideProblem($('model-view-error'));
  $('model-view-title').textContent = `Model ${model.name}`;
  const pending = el('p', { className: 'note', id: 'model-evaluation' }, 'Reading the evaluation…');
  $('model-view-body').replaceChildren(
    el('p', { className: 'note' }, el('code', { className: 'id' }, model.id), ` · test accuracy ${percent(model.testAccuracy)} · ${fmt(model.params)} parameters · ${dateTime(model.createdAt)}`),
    parentLine(model), downloads(model), pending);
  panel.hidden = false;
  panel.focus({ preventScroll: true });
  panel.scrollIntoView({ block: 'start' });
  try {
    const evaluation = await call(`api/v1/models/${id}/evaluation`);
    if (shownId === id) pending.replaceWith(evaluationView(evaluation));
  } catch (error) {
    pending.remove();
    showProblem($('model-view-error'), error);
  }
}
