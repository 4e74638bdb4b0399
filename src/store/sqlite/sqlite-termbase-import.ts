/**
 * Imports and glossary deletions in SQLite that never stall the server and are still all or
 * nothing.
 *
 * One transaction for a 20,000-concept import writes some 200,000 rows (entries, term index,
 * Chinese keys, search tokens, history) and holds the only connection, and so the event loop,
 * for seconds: the TMX import measured 6-8 s per million units that way. Here an import is
 * staged in `term_import_writes` (durable, invisible), and `commit` then:
 * 1. checks every staged write's precondition (in chunks: the process owns the directory and its
 *    writes run one at a time) and marks the import `committing`: from here on it is decided;
 * 2. applies the writes in order, CHUNK_MS per transaction with its commit (ChunkClock), deleting
 *    each chunk from the stage in the same transaction: for WORKER_MIN_WRITES writes or more on
 *    disk in a worker thread on its own connection (termbase-apply-worker.ts), so that neither the
 *    chunks nor their commits and garbage hold the event loop; otherwise here, letting other
 *    requests run between chunks. A worker that fails leaves the rest to be applied here.
 * A process killed during step 2 leaves the import `committing`; opening the database finishes it
 * (`recoverTermbase`), so an import is either wholly absent or wholly applied once the process
 * is back. Readers may see a partly applied import for the moments step 2 runs. A staged import
 * that never reached step 1 is dropped on open.
 *
 * Deleting a glossary works the same way: it is marked `deleting` (gone for every reader), its
 * rows are deleted in chunks, and an interrupted deletion is finished on open.
 *
 * The many small transactions would each wait for an fsync (`synchronous = FULL`), which made a
 * 20,000-concept import twice as slow. Staging and applying chunks therefore commit with
 * `synchronous = NORMAL` (WAL: durable against a killed process, not against a power cut) and
 * switch back before anything else can run on the connection; the import's last transaction
 * commits with FULL, which syncs the whole WAL, so an acknowledged import is durable. A power cut
 * before that loses applied chunks together with the removal of their staged writes (the same
 * transaction), and opening the database applies them again.
 */
import { ConflictError } from '../../domain/errors.js';
import { performance } from 'node:perf_hooks';
import { nextTurn } from '../../time-slice.js';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../worker-run.js';
import type { ApplyAnswer, ApplyJob } from './termbase-apply-worker.js';
import type { BulkEntryWrite, EntryWrite } from '../types.js';
import type { SqliteDb } from './database.js';
import { EntryRows } from './sqlite-termbase-rows.js';
import { gateOf } from './write-gate.js';

/**
 * Time a transaction of writes may take, commit included: a request that waits meanwhile is still
 * answered within 100 ms, and transactions stay few (each commit rewrites index pages and adds a
 * search segment). Measured for a 20,000-concept import, CPU seconds of the commit phase plus
 * planning, by the time spent on writes alone: 8 ms chunks 11.9, 30 ms 9.9, 100 ms 8.7; 40 ms
 * with the commit is some 16 ms of writes.
 */
const CHUNK_MS = 40;
/** Staged writes read at a time while applying. */
const READ_BATCH = 25;
/**
 * Staged writes whose preconditions are checked per turn before a commit: one indexed read each,
 * 250 take a few milliseconds (2,000 held the event loop 40-100 ms in a 20,000-concept import).
 */
const CHECK_CHUNK = 250;
/**
 * Staged writes from which an import is applied in a worker thread (termbase-apply-worker.ts): a
 * worker takes about a second to start on a busy machine, which 2,000 concepts take to apply.
 */
export const WORKER_MIN_WRITES = 2_000;
/** Entries (with their history) deleted per transaction when a glossary goes. */
const DELETE_CHUNK = 200;

/** Runs `work` (synchronous, so nothing else uses the connection meanwhile) with commits that do not wait for an fsync. */
function unsynced<T>(db: SqliteDb, work: () => T): T {
  db.pragma('synchronous = NORMAL');
  try {
    return work();
  } finally {
    db.pragma('synchronous = FULL');
  }
}

/**
 * What the commit of a chunk costs beside its writes, as a share of their time. The commit
 * writes the chunk's pages to the WAL and its search terms as a new FTS5 segment (merging older
 * ones now and then): measured at 1-2 times the writes' own time, which made chunks of 20 ms of
 * writes hold the event loop 50-60 ms, more on a busy machine. Each chunk's writes get
 * CHUNK_MS / (1 + share), with the share the import's last commit showed.
 */
export interface ChunkClock {
  commitShare: number;
}

/** Share assumed before the first commit of an import is measured (see ChunkClock). */
const FIRST_COMMIT_SHARE = 1.5;
/** Shortest time a chunk spends on writes, so that a slow commit never shrinks chunks to nothing. */
const MIN_WRITES_MS = 3;

