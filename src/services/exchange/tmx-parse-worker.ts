/**
 * The worker thread of a large TMX import (started by tmx-parse-thread.ts; issue 12): it receives
 * the upload's bytes as they arrive, reads them (formats/tmx.ts, saxes), checks every unit and
 * stages the batches (tmx-stage.ts, the same loop as on the main thread) through the store's
 * stage port ({@link BulkUnitWrite.stagePort}: SQLite's stage worker, so the units never pass
 * through the main thread; for a store that stages only on its own thread, PostgreSQL or an
 * in-memory SQLite, a port answered on the main thread, tmx-parse-thread.ts `stagePortHere`), and sends the main thread only what the index's fold needs: per
 * staged batch, its texts and pairs in one message ({@link StagedTexts}), and at the end the skip
 * report. Why: on the main thread the parse was the serial part of a 1M-unit import (some 31 s
 * of CPU with the collections it set off in the server's large heap); here a fresh heap collects
 * it cheaply, and the main thread folds the units into the index meanwhile.
 *
 * Where a 1M-unit import's CPU goes, per thread (issue 12, sixth round; `BENCH_THREADS=1
 * run-import.js 1000000`, main's tree before the round, load 4.5-5.5: 70.8 s, 58.8 s of CPU):
 * the main thread 21.8 s (16.2 during the parse, 85% of it the fold's match keys and postings),
 * this worker 18.9 s, the stage worker 8.3 s, V8's helper threads 5.0 s, all at once for the
 * first 55 s; then the commit worker 4.8 s (13.7 s of wall time at that load: it writes and
 * syncs the WAL) beside the seal's layout on the main thread. So on an idle machine the parse is
 * not the critical path by itself: the first phase is bound by the CPU of both cores together
 * (some 47 s of it), the second by the commit. A CPU profile (`--cpu-prof`) overstates this worker: it records a
 * thread that waits for a core as busy, and at nice 10 under load it showed 100% busy with 27% in
 * `postMessage` (the moment it wakes the stage worker, which then takes the core) while the kernel
 * charged it 6.3 s of CPU in 12.8 s (300k units, load 6). The round cut its CPU by some 40%
 * (formats/tmx.ts: 300k units through HTTP, 4.9-7.0 -> 3.1-4.5 s, alternating, load 7-12).
 *
 * Flow control both ways: the reader tells the main thread how many bytes it took (the main
 * thread keeps at most a few MB on their way), and at most PAGES_AHEAD pages wait for the fold
 * (a slow fold slows the parse instead of filling the main thread's queue).
 *
 * Protocol. In: `{ type: 'chunk', bytes }`... `{ type: 'end' }`, and `{ type: 'folded' }` after
 * each page; the job ({@link TmxParseJob}) as `workerData`, the stage port in it. Out:
 * `{ type: 'taken', bytes }`, `{ type: 'page', page, read }`, then `{ type: 'done', report }` or one
 * `{ type: 'error', error }`.
 */
