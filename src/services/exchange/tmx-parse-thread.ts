/**
 * The main thread's side of a TMX import parsed in a worker (tmx-parse-worker.ts): the upload's
 * chunks are passed on as they arrive (moved, not cloned), at most BYTES_AHEAD of them not yet
 * taken by the worker's reader, so a fast upload does not pile up in the worker's queue; each
 * page the worker staged goes to `fold`, one after the other, and the worker hears when it is
 * folded. Errors of the worker come back as the errors the reader or the store threw (400 for
 * unreadable input, 507 for a full disk); a worker that dies (killed, out of memory) fails the
 * import with a plain error (500). Either way the caller aborts its bulk write, so nothing of the
 * file is committed; the pages handed to `fold` are all folded before this returns or throws, so
 * the caller's abort never races a fold.
 *
 * The term-base import's `readInWorker` (services/glossary/import-reader.ts) has the same outer
 * shape: chunks moved to a worker, `end`, the answer, the worker ended. Reviewed in issue 12's
 * seventh round and left apart: what the two share is those eight lines, while this loop's
 * flow control (BYTES_AHEAD, woken by `taken`) and its fold chain hang on the same failure flag
 * as the sending, so a shared helper would need hooks for both and read worse than either loop.
 */
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import type { NewUnit } from '../../domain/tm/unit.js';
import type { TmxReadOptions } from '../../formats/tmx.js';
import { unpackUnits } from '../../store/staged-texts.js';
import type { StagedRepeat, StagedTexts, StagePortAnswer, StagePortRequest } from '../../store/types.js';
import { startWorker } from '../../worker-run.js';
import { errorFrom, ownCopy } from '../../worker-wire.js';
import type { FromParser, TmxParseJob, ToParser } from './tmx-parse-worker.js';
import type { SkipReport } from './tmx-stage.js';

/** Upload bytes sent to the worker and not yet read before sending waits: a few of its 16k-character parse steps' worth many times over. */
const BYTES_AHEAD = 8 << 20;

/**
 * The worker's young generation: the units of the batches in flight outlive the default's
 * scavenges and were promoted (garbage collection 21% of the worker's time at 100k units, load
 * 5; 14% with this).
 */
const YOUNG_GENERATION_MB = 64;

/** A stage port answered on this thread, and the store's own error if a batch failed. */
export interface StagePortHere {
  port: MessagePort;
  /** The error `stage` threw, as thrown (the worker only hears its message and code). */
  failure(): unknown;
  /**
   * Closes this end (the worker's end closes with the worker) and resolves once the batch being
   * staged, if any, is done; batches still queued are not staged. The caller's abort comes after:
   * a failed parse does not wait for its batches in flight, and a stage started during the abort
   * opened a new COPY on PostgreSQL's reserved connection that nothing ended.
   */
  close(): Promise<void>;
}

/**
 * A stage port ({@link StagePortRequest}s answered in order) whose batches `stage` writes on this
 * thread: for a store that stages only on the thread that holds its connection (PostgreSQL's
 * COPY stream, an in-memory SQLite), so that the parse still runs in the worker and only the
 * staging here. Answers carry no staging position that means anything (`first` counts the rows
 * staged through the port): such stores get no fold (tm-ports.ts folds only what a store's own
 * stage thread staged). The port closes when the worker closes its end.
 */
export function stagePortHere(stage: (units: NewUnit[], refs: number[]) => Promise<StagedRepeat[]>): StagePortHere {
  const { port1, port2 } = new MessageChannel();
  let staged = 0;
  let failure: unknown;
  let closed = false;
  let turn = Promise.resolve();
  port1.on('message', (r: StagePortRequest) => {
    turn = turn.then(async () => {
      if (closed) return;
      let answer: StagePortAnswer;
      try {
        if (failure !== undefined) throw failure;
        const units = unpackUnits(r.units);
        const repeats = await stage(units, r.refs);
        answer = { repeats, first: staged + 1 };
        staged += units.length - repeats.length;
      } catch (err) {
        failure ??= err;
        const e = err as { message?: unknown; code?: unknown };
        answer = { error: { message: String(e.message), code: String(e.code ?? 'ERROR') } };
      }
      if (!closed) port1.postMessage(answer);
    });
  });
  return {
    port: port2,
    failure: () => failure,
    close: () => {
      closed = true;
      port1.close();
      return turn;
    },
  };
}

/** How to parse in a worker. */
export interface ParseInWorker {
  pair: TmxReadOptions;
  /** The store's stage port ({@link BulkUnitWrite.stagePort}), moved to the worker. */
  stage: MessagePort;
  /** The upload's size in bytes, when known. */
  bytes?: number;
  /** Receives each staged page for the index with the share of the upload read by then (NaN: size unknown); absent, no pages are sent (a dry run). */
  fold?: (page: StagedTexts, share: number) => Promise<void>;
  /** Called with the worker once started (tests end it to see an import fail). */
  onWorker?: (worker: Worker) => void;
}

/** Reads and stages `stream` in a worker; resolves with the skips once every batch is staged and every page folded. */
export async function parseTmxInWorker(stream: AsyncIterable<Uint8Array>, opts: ParseInWorker): Promise<SkipReport> {
  const job: TmxParseJob = { pair: opts.pair, stage: opts.stage, fold: opts.fold !== undefined };
  const worker = startWorker(new URL('./tmx-parse-worker.js', import.meta.url), { workerData: job, transferList: [opts.stage],
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  opts.onWorker?.(worker);
  const send = (m: ToParser, transfer: ArrayBuffer[] = []) => worker.postMessage(m, transfer);
  let ahead = 0;
  let wake: (() => void) | undefined;
  let folding = Promise.resolve();
  // Once the worker failed, later pages are not folded (the caller aborts): the chain is final.
  let failed = false;
  const answer = new Promise<SkipReport>((resolve, reject) => {
    worker.on('message', (m: FromParser) => {
      if (m.type === 'taken') {
        ahead -= m.bytes;
        wake?.();
      } else if (m.type === 'page') {
        const fold = opts.fold;
        // One page after the other; a fold keeps its own failure (bulk-fold.ts), so the chain goes on.
        if (fold && !failed) folding = folding.then(() => fold(m.page, opts.bytes ? Math.min(1, m.read / opts.bytes) : NaN)).catch(() => undefined).then(() => send({ type: 'folded' }));
      } else if (m.type === 'done') resolve(m.report);
      else reject(errorFrom(m.error));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the TMX import's worker thread stopped (exit code ${code}) before it had read the file`)));
  });
  answer.catch(() => {
    failed = true;
    wake?.();
  });
  try {
    for await (const chunk of stream) {
      if (failed) break;
      const { bytes, transfer } = ownCopy(chunk);
      ahead += bytes.length;
      send({ type: 'chunk', bytes }, transfer);
      while (ahead > BYTES_AHEAD && !failed) await new Promise<void>((resolve) => { wake = resolve; });
    }
    if (!failed) send({ type: 'end' });
    return await answer;
  } finally {
    await folding;
    await worker.terminate();
  }
}
