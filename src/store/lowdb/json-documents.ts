/**
 * Human-readable JSON documents through lowdb, the job it is good at (issue 11): the curated
 * glossary (`glossary/entries.json`), JSON exports of a glossary written by the CLI, and the
 * `termbase.json` of the previous release, read once to upgrade it. Writes go through
 * DurableJsonFile (temp file, fsync, rename, fsync of the directory), so a file is never half
 * written; the term base itself lives in SQLite.
 */
import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-json-file.js';

/** The document in `file`, or undefined when there is no such file. */
export async function readJsonDocument<T>(file: string): Promise<T | undefined> {
  const db = new Low<T | null>(new DurableJsonFile<T | null>(file), null);
  await db.read();
  return db.data ?? undefined;
}

/** Writes `data` to `file` as pretty-printed JSON, atomically and durably. */
export async function writeJsonDocument<T>(file: string, data: T): Promise<void> {
  const db = new Low<T>(new DurableJsonFile<T>(file), data);
  await db.write();
}
