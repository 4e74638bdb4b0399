/**
 * JSON answers of the lookup routes, sent without `res.json`'s detours (issue 12, eighth round).
 *
 * For a POST answer, Express's `res.json` -> `res.send` looks up the app's `json escape`,
 * `json replacer` and `json spaces` settings, sets `Content-Type` through `mime-types` and then
 * parses and formats it again to add the charset (`content-type`), asks for the ETag function
 * (off for POST, app.ts), checks freshness, and turns a body of 1,000 characters or more (every
 * lookup answer with a match) into a Buffer, which Node hands to the socket beside the header
 * block. Here the body is stringified and encoded once and its headers set directly.
 *
 * Handing Node the string instead, so that it joins it to the header block, was tried and not
 * kept: Node counts the string's UTF-8 bytes again for its own length (`write_` in `end`), on top
 * of the count for Content-Length, and then encodes it: under callgrind (stack-probe, 150
 * lookups a round with the answer fixed, V8's compiler and collections counted apart)
 * `String::Utf8Length` went 5.3 -> 10.3 M instructions a round and the stack 0.947-1.114 ->
 * 0.975-1.131 M a request. It stays one `writev` system call either way (`end` corks the socket
 * and adds an empty chunk).
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
  // One UTF-8 encoding, whose length is the header's: handed a string, Node would count its bytes again.
  const body = Buffer.from(JSON.stringify(value));
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', body.length);
  res.end(body);
}
