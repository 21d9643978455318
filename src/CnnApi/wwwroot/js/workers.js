// The Workers table: the training workers alive now (GET /api/v1/workers), their devices and the jobs they run.
import { call } from './api.js';
import { el, dateTime, fillTable, showProblem, hideProblem } from './ui.js';

const $ = id => document.getElementById(id);
let shown = '';

function ago(iso) {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return seconds < 90 ? `${seconds} s ago` : `${Math.round(seconds / 60)} min ago`;
}

export async function refreshWorkers() {
  try {
    const workers = await call('api/v1/workers');
    hideProblem($('workers-error'));
    const signature = JSON.stringify(workers.map(w => [w.id, w.devices, w.currentJobs, ago(w.lastHeartbeat)]));
    if (signature === shown) return workers;
    shown = signature;
    fillTable($('workers-table'), [
      { label: 'Worker', value: w => el('span', {}, w.host, ' ', el('code', { className: 'id', title: w.id }, w.id.split(':').at(-1).slice(0, 8))) },
      { label: 'Devices', value: w => w.devices.join(', ') },
      { label: 'Started', value: w => dateTime(w.startedAt) },
      { label: 'Heartbeat', value: w => ago(w.lastHeartbeat) },
      { label: 'Running', className: 'num', value: w => (w.currentJobs.length ? `${w.currentJobs.length} job${w.currentJobs.length > 1 ? 's' : ''}` : 'idle') },
    ], workers, { rowId: w => w.id });
    if (!workers.length) $('workers-table').append(el('tbody', {}, el('tr', {}, el('td', { colSpan: 5 }, 'No worker is alive: queued jobs wait for one.'))));
    return workers;
  } catch (error) {
    showProblem($('workers-error'), error);
    return [];
  }
}
