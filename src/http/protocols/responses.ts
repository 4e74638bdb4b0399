/**
 * Response details the protocol clients depend on (issue 15): JSON numbers written with a
 * fractional part (Okapi), JSON spaced and escaped as Python writes it (OmegaT's Apertium
 * client), and conditional GETs with entity tags.
 */
import type { Request, Response } from 'express';
import type { ServedFile } from '../../services/protocols/omegat-files.js';
import { sendChunks } from '../routes/exchange.js';

/**
 * `res.json(body)`, written by `write` instead of `JSON.stringify`. The body goes through
 * `res.json` (so the contract check in tests sees it), and only the text Express would send for
 * it is replaced on its way out; anything else sent instead (an error) passes unchanged.
 */
export function sendJsonWrittenBy(res: Response, body: unknown, write: (body: unknown) => string): void {
  const plain = res.send.bind(res);
  const expected = JSON.stringify(body);
  res.send = ((chunk: unknown) => {
    res.send = plain;
    return plain(chunk === expected ? write(body) : chunk);
  }) as Response['send'];
  res.json(body);
}

/**
 * `res.json(body)`, with the integer values of the members named `fields` written as `100.0`.
 * Okapi's TranslateToolkitTMConnector reads `quality` as `(Double) map.get("quality")` and its
 * JSON parser (json-simple) makes `100` a Long, so an integer fails the cast; `JSON.stringify`
 * cannot write `100.0`. A member name in key position is always preceded by `{` or `,`, which
 * no `"` inside a JSON string can be (it is escaped there).
 */
export function sendJsonWithFractions(res: Response, body: unknown, fields: readonly string[]): void {
  const member = new RegExp(`([{,]"(?:${fields.join('|')})":)(-?\\d+)(?=[,}])`, 'g');
  sendJsonWrittenBy(res, body, (b) => JSON.stringify(b).replace(member, '$1$2.0'));
}

/** A JSON string as Python writes it by default (`ensure_ascii`): every non-ASCII UTF-16 unit as `\uXXXX`. */
function pythonString(text: string): string {
  return JSON.stringify(text).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * JSON as Python's `json.dumps` writes it with its defaults, which is what Apertium APy sends:
 * `", "` and `": "` between members, non-ASCII escaped. OmegaT 3.6's Apertium client does not
 * parse JSON: it cuts the text between the literal `{"translatedText": "` and the next `"}`,
 * then decodes `\uXXXX` and `\"` (ApertiumTranslate `MARK_BEG`, `RE_UNICODE`; read from the
 * class in Debian's omegat 3.6.0.10), so `{"translatedText":"…"}` without the space is garbage
 * to it.
 */
export function pythonJson(value: unknown): string {
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${members.map(([k, v]) => `${pythonString(k)}: ${pythonJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value ?? null);
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
