/**
 * Request bodies the routes stream (uploaded files), and what becomes of a body nobody read when
 * the server refuses a request: one helper for every upload route (issue 9 §2).
 *
 * `uploadStream(req)` hands the body to a format reader chunk by chunk, never buffered whole, and
 * refuses it with 413 past the upload limit (`CARAVAN_UPLOAD_LIMIT`): at once from a declared
 * Content-Length, else as soon as the count passes it. It reads through `req.iterator()` with
 * `destroyOnReturn: false` and remembers that iterator, because a reader that fails may abandon
 * it half-way (a sniffer that saw a wrong root never asks for more): its `readable` listener then
 * stays on the request, and `req.resume()` does nothing while one is attached. The connection
 * would hang until the keep-alive timeout.
 *
 * `settleRefusal(res)` runs before every refusal is sent (problem.ts calls it), whether a route
 * read part of the body or none (401, 403, 415). The policy follows Go's net/http, which drains
 * up to 256 KB of an unread body and otherwise answers `Connection: close`:
 * - when at most DRAIN_LIMIT_BYTES are still to come, they are read and discarded after the answer,
 *   and the next request on the connection is answered;
 * - when more are to come, or the length is unknown (chunked), the answer carries
 *   `Connection: close`, and the socket is closed in stages (RFC 9112 §9.6): half-closed after the
 *   answer, what the client still sends is discarded for up to LINGER_MS, then it is closed.
 *   Closing at once with unread bytes makes the kernel send RST, and a client that has not read
 *   the answer yet loses it.
 */
import type { IncomingMessage } from 'node:http';
import bytes from 'bytes';
import type { Request, RequestHandler, Response } from 'express';
import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../config.js';
import { PayloadTooLargeError } from '../domain/errors.js';

/** An unread rest of at most this size is drained to keep the connection: a few milliseconds on a LAN. */
export const DRAIN_LIMIT_BYTES = 1024 * 1024;
/**
 * Formats read whole into memory (plain-text documents, XLIFF documents, term-base files) take at
 * most this much, or the upload limit when it is lower; TMX streams into the TM up to the limit.
 */
export const WHOLE_FILE_LIMIT_BYTES = 200 * 1024 ** 2;
/** How long a refused upload's socket is read and discarded before it is closed (Apache's lingering close waits 2 s). */
export const LINGER_MS = 2_000;

const LIMIT_KEY = 'caravanUploadLimitBytes';

interface Reader {
  iterator: AsyncIterator<Buffer>;
  /** Bytes taken from the request so far. */
  read: number;
}
const readers = new WeakMap<IncomingMessage, Reader>();

/** Sets the upload limit of an app (`createApp` does, from CARAVAN_UPLOAD_LIMIT). */
export function setUploadLimit(locals: Record<string, unknown>, limit: number): void {
  locals[LIMIT_KEY] = limit;
}

/** The upload limit of the app serving `req`. */
export function uploadLimitOf(req: Request): number {
  const v = (req.app?.locals as Record<string, unknown> | undefined)?.[LIMIT_KEY];
  return typeof v === 'number' ? v : DEFAULT_UPLOAD_LIMIT_BYTES;
}

/** The limit for a format read whole: the upload limit, at most {@link WHOLE_FILE_LIMIT_BYTES}. */
export function wholeFileLimitOf(req: Request): number {
  return Math.min(uploadLimitOf(req), WHOLE_FILE_LIMIT_BYTES);
}

/** The request body as a stream of chunks, bounded by `limit` bytes (the app's upload limit). */
export function uploadStream(req: Request, limit = uploadLimitOf(req)): AsyncIterable<Uint8Array> {
  const tooLarge = () => new PayloadTooLargeError(`the upload is larger than ${bytes.format(limit, { unitSeparator: ' ' })}, the limit of this route`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const reader: Reader = { iterator: req.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>, read: 0 };
  readers.set(req, reader);
  const chunks: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => reader.iterator };
  return (async function* () {
    // Leaving this loop early (a limit, a reader that stops) returns the iterator, which detaches it.
    for await (const chunk of chunks) {
      reader.read += chunk.length;
      if (reader.read > limit) throw tooLarge();
      yield chunk;
    }
  })();
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Half-closes after the answer, discards what still comes for up to LINGER_MS, then closes. */
function closeInStages(req: IncomingMessage): void {
  const socket = req.socket;
  // Node ends a `Connection: close` answer with socket.destroySoon(), which closes as soon as the
  // answer is flushed; this socket closes in stages instead.
  socket.destroySoon = () => {
    socket.end();
    const close = () => socket.destroy();
    const timer = setTimeout(close, LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    if (req.complete) close();
    else req.once('end', close);
  };
}

/** Lets go of a half-read body and discards the rest, so the parser reaches the next request. */
async function release(req: IncomingMessage, reader: Reader | undefined): Promise<void> {
  if (reader) await reader.iterator.return?.()?.catch(() => undefined);
  // The iterator's `readable` listener goes on the next tick; resume() works once it is gone.
  setImmediate(() => {
    if (!req.destroyed) req.resume();
  });
}

/**
 * Closes the connection of a request whose body goes `ms` without a byte (a stalled client),
 * also while an unread body is drained after a refusal. The timeout ends with the body: a long
 * import that answers minutes later is not cut.
 */
export function bodyIdleTimeout(ms: number): RequestHandler {
  return (req, _res, next) => {
    if (hasBody(req) && !req.complete) {
      const socket = req.socket;
      socket.setTimeout(ms);
      const clear = () => socket.setTimeout(0);
      req.once('end', clear);
      req.once('close', clear);
    }
    next();
  };
}

/**
 * Prepares the connection for a refusal of `res.req` (call before the answer is sent): keeps it
 * when little of the body is still to come, else announces and performs a staged close.
 */
export function settleRefusal(res: Response): void {
  const req = res.req as IncomingMessage | undefined;
  if (!req || res.headersSent || !hasBody(req) || req.readableEnded) return;
  const reader = readers.get(req);
  if (!req.complete) {
    const declared = Number(req.headers['content-length']);
    const received = (reader?.read ?? 0) + req.readableLength;
    const remaining = Number.isFinite(declared) ? declared - received : Number.POSITIVE_INFINITY;
    if (remaining > DRAIN_LIMIT_BYTES) {
      res.setHeader('Connection', 'close');
      closeInStages(req);
    }
  }
  res.once('finish', () => void release(req, reader));
}
