/**
 * The worker thread that stages a large bulk write (stage-thread.ts): it opens its own
 * connection to the stage database and writes each batch the main thread sends with
 * `stageWriter` (stage-rows.ts), answering with the batch's repeats, in order. Issue 12: staging
 * inserts were a quarter of the main thread's time during a TMX import (100k units: 2.8 s of
 * 10.5 s busy, load 5.5), one after the other with the XML parsing; here they run beside it.
 *
 * Protocol: the job comes as `workerData` ({@link StageJob}); messages in are
 * {@link StageRequest}s, each answered by one {@link StageAnswer}; `{ close: true }` closes the
 * connection, answers `{ closed: true }` and ends the worker. `{ port }` hands the worker a
 * port another thread stages through (a TMX import parsed in a worker of its own,
 * tmx-parse-worker.ts): its batches ({@link StagePortRequest}) are answered on that port with
 * their repeats and the staging position of their first new row, so the fold can number them.
 */
import Database from 'better-sqlite3';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { NewUnit } from '../../domain/tm/unit.js';
import type { StagedRepeat, StagePortAnswer, StagePortRequest } from '../types.js';
import { unpackUnits } from '../staged-texts.js';
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
export type StageRequest = { units: NewUnit[]; refs?: number[] } | { close: true } | { port: MessagePort };

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
  const lastRow = db.prepare(`SELECT max(rowid) FROM ${job.table}`).pluck();
  const others: MessagePort[] = [];
  port.on('message', (m: StageRequest) => {
    if ('close' in m) {
      db.close();
      for (const p of others) p.close();
      port.postMessage({ closed: true } satisfies StageAnswer);
      port.close();
      return;
    }
    if ('port' in m) {
      others.push(m.port);
      m.port.on('message', (r: StagePortRequest) => {
        let answer: StagePortAnswer;
        try {
          // Rows are appended with no gap (one writer, no deletes): the batch's new rows follow the last.
          const first = Number(lastRow.get() ?? 0) + 1;
          answer = { repeats: stage(unpackUnits(r.units), r.refs), first };
        } catch (err) {
          answer = { error: errorOf(err) };
        }
        m.port.postMessage(answer);
      });
      return;
    }
    let answer: StageAnswer;
    try {
      answer = { repeats: stage(m.units, m.refs) };
    } catch (err) {
      answer = { error: errorOf(err) };
    }
    port.postMessage(answer);
  });
}

/** An error as it crosses to the other thread: its message and SQLite's code. */
function errorOf(err: unknown): { message: string; code: string } {
  const e = err as { message?: unknown; code?: unknown };
  return { message: String(e.message), code: String(e.code ?? 'SQLITE_ERROR') };
}

serve(workerData as StageJob);
