import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_COLLECTION } from '../../src/domain/collections.js';
import { BUSY_TIMEOUT_MS, openDatabase } from '../../src/store/sqlite/database.js';
import { SQLITE_FILE, openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import { SqliteKeys } from '../../src/store/sqlite/sqlite-keys.js';
import { SqliteMemories } from '../../src/store/sqlite/sqlite-memories.js';
import { SqliteTermbase } from '../../src/store/sqlite/sqlite-termbase.js';
import { STAGE_FILE, SqliteTmBulk } from '../../src/store/sqlite/sqlite-tm-bulk.js';
import { gateOf } from '../../src/store/sqlite/write-gate.js';
import { runBulkWriteContract } from './bulk-contract.js';

runBulkWriteContract('sqlite in memory', { newStore: () => openSqliteStores(':memory:') });

const dirs: string[] = [];
runBulkWriteContract('sqlite on disk', {
  newStore: () => {
    const dir = mkdtempSync(join(tmpdir(), 'caravan-bulk-'));
    dirs.push(dir);
    return openSqliteStores(dir);
  },
});
runBulkWriteContract('sqlite on disk, every batch staged in a worker', {
  newStore: () => {
    const dir = mkdtempSync(join(tmpdir(), 'caravan-bulk-'));
    dirs.push(dir);
    return openSqliteStores(dir, { stageInWorkerAfter: 0 });
  },
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the stage of a bulk write on disk', () => {
  const unit = (n: number) => ({ sourceLang: 'zh-CN', targetLang: 'en', source: `第${n}句。${'文'.repeat(200)}`, target: `Sentence ${n}.` });
  const stageDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'caravan-stage-'));
    dirs.push(dir);
    return dir;
  };

  it('lives in the data directory while imports are open, and is deleted (its space given back) when the last one ends', async () => {
    const dir = stageDir();
    const s = openSqliteStores(dir);
    try {
      const first = await s.tmBulk.beginBulkWrite(DEFAULT_COLLECTION, 'importer');
      const second = await s.tmBulk.beginBulkWrite(DEFAULT_COLLECTION, 'importer');
      await first.stage(Array.from({ length: 2000 }, (_, i) => unit(i)));
      await second.stage([unit(5000)]);
      expect(statSync(join(dir, STAGE_FILE)).size).toBeGreaterThan(1_000_000);
      await first.commit();
      expect(existsSync(join(dir, STAGE_FILE)), 'the other import still stages there').toBe(true);
      await second.abort();
      expect(readdirSync(dir).filter((f) => f.startsWith(STAGE_FILE))).toEqual([]);
      expect(await s.tm.countUnits()).toBe(2000);
    } finally {
      await s.close();
    }
  });

  it('commits off the event loop: the loop turns and readers see the last committed state until the commit is done', async () => {
    const s = openSqliteStores(stageDir());
    try {
      await s.tm.upsertUnits(DEFAULT_COLLECTION, [unit(-1)], 'writer');
      const write = await s.tmBulk.beginBulkWrite(DEFAULT_COLLECTION, 'importer');
      for (let i = 0; i < 20_000; i += 2000) await write.stage(Array.from({ length: 2000 }, (_, k) => unit(i + k)));
      let committed = false;
      const committing = write.commit().then((counts) => { committed = true; return counts; });
      await new Promise((resolve) => setImmediate(resolve));
      expect(committed, 'the event loop turned while the commit ran').toBe(false);
      expect(await s.tm.countUnits()).toBe(1);
      expect(await committing).toEqual({ created: 20_000, updated: 0, createdIds: { from: 2, to: 20_001 } });
      expect(await s.tm.countUnits()).toBe(20_001);
    } finally {
      await s.close();
    }
  });

  it('makes the main connection wait for the lock as long as a worker commits, and 5 s again afterwards', async () => {
    const dir = stageDir();
    const db = openDatabase(join(dir, SQLITE_FILE));
    try {
      const bulk = new SqliteTmBulk(db, dir);
      const write = await bulk.beginBulkWrite(DEFAULT_COLLECTION, 'importer');
      await write.stage(Array.from({ length: 2000 }, (_, k) => unit(k)));
      expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
      const committing = write.commit();
      await new Promise((resolve) => setImmediate(resolve));
      // A term or document written now waits for the commit (which may outlast 5 s) instead of failing with SQLITE_BUSY.
      expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(BUSY_TIMEOUT_MS);
      expect((await committing).created).toBe(2000);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    } finally {
      db.close();
    }
  });

  it('holds the other stores\' writes while a worker commits, without holding the event loop; they run, in order, once it has committed', async () => {
    const dir = stageDir();
    const db = openDatabase(join(dir, SQLITE_FILE));
    try {
      const bulk = new SqliteTmBulk(db, dir);
      const write = await bulk.beginBulkWrite(DEFAULT_COLLECTION, 'importer');
      for (let i = 0; i < 20_000; i += 2000) await write.stage(Array.from({ length: 2000 }, (_, k) => unit(i + k)));
      const units = () => (db.prepare('SELECT count(*) AS n FROM units').get() as { n: number }).n;
      const committing = write.commit();
      for (let turns = 0; !gateOf(db).held; turns++) {
        expect(turns, 'the commit reached its worker').toBeLessThan(10_000);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const seen: [string, number][] = [];
      const at = (what: string) => () => { seen.push([what, units()]); };
      const writes = [
        new SqliteTermbase(db).createGlossary({ id: 'client-a', name: 'A', description: '', tags: [], readOnly: false, createdAt: 'x', createdBy: 'a', updatedAt: 'x', updatedBy: 'a', lastWriteAt: null }).then(at('glossary')),
        new SqliteKeys(db).setMeta('probe', 'written').then(at('meta')),
        new SqliteMemories(db).createMemory({ id: 'client-b', name: 'B' }, 'admin').then(at('memory')),
      ];
      await new Promise((resolve) => setImmediate(resolve));
      // The loop turned with the three writes issued; before the gate each held it in SQLite's busy handler until the commit ended.
      expect(seen).toEqual([]);
      expect(gateOf(db).held).toBe(true);
      expect((await committing).created).toBe(20_000);
      await Promise.all(writes);
      expect(seen).toEqual([['glossary', 20_000], ['meta', 20_000], ['memory', 20_000]]);
      expect(gateOf(db).held).toBe(false);
      expect(await new SqliteKeys(db).getMeta('probe')).toBe('written');
    } finally {
      db.close();
    }
  });

  it('is removed when the stores open after a process was killed during an import', async () => {
    const dir = stageDir();
    writeFileSync(join(dir, STAGE_FILE), Buffer.alloc(4096, 1));
    writeFileSync(join(dir, `${STAGE_FILE}-journal`), Buffer.alloc(512, 1));
    const s = openSqliteStores(dir);
    await s.close();
    expect(readdirSync(dir).filter((f) => f.startsWith(STAGE_FILE))).toEqual([]);
  });
});

