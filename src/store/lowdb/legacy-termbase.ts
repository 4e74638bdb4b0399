/**
 * The term base of Caravan 0.1.0: one lowdb document at `<data>/termbase.json` holding every
 * entry (without a glossary) and every history record, tombstones included. This release keeps
 * the term base in SQLite; the file is read once to upgrade the data directory (upgrade-termbase.ts)
 * and then renamed to LEGACY_BACKUP_FILE, so it is kept but never imported twice. Temp files a
 * killed 0.1.0 process left beside it are removed when it is read.
 */
import { access, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryRecord } from '../../domain/termbase/entry.js';
import type { TermEntry } from '../../domain/termbase/entry.js';
import { DurableJsonFile } from './durable-json-file.js';
import { readJsonDocument } from './json-documents.js';

/** File name of the 0.1.0 term base inside the data directory. */
export const LEGACY_TERMBASE_FILE = 'termbase.json';
/** What it is renamed to once upgraded. */
export const LEGACY_BACKUP_FILE = 'termbase.json.v0.1.0-backup';

/** The 0.1.0 document. */
export interface LegacyTermbase {
  schemaVersion: 1;
  entries: Omit<TermEntry, 'glossary'>[];
  history: HistoryRecord[];
  /** When the curated glossary was loaded into it (first start). */
  seededAt?: string;
}

/** The 0.1.0 term base of `dataDir`, if it still has one. */
export async function readLegacyTermbase(dataDir: string): Promise<LegacyTermbase | undefined> {
  // Temp files of a 0.1.0 process killed while writing the term base.
  await new DurableJsonFile(join(dataDir, LEGACY_TERMBASE_FILE)).removeStaleTempFiles();
  const doc = await readJsonDocument<LegacyTermbase>(join(dataDir, LEGACY_TERMBASE_FILE));
  if (doc === undefined) return undefined;
  if (doc.schemaVersion !== 1 || !Array.isArray(doc.entries) || !Array.isArray(doc.history)) {
    throw new Error(`${join(dataDir, LEGACY_TERMBASE_FILE)} is not a Caravan 0.1.0 term base (schemaVersion 1 with entries and history)`);
  }
  return doc;
}

/** Renames the upgraded file to its backup name (with `.2`, `.3`... when that name is taken); returns the name. */
export async function retireLegacyTermbase(dataDir: string): Promise<string> {
  let name = LEGACY_BACKUP_FILE;
  for (let n = 2; await access(join(dataDir, name)).then(() => true, () => false); n++) name = `${LEGACY_BACKUP_FILE}.${n}`;
  await rename(join(dataDir, LEGACY_TERMBASE_FILE), join(dataDir, name));
  return name;
}
