// The Jobs and Models tables: follow, cancel, details, promote, download, delete.
import { call } from './api.js';
import { el, fmt, bytes, percent, dateTime, fillTable, showProblem, hideProblem } from './ui.js';

const $ = id => document.getElementById(id);
const active = status => status === 'queued' || status === 'running';
let actions = {};
const shown = { jobs: '', models: '' }; // what each table shows, so an unchanged poll does not rebuild it (and drop focus)

/** `follow(job)`, `modelsChanged(models)`, `useModel(id)`, `showModel(id)`: what the buttons do beyond calling the API. */
export function initLists(callbacks) {
  actions = callbacks;
}

function button(text, onClick, label) {
  return el('button', { type: 'button', onclick: onClick, 'aria-label': label }, text);
}

/** Runs a mutating call; its error shows in `box`, then both lists are read again. */
async function mutate(box, path, method = 'POST') {
  hideProblem(box);
  try {
    await call(path, { method, needsKey: true });
  } catch (error) {
    showProblem(box, error);
  }
  await Promise.all([refreshJobs(), refreshModels()]);
}

export async function refreshJobs() {
  try {
    const page = await call('api/v1/training-jobs?pageSize=20');
    hideProblem($('jobs-error'));
    const followed = actions.followedJobId?.();
    const signature = JSON.stringify([page.items, followed]);
    if (signature === shown.jobs) return page.items;
    shown.jobs = signature;
    fillTable($('jobs-table'), [
      { label: 'Job', value: j => j.name },
      { label: 'Status', value: j => el('span', { className: `badge ${j.status}` }, j.status) },
      { label: 'Created', value: j => dateTime(j.createdAt) },
      { label: 'Progress', className: 'num', value: j => (j.status === 'succeeded' ? `test ${percent(j.testAccuracy)}` : j.progress ? percent(j.progress.fraction, 0) : '—') },
      { label: 'Actions', value: j => el('div', { className: 'actions' },
        button('Follow', () => actions.follow(j), `Follow job ${j.name} (${j.id})`),
        active(j.status) ? button('Cancel', () => mutate($('jobs-error'), `api/v1/training-jobs/${j.id}/cancel`), `Cancel job ${j.name}`) : null) },
    ], page.items, { rowClass: j => (j.id === followed ? 'watching' : ''), rowId: j => j.id });
    if (!page.items.length) $('jobs-table').append(el('tbody', {}, el('tr', {}, el('td', { colSpan: 5 }, 'No jobs yet.'))));
    return page.items;
  } catch (error) {
    showProblem($('jobs-error'), error);
    return [];
  }
}

export async function refreshModels() {
  try {
    const models = await call('api/v1/models');
    hideProblem($('models-error'));
    const signature = JSON.stringify(models);
    if (signature === shown.models) return models;
    shown.models = signature;
    fillTable($('models-table'), [
      { label: 'Model', value: m => el('span', {}, m.name, ' ', el('code', { className: 'id', title: m.id }, m.id.slice(0, 8)), ' ',
        m.isDefault ? el('span', { className: 'badge default' }, 'default') : null) },
      { label: 'Created', value: m => dateTime(m.createdAt) },
      { label: 'Test accuracy', className: 'num', value: m => percent(m.testAccuracy) },
      { label: 'Params', className: 'num', value: m => fmt(m.params) },
      { label: 'Weights', className: 'num', value: m => bytes(m.weightsBytes) },
      { label: 'Actions', value: m => el('div', { className: 'actions' },
        button('Details', () => actions.showModel(m.id), `Details of model ${m.name} (${m.id}): evaluation, exports, code`),
        button('Draw', () => actions.useModel(m.id), `Draw with model ${m.name} (${m.id})`),
        m.isDefault ? null : button('Promote', () => mutate($('models-error'), `api/v1/models/${m.id}/promote`), `Make ${m.name} (${m.id}) the default model`),
        el('a', { className: 'button', href: `api/v1/models/${m.id}/weights`, download: '', 'aria-label': `Download the weights of ${m.name}` }, 'Weights'),
        button('Delete', () => {
          if (confirm(`Delete model ${m.name} (${m.id}) and its weights?`)) mutate($('models-error'), `api/v1/models/${m.id}`, 'DELETE');
        }, `Delete model ${m.name} (${m.id})`)) },
    ], models, { rowClass: m => (m.isDefault ? 'default' : ''), rowId: m => m.id });
    if (!models.length) $('models-table').append(el('tbody', {}, el('tr', {}, el('td', { colSpan: 6 }, 'No models yet: a job that succeeds leaves one.'))));
    actions.modelsChanged?.(models);
    return models;
  } catch (error) {
    showProblem($('models-error'), error);
    return [];
  }
}
