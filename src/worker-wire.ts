/**
 * What crosses between the main thread and the workers that read uploads (the term-base import's,
 * services/glossary/import-worker.ts; the TMX import's, services/exchange/tmx-parse-worker.ts):
 * the upload's bytes, sent on as they arrive and read in the worker as a byte stream
 * ({@link Chunks}), and errors, sent back as plain data and rebuilt as the same errors, so the
 * HTTP layer answers a file read in a worker exactly as one read in process (400 unreadable
 * input with the reader's message, 413, 422, 507 for a full disk).
 */
import { CaravanError, type FieldError, PayloadTooLargeError, UnreadableInputError, ValidationError } from './domain/errors.js';

/** The upload's bytes, as the worker is sent them: chunks, then the end. */
export type ChunkMessage = { type: 'chunk'; bytes: Uint8Array } | { type: 'end' };

/** An error as it crosses the thread boundary. */
export interface WireError {
  name: string;
  message: string;
  format?: string;
  errors?: FieldError[];
  /** SQLite's or the system's error code (SQLITE_FULL, ENOSPC: the disk is full). */
  code?: string;
}

/** An error of a worker as plain data. */
export function toWire(err: unknown): WireError {
  if (err instanceof UnreadableInputError) return { name: 'UnreadableInputError', message: err.message, ...(err.format ? { format: err.format } : {}) };
  if (err instanceof ValidationError) return { name: 'ValidationError', message: err.message, errors: err.errors };
  if (err instanceof PayloadTooLargeError) return { name: 'PayloadTooLargeError', message: err.message };
  const code = (err as { code?: unknown } | undefined)?.code;
  if (err instanceof CaravanError || err instanceof Error) return { name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}) };
  return { name: 'Error', message: String(err) };
}

/** A worker's error rebuilt on this thread as the error it was. */
export function errorFrom(e: WireError): Error {
  if (e.name === 'UnreadableInputError') return new UnreadableInputError(e.message, e.format);
  if (e.name === 'ValidationError') return new ValidationError(e.message, e.errors ?? []);
  if (e.name === 'PayloadTooLargeError') return new PayloadTooLargeError(e.message);
  return Object.assign(new Error(e.message), { name: e.name }, e.code === undefined ? {} : { code: e.code });
}

/**
 * The upload's bytes as the main thread sends them, as a byte stream for the readers; `taken` hears
 * the size of each chunk the reader takes (the sender's backpressure).
 */
export class Chunks implements AsyncIterableIterator<Uint8Array> {
  private readonly queue: Uint8Array[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(private readonly taken: (bytes: number) => void = () => {}) {}

  /** Takes a message of the sender. */
  receive(m: ChunkMessage): void {
    if (m.type === 'chunk' && !this.ended) this.queue.push(m.bytes);
    else if (m.type === 'end') this.ended = true;
    this.wake?.();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return this;
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    for (;;) {
      const bytes = this.queue.shift();
      if (bytes) {
        this.taken(bytes.length);
        return { done: false, value: bytes };
      }
      if (this.ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => { this.wake = resolve; });
      this.wake = undefined;
    }
  }

  /** A reader that gives up early: what else arrives is dropped. */
  async return(): Promise<IteratorResult<Uint8Array>> {
    this.ended = true;
    this.queue.length = 0;
    return { done: true, value: undefined };
  }
}

/** A chunk of an upload as a copy of its own, to be moved rather than cloned (a chunk may be a view of a larger pooled buffer). */
export function ownCopy(chunk: Uint8Array): { bytes: Uint8Array; transfer: ArrayBuffer[] } {
  const bytes = Uint8Array.prototype.slice.call(chunk);
  return { bytes, transfer: [bytes.buffer as ArrayBuffer] };
}
