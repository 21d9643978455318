// The answer of POST api/v1/training-jobs/estimate, shown under the form: time, memory against the budget, and
// where the speed figure comes from (and why no probe timed this network, when none did).
import { el, fmt, bytes, dateTime } from './ui.js';

/** 0.42 s, 12 s, 3 min 20 s, 1 h 05 min. */
export function duration(seconds) {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 10) return `${seconds.toFixed(seconds < 1 ? 2 : 1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor(s % 3600 / 60)).padStart(2, '0')} min`;
}

const sources = {
  probe: 'timed here for this network and batch size (a probe of a few batches)',
  job: 'measured by a finished job of this network and batch size',
  default: 'a default figure: this device has measured nothing yet',
  calibration: 'fitted from the start-up benchmark of this device',
  jobs: 'fitted from finished jobs on this device',
  'calibration+jobs': 'fitted from the start-up benchmark and finished jobs on this device',
};

export function showEstimate(box, e) {
  const m = e.memory;
  const t = e.throughput;
  const run = e.run;
  const row = (label, value, key) => el('tr', { 'data-key': key }, el('th', { scope: 'row' }, label), el('td', { className: 'num' }, bytes(value)));
  box.replaceChildren(...[
    el('h3', {}, 'Estimate'),
    el('div', { className: 'totals' },
      el('div', { className: 'total' }, el('span', { className: 'label' }, 'Per epoch'), el('span', { className: 'value', id: 'estimate-epoch' }, duration(e.secondsPerEpoch))),
      el('div', { className: 'total' }, el('span', { className: 'label' }, `In total (${run.epochs} epoch${run.epochs === 1 ? '' : 's'} + test)`), el('span', { className: 'value', id: 'estimate-total' }, duration(e.totalSeconds))),
      el('div', { className: `total ${e.fits ? 'fits' : 'too-big'}` }, el('span', { className: 'label' }, 'Memory'),
        el('span', { className: 'value', id: 'estimate-fits' }, e.fits ? 'fits' : 'does not fit'))),
    el('p', { className: 'note', id: 'estimate-run' },
      `On ${e.device}: ${fmt(run.trainImages)} training images, ${fmt(run.validationImages)} validation, ${fmt(run.testImages)} test; batch ${run.batchSize}, ${run.optimizer}.`),
    el('div', { className: 'table-wrap' }, el('table', { id: 'estimate-memory' },
      el('caption', { className: 'visually-hidden' }, 'Memory the job adds while it trains'),
      el('tbody', {},
        row('Weights', m.weightsBytes, 'weights'), row('Gradients', m.gradientsBytes, 'gradients'),
        row(`Optimizer (${run.optimizer})`, m.optimizerBytes, 'optimizer'), row(`Activations (batch ${run.batchSize})`, m.activationsBytes, 'activations'),
        m.bestWeightsBytes > 0 ? row('Best weights (early stopping restores them)', m.bestWeightsBytes, 'best-weights') : null,
        row('Runtime', m.runtimeBytes, 'runtime')),
      el('tfoot', {},
        row('Total', m.totalBytes, 'total'),
        el('tr', { 'data-key': 'budget' }, el('th', { scope: 'row' }, "This node's budget"), el('td', { className: 'num' }, bytes(e.memoryBudgetBytes)))))),
    el('p', { className: 'note', id: 'estimate-source', 'data-source': t.source },
      `Speed ${fmt(Math.round(t.trainImagesPerSecond))} training images/s: ${sources[t.source] ?? t.source}`,
      t.measuredAt ? ` (${dateTime(t.measuredAt)})` : '', '.',
      t.probeSkipped ? el('span', { id: 'estimate-probe-skipped' }, ` No probe ran: ${t.probeSkipped}`) : null),
    e.fits ? null : el('p', { className: 'field-error', id: 'estimate-refusal' },
      'A job that does not fit is refused: choose a smaller batch size or architecture.'),
  ].filter(Boolean));
  box.hidden = false;
}
