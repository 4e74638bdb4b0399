import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, openDatabase } from '../../src/store/sqlite/database.js';
import { openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { runStoreContract } from './contract.js';
import { runMaintenanceContract } from './maintenance-contract.js';

runStoreContract('sqlite in memory', { newStore: () => openSqliteStores(':memory:') });
runMaintenanceContract('sqlite in memory', { newStore: () => openSqliteStores(':memory:') });

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
    const raw = new Database(file);
    raw.exec(MIGRATIONS[0] as string);
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

  it('opens the 0.1.0 data directory (schema 2): documents keep their segments, with no sections, and new ones get them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caravan-sqlite-'));
    dirs.push(dir);
    const raw = new Database(join(dir, 'caravan.sqlite'));
    raw.exec(readFileSync(join(PACKAGE_ROOT, 'tests', 'fixtures', 'datadir', 'v0.1.0', 'caravan.sql'), 'utf8'));
    const before = raw.prepare('SELECT document_id, idx, source, target, state, data FROM segments ORDER BY document_id, idx').all();
    expect(raw.pragma('user_version', { simple: true })).toBe(2);
    raw.close();
    const stores = openSqliteStores(dir);
    const docs = await stores.documents.listDocuments();
    expect(docs).toHaveLength(7);
    const after = [];
    for (const d of docs) {
      expect(await stores.documents.listSections(d.id)).toEqual([]);
      for (const seg of await stores.documents.listSegments(d.id, 0, 10_000)) {
        expect(seg.section).toBeUndefined();
        after.push({ document_id: d.id, idx: seg.index, source: seg.source, target: seg.target, state: seg.state, data: seg.data === undefined ? null : JSON.stringify(seg.data) });
      }
    }
    expect(after).toEqual(before);
    const created = await stores.documents.createDocument({ name: 'new', sourceLang: 'zh-CN', targetLang: 'en', sections: [{ index: 0, title: null }] },
      [{ source: '一。', target: null, state: 'new', section: 0 }], 't');
    expect(await stores.documents.listSections(created.id)).toEqual([{ index: 0, title: null, start: 0, end: 0 }]);
    await stores.close();
  });
});
