/**
 * RFC 9457 problem details. Every error leaves the server as `application/problem+json`
 * with `type`, `title`, `status`, `detail` (and `errors` for validation). Errors we did not
 * anticipate become a generic 500 that leaks nothing internal (as Outline's onerror does).
 *
 * A full disk is not unexpected: SQLite's SQLITE_FULL and the file system's ENOSPC (or EDQUOT,
 * a quota) become `507 Insufficient Storage` with its own type, so clients and operators see
 * what is wrong; reads keep working. A client that went away mid-request (an aborted upload)
 * is logged at `info`: it is not a fault of the server.
 *
 * Every refusal goes through {@link sendProblem}, which first settles a body nobody read
 * (upload.ts), so the connection is left usable or closed cleanly.
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from 'pino';
import { CaravanError, ConflictError, type FieldError, PreconditionFailedError, ValidationError } from '../domain/errors.js';
import { redactUrl } from './redact.js';
import { settleRefusal } from './upload.js';

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
  'payload-too-large': [413, 'Payload too large', 'The body is over the size limit: JSON 1 MB (bulk routes 20 MB); uploaded files the server\'s upload limit (`CARAVAN_UPLOAD_LIMIT`, 2 GB by default), and at most 200 MB for files read whole (plain text, XLIFF documents, term bases).'],
  'unsupported-media-type': [415, 'Unsupported media type', 'The body has a media type this route does not take.'],
  'precondition-required': [428, 'Precondition required', 'Updates and deletes need an If-Match header with the ETag from the last read.'],
  'rate-limited': [429, 'Too many requests', 'Slow down: the per-key request budget for this minute is spent.'],
  internal: [500, 'Internal server error', 'Something went wrong on our side; the log has the details.'],
  unavailable: [503, 'Service unavailable', 'The database is unreachable, or this node has not yet applied the change the request waits for; retry after `Retry-After` seconds.'],
  'insufficient-storage': [507, 'Insufficient storage', 'The disk that holds the data directory is full: nothing was written. Reads keep working; writes work again as soon as space is freed, without a restart.'],
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

/** Sends a problem document (after settling an unread request body). */
export function sendProblem(res: Response, p: Problem): void {
  settleRefusal(res);
  res.status(p.status).type('application/problem+json').send(JSON.stringify(p));
}

/**
 * Error codes of a full disk: SQLite's, the file system's, an exceeded quota, and PostgreSQL's
 * SQLSTATE 53100 (disk_full), which `pg` puts in the error's `code`.
 */
const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT', '53100']);

/** True when `err` (or its cause) says the disk is full. */
export function isDiskFull(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (DISK_FULL_CODES.has(String((e as { code?: unknown }).code))) return true;
  }
  return false;
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
  if (isDiskFull(err)) return problem('insufficient-storage', 'The disk that holds the data directory is full; nothing was written. Free some space and send the request again.');
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

/** True when the client closed the connection before its request was read and answered. */
function clientGone(req: Request, res: Response): boolean {
  return res.destroyed || (req.destroyed && !req.complete);
}

/**
 * The last middleware: logs server faults and answers with a problem document. `onDiskFull` is
 * told of every write refused for lack of space (for `/health`).
 */
export function errorHandler(logger: Logger, onDiskFull: (err: unknown) => void = () => {}): ErrorRequestHandler {
  return (err, req, res, next) => {
    const where = { method: req.method, path: redactUrl(req.path) };
    if (clientGone(req, res)) {
      logger.info({ ...where, reason: (err as Error)?.message }, 'the client closed the connection before the request was answered');
      return;
    }
    if (res.headersSent) {
      next(err);
      return;
    }
    const p = toProblem(err);
    if (p.status === 503) res.setHeader('Retry-After', '1');
    else if (p.status === 507) {
      onDiskFull(err);
      logger.warn({ ...where, code: (err as { code?: string }).code }, 'a write was refused: the disk is full');
    } else if (p.status >= 500) logger.error({ err, ...where }, 'request failed');
    sendProblem(res, p);
  };
}
