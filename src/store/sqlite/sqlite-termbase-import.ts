/**
 * Imports and glossary deletions in SQLite that never stall the server and are still all or
 * nothing.
 *
 * One transaction for a 20,000-concept import writes some 200,000 rows (entries, term index,
 * Chinese keys, search tokens, history) and holds the only connection, and so the event loop,
 * for seconds: the TMX import measured 6-8 s per million units that way. Here an import is
 * staged in `term_import_writes` (durable, invisible), and `commit` then:
 * 1. checks every staged write's precondition and marks the import `committing`, in one
 *    transaction: from here on the import is decided;
 * 2. applies the writes in order, COMMIT_CHUNK per transaction, deleting each chunk from the stage
 *    in the same transaction, and lets other requests run between chunks.
 * A process killed during step 2 leaves the import `committing`; opening the database finishes it
 * (`recoverTermbase`), so an import is either wholly absent or wholly applied once the process
 * is back. Readers may see a partly applied import for the moments step 2 runs. A staged import
 * that never reached step 1 is dropped on open.
 *
 * Deleting a glossary works the same way: it is marked `deleting` (gone for every reader), its
 * rows are deleted in chunks, and an interrupted deletion is finished on open.
 */
import { ConflictError } from '../../domain/errors.js';
import { nextTurn } from '../../time-slice.js';
import type { BulkEntryWrite, EntryWrite } from '../types.js';
import type { SqliteDb } from './database.js';
import { EntryRows } from './sqlite-termbase-rows.js';

/** Writes applied per transaction: about 10-20 ms each at 100k entries, far under the 100 ms a request may wait. */
export const COMMIT_CHUNK = 200;
/** Entries (with their history) deleted per transaction when a glossary goes. */
const DELETE_CHUNK = 1000;

/** Applies the next chunk of a committing import; false when it is done. */
function applyChunk(db: SqliteDb, rows: EntryRows, importId: number, glossary: string): boolean {
  return db.transaction(() => {
    const chunk = db.prepare('SELECT seq, body FROM term_import_writes WHERE import_id = ? ORDER BY seq LIMIT ?').all(importId, COMMIT_CHUNK) as { seq: number; body: string }[];
    if (chunk.length === 0) {
      db.prepare('DELETE FROM term_imports WHERE id = ?').run(importId);
      return false;
    }
    for (const c of chunk) rows.apply(glossary, JSON.parse(c.body) as EntryWrite);
    db.prepare('DELETE FROM term_import_writes WHERE import_id = ? AND seq <= ?').run(importId, (chunk[chunk.length - 1] as { seq: number }).seq);
    return true;
  })();
}

/** Deletes the next chunk of a glossary being deleted; false when it is gone. */
function deleteChunk(db: SqliteDb, glossary: string): boolean {
  return db.transaction(() => {
    const rids = (db.prepare('SELECT rid FROM term_entries WHERE glossary = ? LIMIT ?').all(glossary, DELETE_CHUNK) as { rid: number }[]).map((r) => r.rid);
    const history = db.prepare('DELETE FROM term_history WHERE seq IN (SELECT seq FROM term_history WHERE glossary = ? LIMIT ?)').run(glossary, DELETE_CHUNK * 4).changes;
    if (rids.length === 0 && history === 0) {
      db.prepare('DELETE FROM term_imports WHERE glossary = ?').run(glossary);
      db.prepare('DELETE FROM glossaries WHERE id = ?').run(glossary);
      return false;
    }
    const deleteSearch = db.prepare('DELETE FROM term_search WHERE rowid = ?');
    const deleteEntry = db.prepare('DELETE FROM term_entries WHERE rid = ?');
    for (const rid of rids) {
      deleteSearch.run(rid);
      deleteEntry.run(rid);
    }
    return true;
  })();
}

/** A staged import of one glossary (see the module header). */
export class SqliteEntryImport implements BulkEntryWrite {
  private staged = 0;
  private done = false;

  private constructor(private readonly db: SqliteDb, private readonly rows: EntryRows, private readonly glossary: string, private readonly id: number) {}

  /** Opens a stage for `glossary`. */
  static begin(db: SqliteDb, rows: EntryRows, glossary: string): SqliteEntryImport {
    rows.requireGlossary(glossary);
    const id = Number(db.prepare("INSERT INTO term_imports (glossary, state, created_at) VALUES (?, 'staging', ?)").run(glossary, new Date().toISOString()).lastInsertRowid);
    return new SqliteEntryImport(db, rows, glossary, id);
  }

  async stage(writes: EntryWrite[]): Promise<void> {
    if (this.done) throw new Error('the import is finished');
    const insert = this.db.prepare('INSERT INTO term_import_writes (import_id, seq, body) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const w of writes) insert.run(this.id, this.staged++, JSON.stringify(w));
    })();
  }

  async commit(): Promise<void> {
    if (this.done) throw new Error('the import is finished');
    this.done = true;
    try {
      this.db.transaction(() => {
        this.rows.requireGlossary(this.glossary);
        const check = this.db.prepare<[string, string], { version: number }>('SELECT version FROM term_entries WHERE glossary = ? AND id = ?');
        // A later write of the same id expects the version the earlier one leaves.
        const after = new Map<string, number | null>();
        for (const { body } of this.db.prepare('SELECT body FROM term_import_writes WHERE import_id = ? ORDER BY seq').iterate(this.id) as Iterable<{ body: string }>) {
          const w = JSON.parse(body) as EntryWrite;
          const id = w.op === 'put' ? w.entry.id : w.id;
          const current = after.has(id) ? after.get(id) : check.get(this.glossary, id)?.version ?? null;
          if (current !== w.expectedVersion) throw new ConflictError(`entry "${id}" changed while the import was prepared; import the file again`, { entryId: id });
          after.set(id, w.op === 'put' ? w.entry.version : null);
        }
        this.db.prepare("UPDATE term_imports SET state = 'committing' WHERE id = ?").run(this.id);
      })();
    } catch (err) {
      await this.drop();
      throw err;
    }
    while (applyChunk(this.db, this.rows, this.id, this.glossary)) await nextTurn();
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.drop();
  }

  private async drop(): Promise<void> {
    this.db.prepare('DELETE FROM term_imports WHERE id = ?').run(this.id);
  }
}

/** Marks a glossary deleted and deletes its rows in chunks; false when there is no such glossary. */
export async function deleteGlossaryInChunks(db: SqliteDb, glossary: string): Promise<boolean> {
  if (db.prepare('UPDATE glossaries SET deleting = 1 WHERE id = ? AND deleting = 0').run(glossary).changes === 0) return false;
  while (deleteChunk(db, glossary)) await nextTurn();
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
