/**
 * RFC 9457 problem details. Every error leaves the server as `application/problem+json`
 * with `type`, `title`, `status`, `detail` (and `errors` for validation). Errors we did not
 * anticipate become a generic 500 that leaks nothing internal (as Outline's onerror does).
 */
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { CaravanError, ConflictError, type FieldError, PreconditionFailedError, ValidationError } from '../domain/errors.js';

/** Problem types: code → [HTTP status, title, explanation]. */
export const PROBLEM_TYPES: Record<string, [number, string, string]> = {
  validation: [400, 'Invalid request', 'The request breaks a rule of the API contract or of the data; `errors` names each field.'],
  'malformed-json': [400, 'Malformed JSON', 'The body is not well-formed JSON.'],
  'unreadable-input': [400, 'Unreadable input', 'A file could not be read: malformed or hostile XML, a wrong root element, or a wrong encoding.'],
  unauthorized: [401, 'Unauthorized', 'No API key was sent, or the key is unknown. Send `Authorization: Bearer <key>`.'],
  forbidden: [403, 'Forbidden', 'The API key is valid, but its role does not allow this operation.'],
  'read-only': [403, 'Read-only', 'The collection (memory or glossary) is marked read-only; an admin can clear readOnly.'],
  'not-found': [404, 'Not found', 'The resource or route does not exist.'],
  'method-not-allowed': [405, 'Method not allowed', 'The route exists, but not with this method.'],
  conflict: [409, 'Conflict', 'The write contradicts data already stored.'],
  'precondition-failed': [412, 'Precondition failed', 'The If-Match version is no longer current: read the resource again and merge.'],
  'payload-too-large': [413, 'Payload too large', 'The body is over the size limit: JSON 1 MB (bulk routes 20 MB), uploaded files 200 MB.'],
  'unsupported-media-type': [415, 'Unsupported media type', 'The body has a media type this route does not take.'],
  'precondition-required': [428, 'Precondition required', 'Updates and deletes need an If-Match header with the ETag from the last read.'],
  'rate-limited': [429, 'Too many requests', 'Slow down: the per-key request budget for this minute is spent.'],
  internal: [500, 'Internal server error', 'Something went wrong on our side; the log has the details.'],
};

/** The problem document for `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

/** Builds a problem document; unknown codes fall back to the generic 500. */
export function problem(code: string, detail: string, extra: Record<string, unknown> = {}): Problem {
  const [status, title] = PROBLEM_TYPES[code] ?? (PROBLEM_TYPES.internal as [number, string, string]);
  return { type: `/problems/${code in PROBLEM_TYPES ? code : 'internal'}`, title, status, detail, ...extra };
}

/** Sends a problem document. */
export function sendProblem(res: Response, p: Problem): void {
  res.status(p.status).type('application/problem+json').send(JSON.stringify(p));
}

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
  errors?: { path?: string; message?: string; errorCode?: string }[];
}

/** Maps a caught error to a problem document. */
export function toProblem(err: unknown): Problem {
  if (err instanceof ValidationError) return problem('validation', err.message, { errors: err.errors });
  if (err instanceof ConflictError) return problem('conflict', err.message, err.details);
  if (err instanceof PreconditionFailedError) {
    return problem('precondition-failed', err.message, err.currentVersion === undefined ? {} : { currentVersion: err.currentVersion });
  }
  if (err instanceof CaravanError) return problem(err.code, err.message);
  if (err instanceof Error && err.name === 'InvalidLanguageTagError') {
    return problem('validation', err.message, { errors: [{ path: '/lang', message: err.message }] });
  }
  const e = err as HttpishError;
  const status = e?.status ?? e?.statusCode;
  if (e?.type === 'entity.too.large') return problem('payload-too-large', 'The request body is over the size limit for this route.');
  if (e?.type === 'entity.parse.failed') return problem('malformed-json', 'The request body is not well-formed JSON.');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return problem('unsupported-media-type', e.message ?? 'Unsupported encoding.');
  if (status && Array.isArray(e.errors)) {
    // express-openapi-validator: one entry per failed rule.
    const errors = e.errors.map((x) => ({ path: x.path ?? '', message: x.message ?? 'invalid' }));
    const code = status === 404 ? 'not-found' : status === 405 ? 'method-not-allowed' : status === 415 ? 'unsupported-media-type'
      : status === 413 ? 'payload-too-large' : 'validation';
    const detail = code === 'validation' ? errors.map((x) => `${x.path.replace(/^\/(body|query|params|headers)/, '$1')} ${x.message}`).join('; ') : (e.message ?? '');
    return problem(code, detail, code === 'validation' ? { errors } : {});
  }
  if (status && status >= 400 && status < 500) {
    const code = Object.entries(PROBLEM_TYPES).find(([, v]) => v[0] === status)?.[0] ?? 'validation';
    return problem(code, e.message ?? PROBLEM_TYPES[code]?.[1] ?? 'Bad request');
  }
  return problem('internal', 'An unexpected error occurred.');
}

/** The last middleware: logs server faults and answers with a problem document. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const p = toProblem(err);
    if (p.status >= 500) logger.error({ err, method: req.method, path: req.path }, 'request failed');
    sendProblem(res, p);
  };
}
