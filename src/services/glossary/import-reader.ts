/**
 * Reads and checks a term-base upload for an import off the main thread (issue 11: requests are
 * answered within 100 ms while a 20,000-concept TBX is imported). Parsing a 25 MB TBX and
 * checking its concepts costs seconds of CPU and, with the objects it makes, long garbage
 * collections; in a worker thread (import-worker.ts) neither holds the event loop. The main
 * thread only passes the upload's chunks on as they arrive and receives the checked concepts in
 * batches; planning, staging and the all-or-nothing apply stay with the store's connection
 * (glossary-import.ts), so one store interface serves SQLite and PostgreSQL alike.
 *
 * Small files (up to IN_PROCESS_MAX_BYTES) are read in process: some 50 ms of CPU in slices that
 * yield (readTbx), less than a worker takes to start (worker-run.ts). Errors of the worker come back as the errors the readers throw
 * (400 unreadable input with the reader's message, 413, 422), before anything is staged, so a
 * failed read never leaves part of a file imported. A worker that dies (killed, out of memory)
 * fails the import with a plain error (500): that is our fault, not the file's. A file whose
 * first bytes show the wrong root element is refused here before a worker starts; when the
 * worker gives up early all the same, the upload is returned unread. Either way the HTTP layer
 * drains or closes the connection as for any reader.
 */
import type { Worker } from 'node:worker_threads';
import type { FileConcept } from '../../formats/concepts.js';
import { type FormatId, type UploadSource, checkTermbaseHead, peek, streamOf } from '../../formats/registry.js';
import { startWorker } from '../../worker-run.js';
import { errorFrom, ownCopy } from '../../worker-wire.js';
import { type CheckedFile, type Incoming, readCheckedFile } from './import-incoming.js';
import type { FromWorker, ReadOptions, ToWorker } from './import-worker.js';

/** Uploads up to this size are read on the main thread: ~50 ms of parsing in 15 ms slices, less than a worker's start. */
export const IN_PROCESS_MAX_BYTES = 256 * 1024;

/** How an import reads its file. */
export interface ImportReadOptions extends ReadOptions {
  /** Uploads up to this many bytes are read in process (default IN_PROCESS_MAX_BYTES; 0: always a worker). */
  inProcessMaxBytes?: number;
  /** Called with the worker when one is started (tests stop it to see a worker fail). */
  onWorker?: (worker: Worker) => void;
}

/** The worker's answer: the format once every batch has arrived; rejects with its error or when it dies. */
function answerOf(worker: Worker, concepts: FileConcept[], incoming: (Incoming | string)[]): Promise<FormatId> {
  return new Promise<FormatId>((resolve, reject) => {
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'batch') {
        for (const c of m.concepts) concepts.push(c);
        for (const c of m.incoming) incoming.push(c);
        worker.postMessage({ type: 'more' } satisfies ToWorker);
      } else if (m.type === 'done') resolve(m.format);
      else reject(errorFrom(m.error));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the import's worker thread stopped (exit code ${code}) before it had read the file`)));
  });
}

/** Reads `source` in a worker thread, passing its chunks on as they arrive. */
async function readInWorker(stream: AsyncIterableIterator<Uint8Array>, opts: ImportReadOptions): Promise<CheckedFile> {
  const { format, mediaType } = opts;
  const worker = startWorker(new URL('./import-worker.js', import.meta.url), { workerData: { format, mediaType } satisfies ReadOptions });
  opts.onWorker?.(worker);
  const concepts: FileConcept[] = [];
  const incoming: (Incoming | string)[] = [];
  const answer = answerOf(worker, concepts, incoming);
  let failed = false;
  answer.catch(() => { failed = true; });
  const send = (m: ToWorker, transfer: ArrayBuffer[] = []) => worker.postMessage(m, transfer);
  try {
    for await (const chunk of stream) {
      if (failed) break;
      const { bytes, transfer } = ownCopy(chunk);
      send({ type: 'chunk', bytes }, transfer);
    }
    if (!failed) send({ type: 'end' });
    return { format: await answer, concepts, incoming };
  } finally {
    await worker.terminate();
  }
}

/** Reads and checks a term-base upload for an import (see the module header). */
export async function readImportFile(source: UploadSource, opts: ImportReadOptions = {}): Promise<CheckedFile> {
  const limit = opts.inProcessMaxBytes ?? IN_PROCESS_MAX_BYTES;
  const { head, stream } = await peek(streamOf(source), limit + 1);
  if (head.length <= limit) {
    await stream.return?.();
    return readCheckedFile(head, opts);
  }
  try {
    await checkTermbaseHead(head, opts);
  } catch (err) {
    await stream.return?.();
    throw err;
  }
  return readInWorker(stream, opts);
}
