// Small DOM and formatting helpers shared by the views.
import { errorEntries } from './api.js';

/** el('td', {className: 'num'}, 'text', childNode): attributes by property, or as attributes for aria-/data-. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('aria-') || name.startsWith('data-') || name === 'role') node.setAttribute(name, value);
    else node[name] = value;
  }
  node.append(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
  return node;
}

const numbers = new Intl.NumberFormat('en-US');
export const fmt = n => (typeof n === 'number' ? numbers.format(n) : '—');
export const signed = n => (n > 0 ? '+' : n < 0 ? '−' : '±') + numbers.format(Math.abs(n));
export const percent = (x, digits = 1) => (typeof x === 'number' ? `${(x * 100).toFixed(digits)} %` : '—');
export const shape = dims => `(${dims.map(d => (d === null ? 'None' : d)).join(', ')})`;

export function bytes(n) {
  if (typeof n !== 'number') return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return i === 0 ? `${n} B` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}

export function dateTime(iso) {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * Shows an ApiError (or any error) in a .problem box: the API's title, detail and each error under its
 * JSON path, as worded. `skip(path)` leaves out errors shown elsewhere (next to a layer or a field).
 */
export function showProblem(box, error, { skip = () => false, elsewhere = 'next to what they concern' } = {}) {
  const problem = error && error.problem ? error.problem : { title: 'Something went wrong', detail: String(error && error.message || error) };
  const entries = errorEntries(problem);
  const here = entries.filter(([path]) => !skip(path));
  const status = problem.status ? ` (${problem.status})` : '';
  box.replaceChildren(
    el('p', {}, el('strong', {}, `${problem.title || 'Error'}${status}`)),
    problem.detail ? el('p', {}, problem.detail) : null,
    here.length ? el('ul', {}, here.map(([path, message]) => el('li', {}, path ? el('code', {}, path) : null, path ? ': ' : '', message))) : null,
    entries.length > here.length ? el('p', {}, `${entries.length - here.length} more shown ${elsewhere}.`) : null,
    // The API lists a bounded number of errors and counts them all in errorCount.
    problem.errorCount > entries.length ? el('p', {}, `${problem.errorCount} errors in all; the first ${entries.length} are listed.`) : null,
    problem.retryAfter ? el('p', {}, `Retry after ${problem.retryAfter} s.`) : null,
  );
  box.hidden = false;
}

export function hideProblem(box) {
  box.hidden = true;
  box.replaceChildren();
}

/** A table from column definitions {label, value(row) → text|Node, className?}. */
export function fillTable(table, columns, rows, { rowClass, rowId } = {}) {
  const caption = table.querySelector('caption');
  const head = el('thead', {}, el('tr', {}, columns.map(c => el('th', { scope: 'col', className: c.className || '' }, c.label))));
  const body = el('tbody', {}, rows.map(row => el('tr', { className: rowClass ? rowClass(row) : '', 'data-id': rowId?.(row) },
    columns.map(c => el('td', { className: c.className || '', 'data-label': c.label }, c.value(row))))));
  table.replaceChildren(...[caption, head, body].filter(Boolean));
}
