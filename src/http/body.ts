/**
 * JSON request bodies, parsed after authentication (app.ts): JSON up to 1 MB, bulk routes up to
 * 20 MB (10,000 units or 1,000 lookup segments do not fit in 1 MB). A declared Content-Length over
 * the limit is refused at once, before a byte is read (body-parser would first read the whole body
 * to discard it). Strings must be well-formed Unicode: JSON escapes can spell a lone surrogate
 * (`"\ud800"`), which would be stored as U+FFFD and never match the text as sent again, so such a
 * body is a 400 naming each field.
 *
 * Uploaded files (text, XLIFF, TMX, TBX, CSV) are not parsed here: the routes stream them to the
 * format registry through upload.ts.
 */
import type { IncomingMessage } from 'node:http';
import express, { type Request, type RequestHandler } from 'express';
import { type FieldError, PayloadTooLargeError, ValidationError } from '../domain/errors.js';
import { hasLoneSurrogate } from '../domain/limits.js';

/** Limit for ordinary JSON bodies. */
export const JSON_LIMIT_BYTES = 1024 * 1024;
/** Limit for bulk JSON routes (units, batch lookups). */
export const BULK_JSON_LIMIT_BYTES = 20 * 1024 * 1024;
/** Fields with a lone surrogate named in one answer; the rest are counted. */
const MAX_REPORTED_FIELDS = 20;

/** Routes (method + path) whose JSON bodies may be large. */
const BULK_ROUTES = new Set(['POST /api/v1/tm/units', 'POST /api/v1/tm/lookup/batch']);

const JSON_TYPES = ['application/json', 'application/*+json'];
/** Distinct Content-Type headers whose answer is kept (clients send a handful; the map starts again when full). */
const MAX_KNOWN_TYPES = 64;
/** Content-Type header -> whether it names a JSON type, as `req.is(JSON_TYPES)` answered it. */
const knownTypes = new Map<string, boolean>();

/**
 * Whether a request that has a body sends JSON, as `req.is(JSON_TYPES)` decides (type-is: the
 * header parsed, normalised and matched against each type, wildcards included), asked once per
 * distinct header (issue 12: type-is's `mimeMatch` was 2% of the stack's busy time in the CPU
 * profile of the fixed-answer server, load 10, for two calls a request: the limit check here and
 * body-parser's own). Only for a request with a body: `req.is` answers null without one, so what
 * is kept is its answer for the header alone.
 */
function sendsJson(req: Request): boolean {
  const header = req.headers['content-type'];
  if (header === undefined) return false;
  let json = knownTypes.get(header);
  if (json === undefined) {
    json = Boolean(req.is(JSON_TYPES));
    // Made-up headers cannot grow it, nor keep a client's usual header out for good.
    if (knownTypes.size >= MAX_KNOWN_TYPES) knownTypes.clear();
    knownTypes.set(header, json);
  }
  return json;
}

// body-parser asks `type` only for a request with a body (read.js: `hasBody` first).
// body-parser types it an IncomingMessage; in the app it is Express's request.
const parsesJson = (req: IncomingMessage) => sendsJson(req as Request);
const small = express.json({ limit: JSON_LIMIT_BYTES, type: parsesJson, strict: true });
const bulk = express.json({ limit: BULK_JSON_LIMIT_BYTES, type: parsesJson, strict: true });

/** JSON-pointer escaping of one path segment. */
function segment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Paths of the strings (and keys) in `body` that hold a lone surrogate; iterative, as JSON may nest deep. */
function illFormed(body: unknown): FieldError[] {
  const out: FieldError[] = [];
  const stack: [unknown, string][] = [[body, '/body']];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [value, path] = item;
    if (typeof value === 'string') {
      if (hasLoneSurrogate(value)) out.push({ path, message: 'must be well-formed Unicode (it holds a lone surrogate)' });
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        if (hasLoneSurrogate(k)) out.push({ path: `${path}/${segment(k)}`, message: 'is a key that is not well-formed Unicode' });
        stack.push([v, `${path}/${segment(k)}`]);
      }
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Routes whose body is an uploaded file, JSON included (a JSON glossary): streamed by the route, not parsed here. */
const UPLOAD_ROUTES = /^\/api\/v1\/(?:glossary|glossaries\/[^/]+)\/import$/;

/** Parses JSON bodies with the limit of the route and refuses ill-formed Unicode. */
export const jsonBody: RequestHandler = (req, res, next) => {
  if (req.method === 'POST' && UPLOAD_ROUTES.test(req.path)) {
    next();
    return;
  }
  const isBulk = BULK_ROUTES.has(`${req.method} ${req.path}`);
  const declared = Number(req.headers['content-length']);
  // A declared length is a body (so `sendsJson` may be asked), and only one over the limit needs its type.
  if (Number.isFinite(declared) && declared > (isBulk ? BULK_JSON_LIMIT_BYTES : JSON_LIMIT_BYTES) && sendsJson(req)) {
    next(new PayloadTooLargeError(`the JSON body is larger than ${isBulk ? '20 MB' : '1 MB'}, the limit of this route`));
    return;
  }
  (isBulk ? bulk : small)(req, res, (err?: unknown) => {
    if (err !== undefined) {
      next(err);
      return;
    }
    const errors = req.body === undefined ? [] : illFormed(req.body);
    if (errors.length === 0) {
      next();
      return;
    }
    const shown = errors.slice(0, MAX_REPORTED_FIELDS);
    const more = errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : '';
    next(new ValidationError(`${shown.map((e) => `${e.path.slice(1)} ${e.message}`).join('; ')}${more}`, shown));
  });
};
