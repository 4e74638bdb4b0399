/**
 * Data directories written by earlier releases (`tests/fixtures/datadir/<version>/`), restored
 * into a temporary directory for upgrade tests: `caravan.sqlite` rebuilt from its SQL dump, the
 * other files copied as they are.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES_DIR } from './shared.js';

/** Restores the data directory of release `version` into a new temporary directory and returns its path. */
export function restoreDataDir(version: string): string {
  const from = join(FIXTURES_DIR, 'datadir', version);
  const dir = mkdtempSync(join(tmpdir(), `caravan-datadir-${version}-`));
  for (const name of readdirSync(from)) {
    if (name === 'caravan.sql') {
      const db = new Database(join(dir, 'caravan.sqlite'));
      db.exec(readFileSync(join(from, name), 'utf8'));
      db.close();
    } else if (name !== 'README.md') {
      copyFileSync(join(from, name), join(dir, name));
    }
  }
  return dir;
}