/** A clock for the first chunk of an import (its commit share not measured yet). */
export function firstClock(): ChunkClock {
  return { commitShare: FIRST_COMMIT_SHARE };
}

/** Applies the next chunk of a committing import (CHUNK_MS with its commit); false when it is done. */
export function applyChunk(db: SqliteDb, rows: EntryRows, importId: number, glossary: string, clock: ChunkClock = firstClock()): boolean {
  const next = db.prepare<[number, number, number], { seq: number; body: string }>('SELECT seq, body FROM term_import_writes WHERE import_id = ? AND seq > ? ORDER BY seq LIMIT ?');
  const done = db.prepare<[number], { n: number }>('SELECT 1 AS n FROM term_import_writes WHERE import_id = ? LIMIT 1');
  if (!done.get(importId)) {
    db.prepare('DELETE FROM term_imports WHERE id = ?').run(importId);
    return false;
  }
  const budget = Math.max(MIN_WRITES_MS, CHUNK_MS / (1 + clock.commitShare));
  const started = performance.now();
  let written = started;
  unsynced(db, () => db.transaction(() => {
    let last = -1;
    let full = false;
    for (let batch = next.all(importId, last, READ_BATCH); batch.length > 0 && !full; batch = next.all(importId, last, READ_BATCH)) {
      for (const c of batch) {
        rows.apply(glossary, JSON.parse(c.body) as EntryWrite);
        last = c.seq;
        full = performance.now() - started >= budget;
        if (full) break;
      }
    }
    db.prepare('DELETE FROM term_import_writes WHERE import_id = ? AND seq <= ?').run(importId, last);
    written = performance.now();
  })());
  clock.commitShare = (performance.now() - written) / Math.max(written - started, 1);
  return true;
}

/** Deletes the next chunk of a glossary being deleted; false when it is gone (the last step synced). */
function deleteChunk(db: SqliteDb, glossary: string): boolean {
  const more = unsynced(db, () => db.transaction(() => {
    const rids = (db.prepare('SELECT rid FROM term_entries WHERE glossary = ? LIMIT ?').all(glossary, DELETE_CHUNK) as { rid: number }[]).map((r) => r.rid);
    const history = db.prepare('DELETE FROM term_history WHERE seq IN (SELECT seq FROM term_history WHERE glossary = ? LIMIT ?)').run(glossary, DELETE_CHUNK * 4).changes;
    const deleteSearch = db.prepare('DELETE FROM term_search WHERE rowid = ?');
    const deleteEntry = db.prepare('DELETE FROM term_entries WHERE rid = ?');
    for (const rid of rids) {
      deleteSearch.run(rid);
      deleteEntry.run(rid);
    }
    return rids.length > 0 || history > 0;
  })());
  if (more) return true;
  db.transaction(() => {
    db.prepare('DELETE FROM term_imports WHERE glossary = ?').run(glossary);
    db.prepare('DELETE FROM glossaries WHERE id = ?').run(glossary);
  })();
  return false;
}

/** How an import is applied (tests choose; the store uses the defaults). */
export interface ApplyOptions {
  /** Imports of this many staged writes or more are applied in a worker, on disk (default WORKER_MIN_WRITES). */
  workerMinWrites?: number;
  /** Called with the worker when one is started (tests stop it to see the rest applied here). */
  onWorker?: (worker: Worker) => void;
}

/**
 * Applies a committing import in a worker thread on its own connection (see
 * termbase-apply-worker.ts). Resolves when the worker has ended, whether it applied everything or
 * failed part-way: the caller applies what is left on its own connection, which also reports a
 * lasting error as its own.
 */
async function applyInWorker(job: ApplyJob, onWorker?: (worker: Worker) => void): Promise<void> {
  const worker = startWorker(new URL('./termbase-apply-worker.js', import.meta.url), { workerData: job });
  onWorker?.(worker);
  await new Promise<void>((resolve) => {
    worker.once('message', (_answer: ApplyAnswer) => resolve());
    worker.once('error', () => resolve());
    worker.once('exit', () => resolve());
  });
  await worker.terminate();
}

/** A staged import of one glossary (see the module header). */
export class SqliteEntryImport implements BulkEntryWrite {
  private staged = 0;
  private done = false;

  private constructor(private readonly db: SqliteDb, private readonly rows: EntryRows, private readonly glossary: string,
    private readonly id: number, private readonly opts: ApplyOptions) {}

