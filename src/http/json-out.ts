/**
 * JSON answers of the lookup routes, sent without `res.json`'s detours (issue 12, eighth round).
 *
 * For a POST answer, Express's `res.json` -> `res.send` looks up the app's `json escape`,
 * `json replacer` and `json spaces` settings, sets `Content-Type` through `mime-types` and then
 * parses and formats it again to add the charset (`content-type`), asks for the ETag function
 * (off for POST, app.ts), checks freshness, and turns a body of 1,000 characters or more (every
 * lookup answer with a match) into a Buffer, which Node hands to the socket beside the header
 * block. Here the body is stringified once, its headers set directly, and it is handed to Node as
 * a string, which Node joins to the header block (`OutgoingMessage._send`) and encodes once. It is
 * still one `writev` system call either way: `end` corks the socket and adds an empty chunk.
 *
 * Only where nothing of that is needed: a POST answered 200 with a JSON body, no ETag and no
 * freshness (a POST is never answered 304), and none of the app's JSON settings set (app.ts sets
 * none). When `res.json` is the response's own (the contract's response validation, in tests,
 * wraps it on each response to check the body against openapi.yaml), it is called as before.
 */
import type { Response } from 'express';

/** The content type `res.json` sends (its `application/json` with the charset `res.send` adds). */
const JSON_TYPE = 'application/json; charset=utf-8';

/** Sends `value` as a 200 JSON answer to a POST (see the module header). */
export function sendJsonAnswer(res: Response, value: unknown): void {
  if (Object.prototype.hasOwnProperty.call(res, 'json')) {
    res.json(value);
    return;
  }
  const body = JSON.stringify(value);
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
