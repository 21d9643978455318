// The Draw view: a pointer-events canvas and uploads, classified by the chosen model with ?debug=true.
import { call } from './api.js';
import { probabilityBars } from './charts.js';
import { el, percent, dateTime, showProblem, hideProblem } from './ui.js';

const $ = id => document.getElementById(id);
const pad = $('pad');
const ink = pad.getContext('2d');
let drawing = null;        // the pointer id drawing now
let hasInk = false;
let lastUpload = null;     // the file shown on the pad until someone draws over it
let predictTimer = 0;
let inFlight = null;       // AbortController of the running request
let models = [];

function clearPad() {
  ink.fillStyle = '#fff';
  ink.fillRect(0, 0, pad.width, pad.height);
  hasInk = false;
  lastUpload = null;
}

function point(event) {
  const box = pad.getBoundingClientRect();
  return [(event.clientX - box.left) * pad.width / box.width, (event.clientY - box.top) * pad.height / box.height];
}

function startStroke(event) {
  if (drawing !== null || (event.pointerType === 'mouse' && event.button !== 0)) return;
  event.preventDefault();
  drawing = event.pointerId;
  pad.setPointerCapture(event.pointerId);
  lastUpload = null;
  clearTimeout(predictTimer);
  // MNIST strokes are about 2–3 of 28 pixels wide: 1/12 of the pad; a pen's pressure thickens it a little.
  ink.lineWidth = pad.width / 12 * (event.pointerType === 'pen' && event.pressure > 0 ? 0.75 + event.pressure / 2 : 1);
  ink.lineCap = ink.lineJoin = 'round';
  ink.strokeStyle = '#000';
  ink.beginPath();
  ink.moveTo(...point(event));
  ink.lineTo(...point(event));
  ink.stroke();
  hasInk = true;
}

function moveStroke(event) {
  if (event.pointerId !== drawing) return;
  const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
  for (const e of events.length ? events : [event]) ink.lineTo(...point(e));
  ink.stroke();
}

function endStroke(event) {
  if (event.pointerId !== drawing) return;
  drawing = null;
  // A short pause lets a second stroke (the bar of a 4, the cross of a 7) start before asking.
  predictTimer = setTimeout(predict, 250);
}

async function showUpload(file) {
  if (!file) return;
  clearPad();
  try {
    const image = await createImageBitmap(file);
    const scale = Math.min(pad.width / image.width, pad.height / image.height);
    const w = image.width * scale, h = image.height * scale;
    ink.drawImage(image, (pad.width - w) / 2, (pad.height - h) / 2, w, h);
    image.close();
  } catch { /* the browser cannot show it; the API still reads the file and says what it makes of it */ }
  lastUpload = file;
  hasInk = true;
  predict();
}

async function predict() {
  clearTimeout(predictTimer);
  if (!hasInk) return;
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  const image = lastUpload || await new Promise(resolve => pad.toBlob(resolve, 'image/png'));
  const form = new FormData();
  form.append('image', image, lastUpload ? lastUpload.name : 'drawing.png');
  const id = $('model-picker').value;
  const path = id ? `api/v1/models/${id}/predictions?debug=true` : 'api/v1/predictions?debug=true';
  try {
    const result = await call(path, { method: 'POST', body: form, signal: controller.signal });
    if (inFlight !== controller) return;
    showPrediction(result);
  } catch (error) {
    if (error.name === 'AbortError' || inFlight !== controller) return;
    $('prediction').hidden = $('probabilities').hidden = true;
    $('prediction-empty').hidden = true;
    showProblem($('prediction-error'), error);
  }
}

function showPrediction(result) {
  hideProblem($('prediction-error'));
  $('prediction-empty').hidden = true;
  $('predicted-digit').textContent = String(result.digit);
  $('predicted-confidence').textContent = percent(result.confidence);
  const input = result.debug && result.debug.input;
  $('model-input').hidden = !input;
  if (input) $('model-input').src = input;
  $('prediction').hidden = false;
  $('prediction').dataset.modelId = result.modelId;
  probabilityBars($('probabilities'), result.probabilities);
}

function resetPrediction() {
  inFlight?.abort();
  inFlight = null;
  clearTimeout(predictTimer);
  $('prediction').hidden = $('probabilities').hidden = true;
  $('prediction-empty').hidden = false;
  hideProblem($('prediction-error'));
}

/** The model list changed: default first, then newest first; the choice survives when its model does. */
export function setModels(list) {
  models = [...list].sort((a, b) => (b.isDefault - a.isDefault) || (new Date(b.createdAt) - new Date(a.createdAt)));
  const picker = $('model-picker');
  const chosen = picker.value;
  picker.replaceChildren(...models.map(m => el('option', { value: m.id },
    `${m.name} · ${percent(m.testAccuracy)} · ${dateTime(m.createdAt)}${m.isDefault ? ' (default)' : ''}`)));
  if (!models.length) picker.append(el('option', { value: '' }, 'No trained model yet'));
  picker.disabled = !models.length;
  if (models.some(m => m.id === chosen)) picker.value = chosen;
  const note = $('model-note');
  note.hidden = models.length > 0;
  note.replaceChildren('No model has been trained yet: ', el('a', { href: '#training' }, 'start a training job'), ' first.');
}

export function chooseModel(id) {
  $('model-picker').value = id;
  if (hasInk) predict();
}

export function initDraw() {
  clearPad();
  pad.addEventListener('pointerdown', startStroke);
  pad.addEventListener('pointermove', moveStroke);
  pad.addEventListener('pointerup', endStroke);
  pad.addEventListener('pointercancel', endStroke);
  $('clear-pad').addEventListener('click', () => { clearPad(); resetPrediction(); });
  $('model-picker').addEventListener('change', predict);
  $('upload').addEventListener('change', event => { showUpload(event.target.files[0]); event.target.value = ''; });
  const zone = $('drop-zone');
  zone.addEventListener('dragover', event => { event.preventDefault(); zone.classList.add('dragging'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', event => {
    event.preventDefault();
    zone.classList.remove('dragging');
    showUpload(event.dataTransfer.files[0]);
  });
}
