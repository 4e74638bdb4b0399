/**
 * Response details the protocol clients depend on (issue 15): JSON numbers written with a
 * fractional part, and conditional GETs with entity tags.
 */
import type { Request, Response } from 'express';
import type { ServedFile } from '../../services/protocols/omegat-files.js';
import { sendChunks } from '../routes/exchange.js';

/**
 * `res.json(body)`, with the integer values of the members named `fields` written as `100.0`.
 * Okapi's TranslateToolkitTMConnector reads `quality` as `(Double) map.get("quality")` and its
 * JSON parser (json-simple) makes `100` a Long, so an integer fails the cast; `JSON.stringify`
 * cannot write `100.0`. The body goes through `res.json` (so the contract check in tests sees
 * it), and the text is patched on its way out: a member name in key position is always
 * preceded by `{` or `,`, which no `"` inside a JSON string can be (it is escaped there).
 */
export function sendJsonWithFractions(res: Response, body: unknown, fields: readonly string[]): void {
  const plain = res.send.bind(res);
  const member = new RegExp(`([{,]"(?:${fields.join('|')})":)(-?\\d+)(?=[,}])`, 'g');
  res.send = ((chunk: unknown) => {
    res.send = plain;
    return plain(typeof chunk === 'string' ? chunk.replace(member, '$1$2.0') : chunk);
  }) as Response['send'];
  res.json(body);
}

/** True when `If-None-Match` holds `etag` or `*` (RFC 9110 §13.1.2: weak comparison). */
export function ifNoneMatch(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/** Sends a file with its entity tag, or 304 when the client holds that version. */
export async function sendFile(req: Request, res: Response, file: ServedFile): Promise<void> {
  res.setHeader('ETag', file.etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  if (ifNoneMatch(req, file.etag)) {
    res.status(304).end();
    return;
  }
  res.status(200).type(file.mediaType);
  await sendChunks(res, file.chunks());
}
