// The page's entry point: hash routes (#draw, #architectures, #compare, #training) and the wiring between views.
import { call } from './api.js';
import { initKey } from './key.js';
import { initDraw, setModels, chooseModel } from './draw.js';
import { initSummary } from './summary.js';
import { initCompare } from './compare.js';
import { initTraining } from './training.js';
import { setInitialModels } from './options.js';
import { setKnownModels, showModel } from './model.js';
import { initLive, follow, followedJobId } from './live.js';
import { initLists, refreshJobs, refreshModels } from './lists.js';
import { refreshWorkers } from './workers.js';
import { el, showProblem } from './ui.js';

const routes = {
  draw: { view: 'draw' },
  architectures: { view: 'architectures', sub: 'summary' },
  compare: { view: 'architectures', sub: 'compare' },
  training: { view: 'training' },
};
const firstShown = new Set();
let summaryView = null;

function route({ focus }) {
  const name = location.hash.slice(1);
  const target = routes[name] ?? routes.draw;
  for (const section of document.querySelectorAll('.view')) section.hidden = section.id !== `view-${target.view}`;
  for (const link of document.querySelectorAll('[data-view]')) {
    if (link.dataset.view === target.view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (target.sub) {
    document.getElementById('arch-summary').hidden = target.sub !== 'summary';
    document.getElementById('arch-compare').hidden = target.sub !== 'compare';
    for (const link of document.querySelectorAll('[data-subview]')) {
      if (link.dataset.subview === target.sub) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }
  const key = target.sub ?? target.view;
  if (!firstShown.has(key)) {
    firstShown.add(key);
    if (key === 'summary') summaryView?.summarize();
  }
  if (target.view === 'training') {
    // A job already running (started here before a reload, or by another client) is followed at once.
    refreshJobs().then(jobs => {
      const active = jobs.find(j => j.status === 'queued' || j.status === 'running');
      if (active && !followedJobId()) startedOrFollowed(active);
    });
    refreshModels();
    refreshWorkers();
  }
  if (focus) document.querySelector(`#view-${target.view} h1`)?.focus({ preventScroll: false });
  document.title = `CnnApi — ${document.querySelector(`#view-${target.view} h1`)?.textContent ?? ''}`;
}

function startedOrFollowed(job) {
  follow(job, { ended: () => { refreshJobs(); refreshModels(); } });
  refreshJobs();
  document.getElementById('live').scrollIntoView({ block: 'nearest' });
}

// Other clients start jobs too: while the Training view shows an active job, its row is read again every few seconds.
async function pollJobs() {
  if (!document.getElementById('view-training').hidden && document.visibilityState === 'visible') {
    const [jobs] = await Promise.all([refreshJobs(), refreshWorkers()]);
    if (jobs.some(j => j.status === 'queued' || j.status === 'running') && !jobs.some(j => j.id === followedJobId())) refreshModels();
  }
  setTimeout(pollJobs, 4000);
}

async function start() {
  document.querySelectorAll('.view h1').forEach(h => h.setAttribute('tabindex', '-1'));
  initKey();
  initDraw();
  initLive();
  initLists({ follow: startedOrFollowed, followedJobId, showModel,
    modelsChanged: models => { setModels(models); setInitialModels(models); setKnownModels(models); },
    useModel: id => { chooseModel(id); location.hash = '#draw'; } });
  let presets = [];
  try {
    presets = await call('api/v1/architectures/presets');
  } catch (error) {
    const box = el('div', { className: 'problem', role: 'alert' });
    document.getElementById('main').prepend(box);
    showProblem(box, error);
  }
  summaryView = await initSummary(presets);
  initCompare(presets);
  initTraining(presets, { started: startedOrFollowed });
  await refreshModels();
  window.addEventListener('hashchange', () => route({ focus: true }));
  route({ focus: false });
  document.body.dataset.ready = 'true';
  setTimeout(pollJobs, 4000);
}

start();
