/**
 * Request bodies. JSON up to 1 MB (bulk routes up to 20 MB: 10,000 units or 1,000 lookup
 * segments do not fit in 1 MB); `text/plain` documents up to 200 MB, decoded strictly as
 * UTF-8 (or UTF-16 with a BOM), so a wrongly encoded file is a 400 instead of mojibake.
 */
import express, { type RequestHandler } from 'express';
import { UnreadableInputError } from '../domain/errors.js';
import { decodeText } from '../formats/text.js';

/** Limit for ordinary JSON bodies. */
export const JSON_LIMIT = '1mb';
/** Limit for bulk JSON routes (units, batch lookups). */
export const BULK_JSON_LIMIT = '20mb';
/** Limit for uploaded files (text, XLIFF, TMX, TBX, CSV). */
export const UPLOAD_LIMIT_BYTES = 200 * 1024 * 1024;

/** Routes (method + path) whose JSON bodies may be large. */
const BULK_ROUTES = new Set(['POST /api/v1/tm/units', 'POST /api/v1/tm/lookup/batch']);

const JSON_TYPES = ['application/json', 'application/*+json'];
const small = express.json({ limit: JSON_LIMIT, type: JSON_TYPES, strict: true });
const bulk = express.json({ limit: BULK_JSON_LIMIT, type: JSON_TYPES, strict: true });

/** Routes whose body is an uploaded file, JSON included (a JSON glossary): streamed by the route, not parsed here. */
const UPLOAD_ROUTES = /^\/api\/v1\/(?:glossary|glossaries\/[^/]+)\/import$/;

/** Parses JSON bodies with the limit of the route. */
export const jsonBody: RequestHandler = (req, res, next) => {
  if (req.method === 'POST' && UPLOAD_ROUTES.test(req.path)) {
    next();
    return;
  }
  (BULK_ROUTES.has(`${req.method} ${req.path}`) ? bulk : small)(req, res, next);
};

const rawText = express.raw({ type: 'text/plain', limit: UPLOAD_LIMIT_BYTES });

/** Reads a `text/plain` body into a string (strict decoding), leaving other bodies alone. */
export const textBody: RequestHandler = (req, res, next) => {
  rawText(req, res, (err?: unknown) => {
    if (err) {
      next(err);
      return;
    }
    if (Buffer.isBuffer(req.body)) {
      const charset = /charset\s*=\s*"?([\w-]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
      if (charset && !['utf-8', 'utf8', 'utf-16', 'utf-16le', 'utf-16be'].includes(charset)) {
        next(new UnreadableInputError(`charset ${charset} is not supported; send UTF-8`));
        return;
      }
      try {
        req.body = decodeText(req.body);
      } catch (e) {
        next(e);
        return;
      }
    }
    next();
  });
};
