// The Live panel: one job followed through its Server-Sent Events (progress, epoch, status). EventSource
// reconnects by itself and sends Last-Event-ID, so the server replays only what was missed.
import { call } from './api.js';
import { lineChart } from './charts.js';
import { el, fmt, percent, fillTable, showProblem, hideProblem } from './ui.js';

const $ = id => document.getElementById(id);
const ended = status => ['succeeded', 'failed', 'cancelled'].includes(status);
let source = null;
let job = null;
let onEnded = () => {};

export const followedJobId = () => job?.id;

function mergeEpoch(result) {
  const history = (job.history ?? []).filter(h => h.epoch !== result.epoch);
  job.history = [...history, result].sort((x, y) => x.epoch - y.epoch);
}

function render() {
  $('live-empty').hidden = true;
  $('live-job').hidden = false;
  $('live-job').dataset.jobId = job.id;
  $('live-job').dataset.modelId = job.modelId ?? '';
  $('live-name').textContent = job.name;
  const badge = $('live-status');
  badge.textContent = job.status;
  badge.className = `badge ${job.status}`;

  const epochs = job.progress?.epochs ?? job.request?.epochs ?? 1;
  const fraction = job.status === 'succeeded' ? 1 : job.progress?.fraction ?? (job.history?.length ?? 0) / epochs;
  const shown = Math.round(fraction * 100);
  $('live-progress').setAttribute('aria-valuenow', String(shown));
  $('live-progress-fill').style.width = `${shown}%`;
  const p = job.progress;
  const where = job.status === 'queued' ? 'Queued: waiting for a worker'
    : p && job.status === 'running' ? `Epoch ${p.epoch} of ${p.epochs} · batch ${p.batch} of ${p.batchesPerEpoch}`
    : `${job.history?.length ?? 0} of ${epochs} epochs`;
  $('live-progress-text').textContent = `${shown} % · ${where}`;

  const series = (key, label) => ({ key, label, values: (job.history ?? []).map(h => ({ epoch: h.epoch, value: h[key] })) });
  lineChart($('loss-chart'), { epochs, series: [series('loss', 'loss'), series('valLoss', 'val loss')], yMin: 0, format: v => v.toFixed(2) });
  const accuracies = (job.history ?? []).flatMap(h => [h.accuracy, h.valAccuracy]).filter(Number.isFinite);
  const floor = accuracies.length ? Math.max(0, Math.floor(Math.min(...accuracies) * 5) / 5) : 0; // grid lines every 10 or 20 %
  lineChart($('accuracy-chart'), { epochs, series: [series('accuracy', 'accuracy'), series('valAccuracy', 'val accuracy')],
    yMin: floor, yMax: 1, ticks: Math.round((1 - floor) * 10) <= 6 ? Math.max(1, Math.round((1 - floor) * 10)) : Math.round((1 - floor) * 5),
    format: v => `${Math.round(v * 100)}%` });

  const last = job.history?.at(-1);
  $('live-result').textContent = job.status === 'succeeded'
    ? `Test accuracy ${percent(job.testAccuracy)} (loss ${job.testLoss?.toFixed(3)}). The model is in the list below.`
    : job.status === 'failed' ? `Failed: ${job.error ?? 'no reason recorded'}`
    : job.status === 'cancelled' ? 'Cancelled: no model was kept.'
    : last ? `Epoch ${last.epoch}: accuracy ${percent(last.accuracy)}, learning rate ${last.learningRate ?? job.request?.learningRate}, ${Math.round(last.imagesPerSecond)} images/s on ${job.device ?? 'the CPU'}` : '';
  $('live-stop').hidden = !job.stopReason;
  $('live-stop').textContent = job.stopReason ? `Stop reason: ${job.stopReason}` : '';
  const options = describeOptions(job.request ?? {});
  $('live-options').hidden = !options;
  $('live-options').textContent = options ? `Options: ${options}.` : '';
  epochTable();
  $('live-cancel').hidden = ended(job.status);
}

