// Calls the API with fetch; every failure becomes an ApiError carrying the API's own ProblemDetails.
import { askKey, forgetKey } from './key.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/**
 * One request. `json` is sent as the body (a string is sent as it is, so the API words any syntax error);
 * `needsKey` adds X-Api-Key, asking for the key once per browser session; `raw` returns a successful Response as it is.
 */
export async function call(path, { method = 'GET', json, body, accept = 'application/json', needsKey = false, signal, raw = false } = {}) {
  const headers = { Accept: accept };
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = typeof json === 'string' ? json : JSON.stringify(json);
  }
  if (needsKey) {
    const key = await askKey();
    if (!key) throw new ApiError(0, { title: 'API key needed', detail: 'This action changes state on the server: it needs the API key.' });
    headers['X-Api-Key'] = key;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body, signal });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, { title: 'The API could not be reached', detail: error.message });
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    // A rejected key is dropped, so the next attempt asks for it again.
    if (needsKey && (response.status === 401 || response.status === 403)) forgetKey();
    throw new ApiError(response.status, problem);
  }
  if (raw) return response;
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

/** The ProblemDetails of a failed response; a body that is not one is shown as text under the status line. */
async function readProblem(response) {
  const text = await response.text().catch(() => '');
  let problem = null;
  if ((response.headers.get('Content-Type') || '').includes('json')) {
    try { problem = JSON.parse(text); } catch { /* not JSON after all: shown as text below */ }
  }
  problem = problem && typeof problem === 'object' ? problem
    : { title: `${response.status} ${response.statusText}`.trim(), detail: text.slice(0, 500) || undefined };
  problem.status ??= response.status;
  const retryAfter = response.headers.get('Retry-After');
  if (retryAfter) problem.retryAfter = retryAfter;
  return problem;
}

/** The validation errors of a problem as [path, message] pairs, in the API's order. */
export function errorEntries(problem) {
  const errors = problem && problem.errors;
  if (!errors || typeof errors !== 'object') return [];
  return Object.entries(errors).flatMap(([path, messages]) =>
    (Array.isArray(messages) ? messages : [messages]).map(message => [path, String(message)]));
}
