/**
 * The term base: one lowdb JSON document at `<data>/termbase.json`.
 *
 * Every change goes through {@link TermbaseStore.update}: changes are serialised, applied to
 * a copy, written durably, and only then become visible. A change that throws, or a write
 * that fails, leaves the term base exactly as it was.
 */
import { Low } from 'lowdb';
import { join } from 'node:path';
import type { TermEntry } from '../../domain/termbase/entry.js';
import { DurableJsonFile } from './durable-json-file.js';

/** File name of the term base inside the data directory. */
export const TERMBASE_FILE = 'termbase.json';

/** One recorded version of an entry. */
export interface HistoryRecord {
  entryId: string;
  version: number;
  action: 'created' | 'updated' | 'deleted';
  by: string;
  at: string;
  changes: { path: string; from?: unknown; to?: unknown }[];
}

/** The whole term-base document as stored. */
export interface TermbaseDocument {
  schemaVersion: 1;
  entries: TermEntry[];
  history: HistoryRecord[];
  /** When the curated glossary was loaded into this term base (first start). */
  seededAt?: string;
}

/** Reads and changes the term base. */
export interface TermbaseStore {
  /** The current document; treat it as read-only. */
  read(): TermbaseDocument;
  /** Applies `change` to a copy, persists it durably, then publishes it. */
  update<R>(change: (doc: TermbaseDocument) => R): Promise<R>;
  close(): Promise<void>;
}

function emptyDocument(): TermbaseDocument {
  return { schemaVersion: 1, entries: [], history: [] };
}

/** Opens the lowdb term base at `<dataDir>/termbase.json` (created empty when missing). */
export async function openTermbaseStore(dataDir: string): Promise<TermbaseStore> {
  const file = new DurableJsonFile<TermbaseDocument>(join(dataDir, TERMBASE_FILE));
  await file.removeStaleTempFiles();
  const db = new Low<TermbaseDocument>(file, emptyDocument());
  await db.read();
  let chain: Promise<unknown> = Promise.resolve();
  return {
    read: () => db.data,
    update<R>(change: (doc: TermbaseDocument) => R): Promise<R> {
      const run = chain.then(async () => {
        const previous = db.data;
        const next = structuredClone(previous);
        const result = change(next);
        db.data = next;
        try {
          await db.write();
        } catch (err) {
          db.data = previous;
          throw err;
        }
        return result;
      });
      chain = run.catch(() => undefined);
      return run;
    },
    async close() {
      await chain;
    },
  };
}
