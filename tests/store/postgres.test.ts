import postgres from 'postgres';
import { expect, it } from 'vitest';
import { openPgStores } from '../../src/store/postgres/pg-stores.js';
import { pgMigrations } from '../../src/store/postgres/pg-db.js';
import { runBulkWriteContract } from './bulk-contract.js';
import { runStoreContract } from './contract.js';
import { runMaintenanceContract } from './maintenance-contract.js';
import { create, runTermbaseContract, storedEntry } from './termbase-contract.js';
import { PreconditionFailedError } from '../../src/domain/errors.js';
import type { Stores } from '../../src/store/types.js';
import { describePg, freshDatabase } from '../helpers/postgres.js';

describePg('postgres stores', (cluster) => {
  const newStore = async () => openPgStores(await freshDatabase(cluster()));
  runStoreContract('postgres', { newStore });
  runMaintenanceContract('postgres', { newStore });
  runBulkWriteContract('postgres', { newStore });
  runTermbaseContract('postgres', { newStore });

  it('applies each migration once, also when several nodes start at the same time', async () => {
    const url = await freshDatabase(cluster());
    const nodes = await Promise.all([openPgStores(url), openPgStores(url), openPgStores(url)]);
    const sql = postgres(url, { max: 1 });
    const applied = await sql<{ version: number }[]>`SELECT version FROM schema_migrations ORDER BY version`;
    expect(applied.map((r) => r.version)).toEqual(pgMigrations().map((m) => m.version));
    await sql.end();
    await Promise.all(nodes.map((n) => n.close()));
  });

  it('logs every write in the change log: one row per memory touched, its transaction id as the sequence', async () => {
    const s = await newStore();
    const feed = s.changes!;
    const start = await feed.position();
    await s.memories.createMemory({ id: 'b', name: 'B' }, 't');
    const { ids: [one] } = await s.tm.upsertUnits('default', [{ sourceLang: 'zh-CN', targetLang: 'en', source: '一。', target: 'One.' }], 't');
    const { ids: [two] } = await s.tm.upsertUnits('b', [{ sourceLang: 'zh-CN', targetLang: 'en', source: '二。', target: 'Two.' }], 't');
    await s.tm.deleteUnits([one!, two!]);
    await s.memories.deleteMemory('b');
    const { changes, position } = await feed.since(start);
    expect(changes.map((c) => [c.kind, c.memory, c.ids])).toEqual([['memories', 'b', null], ['units', 'default', [one]], ['units', 'b', [two]],
      ['units', 'default', [one]], ['units', 'b', [two]], ['memory-dropped', 'b', null]]);
    expect(new Set(changes.map((c) => c.origin))).toEqual(new Set([feed.origin]));
    // One transaction per write; the bulk delete's two rows share one.
    expect(changes.map((c) => c.xid)).toEqual([...changes.map((c) => c.xid)].sort((a, b) => a - b));
    expect(changes[3]!.xid).toBe(changes[4]!.xid);
    expect(new Set(changes.map((c) => c.xid)).size).toBe(5);
    expect((await feed.since(position)).changes).toEqual([]);
    await s.close();
  });

  it('imports texts with tabs, newlines, carriage returns and backslashes through COPY unchanged, and a missing field as NULL', async () => {
    const s = await newStore();
    const write = await s.tmBulk.beginBulkWrite('default', 'importer');
    const unit = { sourceLang: 'zh-CN', targetLang: 'en', source: '一\t二\n三\r四\\N五', target: 'C:\\temp\\n\tx', note: '\\' };
    await write.stage([unit, { sourceLang: 'zh-CN', targetLang: 'en', source: '六。', target: 'Six.' }]);
    expect(await write.commit()).toMatchObject({ created: 2, updated: 0 });
    const stored = await s.tm.listUnits({ memories: ['default'], limit: 10 });
    expect(stored.map((u) => [u.source, u.target, u.note])).toEqual([[unit.source, unit.target, unit.note], ['六。', 'Six.', null]]);
    await s.close();
  });

  it('commits an import whose twin another writer commits while the insert waits for it: that twin is updated once, the rest created', async () => {
    const url = await freshDatabase(cluster());
    const s = await openPgStores(url);
    const write = await s.tmBulk.beginBulkWrite('default', 'importer');
    await write.stage([{ sourceLang: 'zh-CN', targetLang: 'en', source: '一。', target: 'One.' },
      { sourceLang: 'zh-CN', targetLang: 'en', source: '二。', target: 'Two.' }]);
    const other = postgres(url, { max: 2 });
    let inserted!: () => void;
    const twinInserted = new Promise<void>((resolve) => { inserted = resolve; });
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    const twin = other.begin(async (tx) => {
      await tx`INSERT INTO units (memory_id, source_lang, target_lang, source, target, created_by, created_at, updated_by, updated_at)
        VALUES ('default', 'zh-CN', 'en', '一。', 'One.', 'other', '2026-01-01T00:00:00.000Z', 'other', '2026-01-01T00:00:00.000Z')`;
      inserted();
      await released;
    });
    await twinInserted;
    const committing = write.commit();
    // The import's insert waits on the uncommitted twin's index entry before the twin commits.
    for (let i = 0; i < 200; i++) {
      const [row] = await other<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`;
      if (row!.n > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    release();
    await twin;
    expect(await committing).toMatchObject({ created: 1, updated: 1 });
    const rows = await other<{ source: string; usage_count: number; updated_by: string }[]>`SELECT source, usage_count, updated_by FROM units ORDER BY source`;
    expect(rows).toEqual([{ source: '一。', usage_count: 1, updated_by: 'importer' }, { source: '二。', usage_count: 0, updated_by: 'importer' }]);
    await other.end();
    await s.close();
  });
});

describePg('postgres term base across nodes', (cluster) => {
  it('lets one of two concurrent writes at the same version through and fails the other\'s precondition', async () => {
    const url = await freshDatabase(cluster());
    const [one, two] = await Promise.all([openPgStores(url), openPgStores(url)]);
    await one!.termbase.writeEntries('default', [create(storedEntry('default', 'race', '竞赛', 'race'))]);
    for (let v = 1; v <= 5; v++) {
      const put = (s: Stores, en: string) => s.termbase.writeEntries('default', [{ op: 'put', entry: storedEntry('default', 'race', '竞赛', en, { version: v + 1 }),
        expectedVersion: v, history: { entryId: 'race', version: v + 1, action: 'updated', by: 't', at: '2025-01-01T00:00:00.000Z', changes: [] } }]);
      const results = await Promise.allSettled([put(one!, `one ${v}`), put(two!, `two ${v}`)]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(failed?.reason).toBeInstanceOf(PreconditionFailedError);
      expect(failed?.reason).toMatchObject({ currentVersion: v + 1 });
    }
    expect((await two!.termbase.history('default', 'race')).map((h) => h.version)).toEqual([1, 2, 3, 4, 5, 6]);
    await Promise.all([one!.close(), two!.close()]);
  });
});
