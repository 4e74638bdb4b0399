/**
 * Unit identity in SQLite by a short key (unit-identity.ts, schema v7): keys that collide never
 * merge two units (every store contract passes with one key for every unit, and two different
 * units with the same key are both stored, found and refreshed apart), and data directories of
 * schema v6 and of release 0.1.0 are upgraded with every unit kept, found by its identity, and
 * duplicates still refused.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_COLLECTION } from '../../src/domain/collections.js';
import type { NewUnit } from '../../src/domain/tm/unit.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/sqlite/database.js';
import { SQLITE_FILE, openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import { IDENTITY_INDEX, identityKey } from '../../src/store/sqlite/unit-identity.js';
import type { Stores } from '../../src/store/types.js';
import { restoreDataDir } from '../helpers/datadir-fixture.js';
import { runBulkWriteContract } from './bulk-contract.js';
import { runStoreContract } from './contract.js';
import { runMaintenanceContract } from './maintenance-contract.js';

const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'caravan-identity-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every identity has the same key: each lookup must tell units apart by their texts. */
const COLLIDING = { identityKey: () => 42 };
runStoreContract('sqlite on disk, every identity key colliding', { newStore: () => openSqliteStores(newDir(), COLLIDING) });
runMaintenanceContract('sqlite on disk, every identity key colliding', { newStore: () => openSqliteStores(newDir(), COLLIDING) });
runBulkWriteContract('sqlite on disk, every identity key colliding', { newStore: () => openSqliteStores(newDir(), COLLIDING) });
runBulkWriteContract('sqlite in memory, every identity key colliding', { newStore: () => openSqliteStores(':memory:', COLLIDING) });

const unit = (source: string, target: string, extra: Partial<NewUnit> = {}): NewUnit => ({ sourceLang: 'zh-CN', targetLang: 'en', source, target, ...extra });

describe('units whose identity keys collide', () => {
  it('are both stored, both found and never merged, by upserts, replaces and a bulk commit', async () => {
    const s = openSqliteStores(newDir(), COLLIDING);
    try {
      const first = await s.tm.upsertUnits(DEFAULT_COLLECTION, [unit('一。', 'One.'), unit('二。', 'Two.')], 'a');
      expect(first.created).toBe(2);
      const [one, two] = first.ids as [number, number];
      expect(await s.tm.findIdentical(DEFAULT_COLLECTION, unit('一。', 'One.'))).toBe(one);
      expect(await s.tm.findIdentical(DEFAULT_COLLECTION, unit('二。', 'Two.'))).toBe(two);
      expect(await s.tm.findIdentical(DEFAULT_COLLECTION, unit('三。', 'Three.'))).toBeUndefined();
      const again = await s.tm.upsertUnits(DEFAULT_COLLECTION, [unit('二。', 'Two.', { note: 'second use' })], 'b');
      expect(again).toMatchObject({ ids: [two], created: 0, updated: 1 });
      await expect(s.tm.replaceUnit(one, unit('二。', 'Two.'), 'e')).rejects.toMatchObject({ code: 'conflict' });
      const bulk = await s.tmBulk.beginBulkWrite(DEFAULT_COLLECTION, 'importer');
      // Each differs from a stored unit in one part of the identity only, but the first.
      await bulk.stage([unit('一。', 'One.', { note: 'imported' }), unit('三。', 'One.'), unit('二。', 'Two!'), unit('一。', 'One.', { targetLang: 'ru' }),
        unit('一。', 'One.', { sourceLang: 'zh-TW' })]);
      expect(await bulk.preview()).toEqual({ created: 4, updated: 1 });
      expect(await bulk.commit()).toMatchObject({ created: 4, updated: 1 });
      const units = await s.tm.listUnits({ limit: 10 });
      expect(units.map((u) => [u.id, u.sourceLang, u.targetLang, u.source, u.target, u.note, u.usageCount])).toEqual([
        [one, 'zh-CN', 'en', '一。', 'One.', 'imported', 1], [two, 'zh-CN', 'en', '二。', 'Two.', 'second use', 1],
        [two + 1, 'zh-CN', 'en', '三。', 'One.', null, 0], [two + 2, 'zh-CN', 'en', '二。', 'Two!', null, 0],
        [two + 3, 'zh-CN', 'ru', '一。', 'One.', null, 0], [two + 4, 'zh-TW', 'en', '一。', 'One.', null, 0],
      ]);
      for (const u of units) expect(await s.tm.findIdentical(DEFAULT_COLLECTION, u)).toBe(u.id);
    } finally {
      await s.close();
    }
  });
});

/** Every unit of `s`, with the id its identity finds. */
async function foundByIdentity(s: Stores): Promise<[number, number | undefined][]> {
  const units = await s.tm.listUnits({ limit: 100_000 });
  return Promise.all(units.map(async (u) => [u.id, await s.tm.findIdentical(u.memory, u)] as [number, number | undefined]));
}

