/**
 * The worker thread that stages a large bulk write (stage-thread.ts): it opens its own
 * connection to the stage database and writes each batch the main thread sends with
 * `stageWriter` (stage-rows.ts), answering with the batch's repeats, in order. Issue 12: staging
 * inserts were a quarter of the main thread's time during a TMX import (100k units: 2.8 s of
 * 10.5 s busy, load 5.5), one after the other with the XML parsing; here they run beside it.
 *
 * Protocol: the job comes as `workerData` ({@link StageJob}); messages in are
 * {@link StageRequest}s, each answered by one {@link StageAnswer}; `{ close: true }` closes the
 * connection, answers `{ closed: true }` and ends the worker.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { NewUnit } from '../../domain/tm/unit.js';
import type { StagedRepeat } from '../types.js';
import { stageWriter } from './stage-rows.js';
import { WORKER_BUSY_TIMEOUT_MS } from './worker-transaction.js';

/** What the worker stages into. */
export interface StageJob {
  /** The stage database file. */
  file: string;
  /** The stage table, named as the main connection names it (`stage.bulk_units_...`). */
  table: string;
  schema: string;
  /** Units already staged (refs go on from there). */
  staged: number;
  pragmas: readonly string[];
}

/** A batch to stage, or the end. */
export type StageRequest = { units: NewUnit[]; refs?: number[] } | { close: true };

/** The answer to one request. */
export type StageAnswer = { repeats: StagedRepeat[] } | { closed: true } | { error: { message: string; code: string } };

function serve(job: StageJob): void {
  const port = parentPort;
  if (!port) return;
  // The stage is attached under the main connection's schema name, so the table is named alike.
  const db = new Database(':memory:', { timeout: WORKER_BUSY_TIMEOUT_MS });
  db.prepare(`ATTACH DATABASE ? AS ${job.schema}`).run(job.file);
  for (const p of job.pragmas) db.pragma(`${job.schema}.${p}`);
  const stage = stageWriter(db, job.table, job.staged);
  port.on('message', (m: StageRequest) => {
    if ('close' in m) {
      db.close();
      port.postMessage({ closed: true } satisfies StageAnswer);
      port.close();
      return;
    }
    let answer: StageAnswer;
    try {
      answer = { repeats: stage(m.units, m.refs) };
    } catch (err) {
      const e = err as { message?: unknown; code?: unknown };
      answer = { error: { message: String(e.message), code: String(e.code ?? 'SQLITE_ERROR') } };
    }
    port.postMessage(answer);
  });
}

serve(workerData as StageJob);