import { setPriority } from 'node:os';
import { type MessagePort, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { TmxReadOptions } from '../../formats/tmx.js';
import { packUnits, stagedPage } from '../../store/staged-texts.js';
import type { StagedTexts, StagePortAnswer, StagePortRequest } from '../../store/types.js';
import { type ChunkMessage, Chunks, type WireError, errorFrom, toWire } from '../../worker-wire.js';
import { type SkipReport, stageTmx } from './tmx-stage.js';

/** Pages sent to the main thread and not yet folded before the parse waits: a few batches of STAGE_BATCH units. */
const PAGES_AHEAD = 8;

/**
 * The parse's nice value. On Linux a thread's nice value is its own (setpriority on the calling
 * thread), so this lowers the parse worker alone: the main thread, which answers lookups and
 * folds the pages, goes first when the two cores are contended. Measured (100k units imported
 * into 100k beside a client looking up without pause, load 9-10 from other work): nice 10 against
 * 0, lookups answered 4,275 against 1,230, p99 87 against 174 ms, longest 325 against 394 ms; the
 * import 44 against 39 s at that load.
 */
const PARSE_NICE = 10;

/** What the worker is given. */
export interface TmxParseJob {
  pair: TmxReadOptions;
  /** Where batches are staged (the store's stage port, moved to this thread). */
  stage: MessagePort;
  /** Whether to send pages for the index's fold (not in a dry run). */
  fold: boolean;
}

/** What the worker is told. */
export type ToParser = ChunkMessage | { type: 'folded' };

/** What the worker says. */
export type FromParser =
  | { type: 'taken'; bytes: number }
  /** `read`: the upload's bytes the reader had taken when the page was staged. */
  | { type: 'page'; page: StagedTexts; read: number }
  | { type: 'done'; report: SkipReport }
  | { type: 'error'; error: WireError };

/** Lowers this thread's priority (PARSE_NICE; a no-op where that is not allowed). */
function lowerPriority(): void {
  try {
    setPriority(PARSE_NICE);
  } catch {
    // Not allowed here: the parse runs at the server's priority.
  }
}

/** The answer to every batch sent, or still to send, once the stage worker's end closed the port. */
const STAGE_CLOSED: StagePortAnswer = { error: { message: 'the stage port closed before it answered (its worker ended, or the import was aborted)', code: 'STAGE_CLOSED' } };

/**
 * Batches staged through the store's port, answered in order. If the stage worker ends (killed,
 * out of memory), its end of the port closes: every batch still waiting is answered with an
 * error, so the import fails and is rolled back instead of waiting for ever.
 */
function portStage(port: MessagePort): (request: StagePortRequest) => Promise<StagePortAnswer> {
  const waiting: ((a: StagePortAnswer) => void)[] = [];
  let closed = false;
  port.on('message', (a: StagePortAnswer) => waiting.shift()?.(a));
  port.once('close', () => {
    closed = true;
    for (const answer of waiting.splice(0)) answer(STAGE_CLOSED);
  });
  return (request) => new Promise((resolve) => {
    if (closed) return resolve(STAGE_CLOSED);
    waiting.push(resolve);
    port.postMessage(request);
  });
}

async function run(port: NonNullable<typeof parentPort>, job: TmxParseJob): Promise<void> {
  lowerPriority();
  const send = (m: FromParser) => port.postMessage(m);
  let read = 0;
  const chunks = new Chunks((bytes) => {
    read += bytes;
    send({ type: 'taken', bytes });
  });
  let ahead = 0;
  const waiting: (() => void)[] = [];
  port.on('message', (m: ToParser) => {
    if (m.type !== 'folded') return chunks.receive(m);
    ahead--;
    for (const wake of waiting.splice(0)) wake();
  });
  const stageThrough = portStage(job.stage);
  const report: SkipReport = { skipped: [], skippedTotal: 0 };
  try {
    await stageTmx(chunks, job.pair, async (units, refs) => {
      while (job.fold && ahead >= PAGES_AHEAD) await new Promise<void>((resolve) => { waiting.push(resolve); });
      // Packed once: the stage takes the batch so, and the fold the same texts (staged-texts.ts).
      const packed = packUnits(units);
      const answer = await stageThrough({ units: packed, refs });
      if ('error' in answer) throw errorFrom({ name: 'SqliteError', ...answer.error });
      if (job.fold) {
        const page = stagedPage(packed.texts, answer.repeats, answer.first);
        if (page.pairOf.length > 0) {
          ahead++;
          port.postMessage({ type: 'page', page, read } satisfies FromParser, [page.pairOf.buffer as ArrayBuffer]);
        }
      }
      return answer.repeats;
    }, report);
    send({ type: 'done', report });
  } catch (err) {
    send({ type: 'error', error: toWire(err) });
  } finally {
    job.stage.close();
    port.close();
  }
}

if (!isMainThread && parentPort) await run(parentPort, workerData as TmxParseJob);