/** The schema's indexes of `units` and each row's stored key against the key of its texts. */
function storedKeys(dir: string): { indexes: string[]; wrongKeys: number } {
  const db = new Database(join(dir, SQLITE_FILE), { readonly: true });
  try {
    const indexes = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'units' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    const rows = db.prepare('SELECT identity, source_lang AS sourceLang, target_lang AS targetLang, source, target FROM units').all() as
      { identity: number; sourceLang: string; targetLang: string; source: string; target: string }[];
    return { indexes, wrongKeys: rows.filter((r) => r.identity !== identityKey(r)).length };
  } finally {
    db.close();
  }
}

describe('upgrade to identity keys (schema 7)', () => {
  it('from schema 6: every unit kept with its id and found by its identity in its memory; duplicates still refused', async () => {
    const dir = newDir();
    const raw = new Database(join(dir, SQLITE_FILE));
    for (const sql of MIGRATIONS.slice(0, 6)) raw.exec(sql);
    raw.pragma('user_version = 6');
    raw.prepare("INSERT INTO memories (id, name, created_at, created_by, updated_at, updated_by) VALUES ('b', 'B', 'x', 'a', 'x', 'a')").run();
    const insert = raw.prepare(`INSERT INTO units (memory_id, source_lang, target_lang, source, target, note, created_by, created_at, updated_by, updated_at, usage_count)
      VALUES (?, ?, ?, ?, ?, ?, 'old', 'x', 'old', 'x', 2)`);
    const rows: [string, string, string, string, string, string][] = [
      ['default', 'zh-CN', 'en', '一。', 'One.', 'n1'], ['default', 'zh-CN', 'en', '一。', 'One!', 'n2'], ['default', 'zh-CN', 'ru', '一。', 'One.', 'n3'],
      ['b', 'zh-CN', 'en', '一。', 'One.', 'n4'], ['default', 'en', 'zh-CN', 'One.', '一。', 'n5'],
    ];
    for (const r of rows) insert.run(...r);
    raw.close();
    const s = openSqliteStores(dir);
    try {
      const units = await s.tm.listUnits({ limit: 10 });
      expect(units.map((u) => [u.memory, u.sourceLang, u.targetLang, u.source, u.target, u.note])).toEqual(rows);
      expect(units.map((u) => u.id)).toEqual([1, 2, 3, 4, 5]);
      expect(await foundByIdentity(s)).toEqual(units.map((u) => [u.id, u.id]));
      expect(storedKeys(dir)).toEqual({ indexes: [IDENTITY_INDEX, 'units_memory_pair'], wrongKeys: 0 });
      // The same identity rules: an upsert refreshes the unit of its memory, a replace into a twin is refused.
      const again = await s.tm.upsertUnits('b', [unit('一。', 'One.', { note: 'again' })], 'new');
      expect(again).toMatchObject({ ids: [4], created: 0 });
      expect(await s.tm.getUnit(4)).toMatchObject({ note: 'again', usageCount: 3 });
      await expect(s.tm.replaceUnit(2, unit('一。', 'One.'), 'e')).rejects.toMatchObject({ code: 'conflict' });
      const bulk = await s.tmBulk.beginBulkWrite(DEFAULT_COLLECTION, 'importer');
      await bulk.stage([unit('一。', 'One!'), unit('二。', 'Two.')]);
      expect(await bulk.commit()).toMatchObject({ created: 1, updated: 1, createdIds: { from: 6, to: 6 } });
      expect(await s.tm.countUnits()).toBe(6);
    } finally {
      await s.close();
    }
  });

  it('from the 0.1.0 data directory: its 138 units found by their identities, imported again they are updated, not duplicated', async () => {
    const dir = restoreDataDir('v0.1.0');
    dirs.push(dir);
    const s = openSqliteStores(dir);
    try {
      const db = new Database(join(dir, SQLITE_FILE), { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      db.close();
      const units = await s.tm.listUnits({ limit: 1000 });
      expect(units).toHaveLength(138);
      expect(await foundByIdentity(s)).toEqual(units.map((u) => [u.id, u.id]));
      expect(storedKeys(dir).wrongKeys).toBe(0);
      const bulk = await s.tmBulk.beginBulkWrite(DEFAULT_COLLECTION, 'importer');
      await bulk.stage(units.map((u) => unit(u.source, u.target, { sourceLang: u.sourceLang, targetLang: u.targetLang })));
      expect(await bulk.commit()).toEqual({ created: 0, updated: 138 });
      expect((await s.tm.upsertUnits(DEFAULT_COLLECTION, [units[0] as NewUnit], 't')).created).toBe(0);
      expect((await s.tm.listUnits({ limit: 1000 })).map((u) => [u.id, u.usageCount])).toEqual(units.map((u, i) => [u.id, u.usageCount + (i === 0 ? 2 : 1)]));
    } finally {
      await s.close();
    }
  });
});