/**
 * A commit given a reader that folded the stage as it was staged (its `stamp` set, as
 * staged-fold.ts does) says where every staged unit went, also when some were stored already:
 * the created ones by id, the refreshed ones by the stored unit they refreshed (bulk-fold.ts
 * adopts the fold with those removed instead of learning the import again from the store).
 */
describe.each([['in memory', ':memory:'], ['on disk', '']])('a bulk commit read as it was staged (%s)', (_, where) => {
  const unit = (n: number) => ({ sourceLang: 'zh-CN', targetLang: 'en', source: `第${n}句。`, target: `Sentence ${n}.` });
  const stamp = '2026-12-05T12:00:00.000Z';
  const reader = { wants: () => true, read: async () => undefined, stamp };

  it('reports the staging position of each created unit and of each refreshed one with the stored id, whatever the sample of the first rows', async () => {
    const dir = where || mkdtempSync(join(tmpdir(), 'caravan-bulk-order-'));
    if (!where) dirs.push(dir);
    const s = openSqliteStores(dir);
    try {
      // Stored units among the stage's first rows (the sample a reader that folds during the commit is refused by) and later.
      const stored = await s.tm.upsertUnits(DEFAULT_COLLECTION, [unit(1), unit(4), unit(2_500)], 'seed');
      const write = await s.tmBulk.beginBulkWrite(DEFAULT_COLLECTION, 'importer');
      await write.stage(Array.from({ length: 3_000 }, (_, i) => unit(i)));
      const counts = await write.commit(reader);
      expect(counts).toMatchObject({ created: 2_997, updated: 3 });
      const first = (counts.createdOrder as Int32Array)[0] as number;
      // Staging positions are consecutive from the first: unit i is at first + i.
      expect(Array.from(counts.updatedOrder ?? [], (p) => p - first)).toEqual([1, 4, 2_500]);
      expect(Array.from(counts.updatedIds ?? [])).toEqual(stored.ids);
      expect(counts.createdOrder?.length).toBe(2_997);
      const createdAt = (i: number) => Array.from(counts.createdOrder ?? []).indexOf(first + i);
      expect([0, 2, 3, 5, 2_999].map(createdAt)).toEqual([0, 1, 2, 3, 2_996]);
      const [u5] = await s.tm.getUnits([(counts.createdIds?.from as number) + 3]);
      expect(u5).toMatchObject({ source: unit(5).source, updatedAt: stamp });
      const refreshed = await s.tm.getUnits(stored.ids);
      expect(refreshed.map((u) => u.updatedAt)).toEqual([stamp, stamp, stamp]);
    } finally {
      await s.close();
    }
  });
});