  /** Opens a stage for `glossary`. */
  static begin(db: SqliteDb, rows: EntryRows, glossary: string, opts: ApplyOptions = {}): SqliteEntryImport {
    rows.requireGlossary(glossary);
    const id = Number(db.prepare("INSERT INTO term_imports (glossary, state, created_at) VALUES (?, 'staging', ?)").run(glossary, new Date().toISOString()).lastInsertRowid);
    return new SqliteEntryImport(db, rows, glossary, id, opts);
  }

  async stage(writes: EntryWrite[]): Promise<void> {
    if (this.done) throw new Error('the import is finished');
    const insert = this.db.prepare('INSERT INTO term_import_writes (import_id, seq, entry_id, expected, after, body) VALUES (?, ?, ?, ?, ?, ?)');
    await gateOf(this.db).write(() => unsynced(this.db, () => this.db.transaction(() => {
      for (const w of writes) {
        insert.run(this.id, this.staged++, w.op === 'put' ? w.entry.id : w.id, w.expectedVersion, w.op === 'put' ? w.entry.version : null, JSON.stringify(w));
      }
    })()));
  }

  async commit(): Promise<void> {
    if (this.done) throw new Error('the import is finished');
    this.done = true;
    try {
      // Writes run one at a time in a process that owns the data directory (the service's queue
      // and the directory lock), so the checks may take several turns: nothing writes meanwhile.
      const check = this.db.prepare<[string, string], { version: number }>('SELECT version FROM term_entries WHERE glossary = ? AND id = ?');
      const staged = this.db.prepare<[number, number, number], { seq: number; entry_id: string; expected: number | null; after: number | null }>(
        'SELECT seq, entry_id, expected, after FROM term_import_writes WHERE import_id = ? AND seq > ? ORDER BY seq LIMIT ?');
      // A later write of the same id expects the version the earlier one leaves.
      const after = new Map<string, number | null>();
      this.rows.requireGlossary(this.glossary);
      for (let last = -1; ;) {
        const chunk = staged.all(this.id, last, CHECK_CHUNK);
        if (chunk.length === 0) break;
        for (const w of chunk) {
          const current = after.has(w.entry_id) ? after.get(w.entry_id) : check.get(this.glossary, w.entry_id)?.version ?? null;
          if (current !== w.expected) throw new ConflictError(`entry "${w.entry_id}" changed while the import was prepared; import the file again`, { entryId: w.entry_id });
          after.set(w.entry_id, w.after);
        }
        last = (chunk[chunk.length - 1] as { seq: number }).seq;
        await nextTurn();
      }
      const committing = this.db.prepare("UPDATE term_imports SET state = 'committing' WHERE id = ?");
      await gateOf(this.db).write(() => committing.run(this.id));
    } catch (err) {
      await this.drop();
      throw err;
    }
    if (!this.db.memory && this.staged >= (this.opts.workerMinWrites ?? WORKER_MIN_WRITES)) {
      // Not while a TM import commits (write-gate.ts): the worker would wait in its busy handler.
      await gateOf(this.db).write(() => undefined);
      await applyInWorker({ file: this.db.name, importId: this.id, glossary: this.glossary }, this.opts.onWorker);
    }
    // What is left: everything for a small import or a store in memory; after a worker that
    // failed, the rest, here (a lasting error, a full disk, is then thrown by this connection).
    const clock = firstClock();
    const gate = gateOf(this.db);
    while (await gate.write(() => applyChunk(this.db, this.rows, this.id, this.glossary, clock))) await nextTurn();
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.drop();
  }

  private async drop(): Promise<void> {
    const remove = this.db.prepare('DELETE FROM term_imports WHERE id = ?');
    await gateOf(this.db).write(() => remove.run(this.id));
  }
}

/** Marks a glossary deleted and deletes its rows in chunks; false when there is no such glossary. */
export async function deleteGlossaryInChunks(db: SqliteDb, glossary: string): Promise<boolean> {
  const gate = gateOf(db);
  const mark = db.prepare('UPDATE glossaries SET deleting = 1 WHERE id = ? AND deleting = 0');
  if ((await gate.write(() => mark.run(glossary))).changes === 0) return false;
  while (await gate.write(() => deleteChunk(db, glossary))) await nextTurn();
  return true;
}

/** Finishes what a killed process left: committing imports are applied, staged ones dropped, deletions completed. */
export function recoverTermbase(db: SqliteDb): void {
  const rows = new EntryRows(db);
  for (const imp of db.prepare("SELECT id, glossary, state FROM term_imports ORDER BY id").all() as { id: number; glossary: string; state: string }[]) {
    if (imp.state === 'committing') while (applyChunk(db, rows, imp.id, imp.glossary));
    else db.prepare('DELETE FROM term_imports WHERE id = ?').run(imp.id);
  }
  for (const g of db.prepare('SELECT id FROM glossaries WHERE deleting = 1').all() as { id: string }[]) while (deleteChunk(db, g.id));
}
