/**
 * Uploaded files (XLIFF, TMX, TBX, CSV) are streamed, never buffered whole: the route hands
 * the request to a format reader as an async stream of chunks. Bodies over the upload limit
 * are refused from their Content-Length when it is sent, and otherwise as soon as the count
 * passes the limit.
 */
import type { Request } from 'express';
import { PayloadTooLargeError } from '../domain/errors.js';
import { UPLOAD_LIMIT_BYTES } from './body.js';

/** The request body as a stream of chunks, bounded by `limit` bytes. */
export function uploadStream(req: Request, limit = UPLOAD_LIMIT_BYTES): AsyncIterable<Uint8Array> {
  const declared = Number(req.headers['content-length']);
  const tooLarge = () => new PayloadTooLargeError(`the upload is larger than ${Math.round(limit / 1024 / 1024)} MB`);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge();
  }
  return (async function* () {
    let total = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) {
        req.unpipe();
        req.resume();
        throw tooLarge();
      }
      yield chunk;
    }
  })();
}
