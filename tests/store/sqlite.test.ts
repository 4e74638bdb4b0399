import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
