/**
 * `res.json` for the app's answers to writes and lookups (POST, PUT, DELETE), without Express's
 * detours: the answer is stringified, its `Content-Type` and `Content-Length` set directly and the
 * body handed to Node as Express would hand it (a string under 1,000 characters, else a Buffer).
 * Express 5 asks four app settings, reads `Content-Type` twice, runs the type through mime-types
 * and then through content-type's parse and format to add the charset (`setCharset`), and asks for
 * `ETag`, `Transfer-Encoding` and the request's freshness, none of which can change such an
 * answer in this app: a non-GET response has no ETag function here (app.ts
 * `weakEtagsForReadsOnly`) and is never fresh.
 *
 * It is the app's `res.json` itself (set on `app.response`), not a route's way around it: every
 * route's JSON goes through it, and in the tests the contract's response validation wraps it as it
 * wrapped Express's (express-openapi-validator replaces `res.json` on each response with a hook that
 * checks the body and then calls the `res.json` it found, this one), so production and the tests
 * take one path. (Issue 12's eighth round sent lookup answers past `res.json`, which the tests'
 * validation then did not see; that was taken out.) Anything else goes to Express's own: GET, HEAD
 * and QUERY (ETag and freshness), a `Content-Type` or `Transfer-Encoding` already set, a status
 * without a body (204, 205, 304), the JSON settings (`json replacer`, `json spaces`, `json
 * escape`) or an ETag function set, and a value JSON cannot write (`undefined`).
 *
 * Profile of the fixed-answer server (bench/http/stack-probe.js, rounds 5-10 of 500 lookups,
 * `--cpu-prof-interval=50`, load 5): Express's `json` and `send` outside the stringify and the
 * socket write some 4% of the busy samples (`setCharset` 1.5%, mime-types 1.0%, content-type's
 * parse and format, the `get`s and `set`s). In process, the presented answers of 200 of the
 * benchmark's lookups sent by `res.json` to a response without a socket (20,000 a round, six
 * rounds, load 8): 38.4-40.3 -> 34.8-37.2 us an answer, JSON.stringify and the Buffer included
 * (the first rounds left out: 48.7 -> 38.0).
 */
import type { Express, Response } from 'express';

/** Below this many characters Express hands Node the string (joined to the header block), from it a Buffer. */
const STRING_BODY_BELOW = 1000;

/** Whether `res`'s answer may skip Express's `send` (see the module header). */
function plain(res: Response): boolean {
  const method = res.req.method;
  if (method === 'GET' || method === 'HEAD' || method === 'QUERY') return false;
  const status = res.statusCode;
  if (status === 204 || status === 205 || status === 304) return false;
  const settings = res.app.settings as Record<string, unknown>;
  if (typeof settings['etag fn'] === 'function' || settings['json replacer'] !== undefined || settings['json spaces'] !== undefined || settings['json escape']) return false;
  return !res.hasHeader('Content-Type') && !res.hasHeader('Transfer-Encoding');
}

/** Makes `app`'s `res.json` the one the module header describes. */
export function plainJsonAnswers(app: Express): void {
  const expressJson = app.response.json;
  app.response.json = function json(this: Response, obj: unknown): Response {
    const body = plain(this) ? JSON.stringify(obj) as string | undefined : undefined;
    if (body === undefined) return expressJson.call(this, obj);
    this.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (body.length < STRING_BODY_BELOW) {
      this.setHeader('Content-Length', String(Buffer.byteLength(body, 'utf8')));
      this.end(body, 'utf8');
    } else {
      const chunk = Buffer.from(body, 'utf8');
      this.setHeader('Content-Length', String(chunk.length));
      this.end(chunk);
    }
    return this;
  };
}
