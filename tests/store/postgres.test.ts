import postgres from 'postgres';
import { expect, it } from 'vitest';
import { openPgStores } from '../../src/store/postgres/pg-stores.js';
import { pgMigrations } from '../../src/store/postgres/pg-db.js';
import { runBulkWriteContract } from './bulk-contract.js';
import { runStoreContract } from './contract.js';
import { describePg, freshDatabase } from '../helpers/postgres.js';

describePg('postgres stores', (cluster) => {
  runStoreContract('postgres', { newStore: async () => openPgStores(await freshDatabase(cluster())) });
  runBulkWriteContract('postgres', { newStore: async () => openPgStores(await freshDatabase(cluster())) });

  it('applies each migration once, also when several nodes start at the same time', async () => {
    const url = await freshDatabase(cluster());
    const nodes = await Promise.all([openPgStores(url), openPgStores(url), openPgStores(url)]);
    const sql = postgres(url, { max: 1 });
    const applied = await sql<{ version: number }[]>`SELECT version FROM schema_migrations ORDER BY version`;
    expect(applied.map((r) => r.version)).toEqual(pgMigrations().map((m) => m.version));
    await sql.end();
    await Promise.all(nodes.map((n) => n.close()));
  });

  it('logs every write in the change log, in commit order', async () => {
    const s = await openPgStores(await freshDatabase(cluster()));
    const feed = s.changes!;
    expect(await feed.head()).toBe(0);
    const { ids } = await s.tm.upsertUnits('default', [{ sourceLang: 'zh-CN', targetLang: 'en', source: '一。', target: 'One.' }], 't');
    await s.tm.deleteUnit(ids[0]!);
    await s.memories.createMemory({ id: 'gone', name: 'Gone' }, 't');
    await s.memories.deleteMemory('gone');
    const log = await feed.after(0, 10);
    expect(log.map((c) => [c.kind, c.memory, c.ids])).toEqual([['units', 'default', ids], ['units', 'default', ids], ['memories', 'gone', null], ['memory-dropped', 'gone', null]]);
    expect(log.map((c) => c.seq)).toEqual([...log.map((c) => c.seq)].sort((a, b) => a - b));
    expect(await feed.head()).toBe(log[3]!.seq);
    await s.close();
  });
});
