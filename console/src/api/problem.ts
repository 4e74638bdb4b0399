/**
 * Errors from the API as RFC 9457 problem documents. Every failed call becomes an ApiError
 * carrying the problem the server sent (its `title` and `detail` are what the console shows);
 * a 401 also tells the application, which returns to sign-in.
 */
import type { Problem } from './types.js';

/** A failed API call. `problem.status` is 0 when the server could not be reached. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.title}: ${problem.detail}`);
    this.name = 'ApiError';
  }
}

type Listener = (problem: Problem) => void;
let unauthorized: Listener = () => {};

/** Sets what happens on a 401 (the app signs out and shows sign-in). */
export function onUnauthorized(listener: Listener): void {
  unauthorized = listener;
}

function isProblem(body: unknown): body is Problem {
  const b = body as Partial<Problem> | null;
  return typeof b === 'object' && b !== null && typeof b.title === 'string' && typeof b.status === 'number';
}

/** The ApiError for a failed response with its parsed (or raw) body; reports a 401. */
export function failure(status: number, statusText: string, body: unknown): ApiError {
  const problem: Problem = isProblem(body) ? body
    : { type: 'about:blank', title: statusText || `HTTP ${status}`, status, detail: typeof body === 'string' ? body.slice(0, 500) : '' };
  if (status === 401) unauthorized(problem);
  return new ApiError(problem);
}

/** The ApiError for a request that never got an answer. */
export function networkFailure(err: unknown): ApiError {
  return new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: err instanceof Error ? err.message : String(err) });
}

/** The problem of a caught error (an ApiError's, or a generic one for anything else). */
export function problemOf(err: unknown): Problem {
  if (err instanceof ApiError) return err.problem;
  return { type: 'about:blank', title: 'Error', status: 0, detail: err instanceof Error ? err.message : String(err) };
}
