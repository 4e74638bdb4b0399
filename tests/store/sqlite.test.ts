import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import { runStoreContract } from './contract.js';

runStoreContract('sqlite in memory', { newStore: () => openSqliteStores(':memory:') });

const dirs: string[] = [];
runStoreContract('sqlite on disk', {
  newStore: () => {
    const dir = mkdtempSync(join(tmpdir(), 'caravan-sqlite-'));
    dirs.push(dir);
    return openSqliteStores(dir);
  },
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('sqlite database', () => {
  it('runs in WAL mode with full synchronous commits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'caravan-sqlite-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'x.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    db.close();
  });

  it('migrates a version 1 database to inline-code columns, keeping its units', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caravan-sqlite-'));
    dirs.push(dir);
    const file = join(dir, 'caravan.sqlite');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.exec('ALTER TABLE units DROP COLUMN source_codes; ALTER TABLE units DROP COLUMN target_codes;');
    // What later migrations (3: the term base) created.
    raw.exec('DROP TABLE term_import_writes; DROP TABLE term_imports; DROP TABLE term_history; DROP TABLE term_search; DROP TABLE term_zh_keys; DROP TABLE term_index; DROP TABLE term_entries; DROP TABLE glossaries;');
    raw.prepare(`INSERT INTO units (source_lang, target_lang, source, target, created_by, created_at, updated_by, updated_at)
      VALUES ('zh-CN', 'en', '一。', 'One.', 'old', 'x', 'old', 'x')`).run();
    raw.pragma('user_version = 1');
    raw.close();
    const stores = openSqliteStores(dir);
    const [u] = await stores.tm.listUnits({ limit: 10 });
    expect(u).toMatchObject({ source: '一。', target: 'One.', createdBy: 'old' });
    expect(u?.sourceCodes).toBeUndefined();
    await stores.close();
  });
});