/** The job's optional training settings in a line, as its request records them (defaults filled in). */
function describeOptions(r) {
  const es = r.earlyStopping, rp = r.reduceLrOnPlateau, ls = r.learningRateSchedule, au = r.augmentation;
  return [r.initialModelId && `continues model ${r.initialModelId.slice(0, 8)}`,
    es && `early stopping on ${es.monitor} (patience ${es.patience}${es.startFromEpoch ? `, from epoch ${es.startFromEpoch + 1}` : ''}` +
      `${es.baseline != null ? `, baseline ${es.baseline}` : ''}${es.restoreBestWeights ? ', best weights restored' : ''})`,
    rp && `rate ×${rp.factor} after ${rp.patience} epochs without progress in ${rp.monitor}`,
    ls && (ls.type === 'step' ? `step schedule (×${ls.factor} every ${ls.every} epochs)` : `cosine schedule (alpha ${ls.alpha ?? 0})`),
    au && (au.shift || au.rotation || au.zoom) && `augmentation (shift ${au.shift} px, rotation ${au.rotation}°, zoom ±${au.zoom})`].filter(Boolean).join('; ');
}

/** One row per finished epoch: the numbers of the charts, and the learning rate the optimiser used in it. */
function epochTable() {
  const history = job.history ?? [];
  const table = $('live-epochs');
  table.hidden = !history.length;
  const number = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
  fillTable(table, [
    { label: 'Epoch', className: 'num', value: h => String(h.epoch) },
    { label: 'Loss', className: 'num', value: h => number(h.loss, 4) },
    { label: 'Acc.', className: 'num', value: h => percent(h.accuracy) },
    { label: 'Val loss', className: 'num', value: h => number(h.valLoss, 4) },
    { label: 'Val acc.', className: 'num', value: h => percent(h.valAccuracy) },
    { label: 'Learning rate', className: 'num', value: h => el('span', { 'data-learning-rate': h.learningRate ?? '' }, h.learningRate == null ? '—' : String(+h.learningRate.toPrecision(6))) },
    { label: 'Images/s', className: 'num', value: h => fmt(Math.round(h.imagesPerSecond)) },
  ], history, { rowId: h => h.epoch });
}

/** Follows a job (as returned by the API) until it ends; `ended` runs once it has. */
export function follow(snapshot, { ended: whenEnded } = {}) {
  source?.close();
  job = structuredClone(snapshot);
  onEnded = whenEnded ?? (() => {});
  hideProblem($('live-error'));
  render();
  const events = new EventSource(`api/v1/training-jobs/${job.id}/events`);
  source = events;
  const data = event => JSON.parse(event.data);
  events.addEventListener('job', event => { job = data(event); render(); });
  events.addEventListener('progress', event => {
    const update = data(event);
    job.status = update.status;
    job.progress = update.progress;
    render();
  });
  events.addEventListener('epoch', event => { mergeEpoch(data(event)); render(); });
  events.addEventListener('status', event => {
    events.close();
    job = data(event);
    render();
    onEnded(job);
  });
  events.addEventListener('open', () => hideProblem($('live-error')));
  events.addEventListener('error', () => {
    if (source !== events || ended(job.status)) return;
    if (events.readyState === EventSource.CLOSED) {
      showProblem($('live-error'), { problem: { title: 'The event stream stopped', detail: 'Pick the job in the list to follow it again.' } });
    } else {
      $('live-progress-text').textContent += ' · connection lost, reconnecting…';
    }
  });
}

export function initLive() {
  $('live-cancel').addEventListener('click', async () => {
    if (!job) return;
    $('live-cancel').disabled = true;
    try {
      job = { ...job, ...(await call(`api/v1/training-jobs/${job.id}/cancel`, { method: 'POST', needsKey: true })) };
      render();
    } catch (error) {
      showProblem($('live-error'), error);
    } finally {
      $('live-cancel').disabled = false;
    }
  });
}
