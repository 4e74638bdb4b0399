/**
 * The worker thread of a term-base import (started by import-reader.ts): it receives the upload's
 * bytes as they arrive, reads them with the format registry (saxes for TBX, our CSV/TSV reader,
 * JSON) and checks every concept (import-incoming.ts), then sends the concepts back in batches of
 * BATCH, one at a time: the next only when the main thread asks for it. Node delivers every
 * message waiting on a port in one turn of the event loop, so 40 batches sent at once were
 * decoded in one go (1.7 s with its garbage collection, measured on a 25 MB TBX). Errors go
 * back as plain data (name, message and the fields our error classes carry) and are rebuilt as
 * the same errors on the main thread.
 *
 * Protocol. In: `{ type: 'chunk', bytes }`... then `{ type: 'end' }`, and `{ type: 'more' }` after
 * each batch; the read options come as `workerData`. Out: `{ type: 'batch', ... }`... then
 * `{ type: 'done', format }`, or one `{ type: 'error', error }`.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { FileConcept } from '../../formats/concepts.js';
import type { FormatId, TermbaseUploadFormat } from '../../formats/registry.js';
import { type ChunkMessage, Chunks, type WireError, toWire } from '../../worker-wire.js';
import { type Incoming, readCheckedFile } from './import-incoming.js';

/**
 * Concepts per message back: 200 concepts of a typical TBX (1-2 kB each) are decoded on the main
 * thread in a few milliseconds (500 took 20-60 ms with the garbage collection they caused, on a
 * busy machine); 20,000 concepts take 100 messages.
 */
const BATCH = 200;

/** What the worker is told. */
export type ToWorker = ChunkMessage | { type: 'more' };

/** What the worker says. */
export type FromWorker =
  | { type: 'batch'; concepts: FileConcept[]; incoming: (Incoming | string)[] }
  | { type: 'done'; format: FormatId }
  | { type: 'error'; error: WireError };

/** The read options the worker gets as its `workerData`. */
export interface ReadOptions {
  format?: TermbaseUploadFormat;
  mediaType?: string;
}

async function run(port: NonNullable<typeof parentPort>): Promise<void> {
  const chunks = new Chunks();
  let asked: (() => void) | undefined;
  port.on('message', (m: ToWorker) => (m.type === 'more' ? asked?.() : chunks.receive(m)));
  const send = (m: FromWorker) => port.postMessage(m);
  try {
    const file = await readCheckedFile(chunks, workerData as ReadOptions);
    for (let i = 0; i < file.concepts.length; i += BATCH) {
      const more = new Promise<void>((resolve) => { asked = resolve; });
      send({ type: 'batch', concepts: file.concepts.slice(i, i + BATCH), incoming: file.incoming.slice(i, i + BATCH) });
      await more;
    }
    send({ type: 'done', format: file.format });
  } catch (err) {
    send({ type: 'error', error: toWire(err) });
  } finally {
    port.close();
  }
}

if (!isMainThread && parentPort) await run(parentPort);
