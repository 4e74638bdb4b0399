/**
 * The memory ids a lookup reads are kept between requests (issue 12, memories.ts): read again
 * when a memory write moves the store's version (here or, on the cluster, reported by the change
 * log: cluster.test.ts), and after MEMORY_IDS_KEPT_MS at most; scope and the 404 of a memory
 * that does not exist are decided as before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Principal, SYSTEM_PRINCIPAL } from '../../../src/domain/auth/roles.js';
import { MEMORY_IDS_KEPT_MS, MemoryService } from '../../../src/services/tm/memories.js';
import { openSqliteStores, SQLITE_FILE } from '../../../src/store/sqlite/sqlite-stores.js';
import type { Stores } from '../../../src/store/types.js';

const scoped: Principal = { keyId: 7, name: 'scoped', role: 'reader', scope: { memories: ['client-a'], glossaries: '*' } };

describe('the memory ids lookups read', () => {
  let stores: Stores;
  let memories: MemoryService;
  let reads: ReturnType<typeof vi.spyOn>;

  beforeEach(async () => {
    stores = await openSqliteStores(':memory:');
    memories = new MemoryService(stores.memories, stores.tm, stores.keys, stores.documents);
    reads = vi.spyOn(stores.memories, 'listMemories');
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await stores.close();
  });

  const ids = async (by: Principal = SYSTEM_PRINCIPAL) => (await memories.readable(by)).map((m) => m.id);

  it('are read from the store once while no memory is written, with or without a list of memories', async () => {
    expect(await ids()).toEqual(['default']);
    expect(await ids()).toEqual(['default']);
    expect(await memories.readable(SYSTEM_PRINCIPAL, [{ id: 'default', penalty: 2 }])).toEqual([{ id: 'default', penalty: 2 }]);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('see a memory created or deleted through the service at the next lookup', async () => {
    expect(await ids()).toEqual(['default']);
    await memories.create({ id: 'client-a', name: 'A' }, SYSTEM_PRINCIPAL);
    expect(await ids()).toEqual(['client-a', 'default']);
    expect(await memories.readable(SYSTEM_PRINCIPAL, [{ id: 'client-a' }])).toEqual([{ id: 'client-a', penalty: 0 }]);
    await memories.delete(SYSTEM_PRINCIPAL, 'client-a', false);
    expect(await ids()).toEqual(['default']);
    await expect(memories.readable(SYSTEM_PRINCIPAL, [{ id: 'client-a' }])).rejects.toMatchObject({ code: 'not-found' });
    expect(reads).toHaveBeenCalledTimes(3);
  });

  it('are read again when the store reports a write it did not make (the change log), and after the time they are kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caravan-memory-ids-'));
    const disk = openSqliteStores(dir);
    const service = new MemoryService(disk.memories, disk.tm, disk.keys, disk.documents);
    const listed = vi.spyOn(disk.memories, 'listMemories');
    // Another writer of the same database (as another node is of a shared one): no version of this store moves.
    const elsewhere = new Database(join(dir, SQLITE_FILE));
    const byHand = (id: string) => elsewhere.prepare(`INSERT INTO memories (id, name, description, tags, read_only, created_at, created_by, updated_at, updated_by)
      VALUES (?, ?, '', '[]', 0, '2026-01-01T00:00:00Z', 'x', '2026-01-01T00:00:00Z', 'x')`).run(id, id);
    const seen = async () => (await service.readable(SYSTEM_PRINCIPAL)).map((m) => m.id);
    try {
      const now = performance.now();
      const clock = vi.spyOn(performance, 'now').mockReturnValue(now);
      expect(await seen()).toEqual(['default']);
      byHand('client-a');
      clock.mockReturnValue(now + MEMORY_IDS_KEPT_MS - 1);
      expect(await seen()).toEqual(['default']);
      disk.memories.changedElsewhere();
      expect(await seen()).toEqual(['client-a', 'default']);
      byHand('client-b');
      expect(await seen()).toEqual(['client-a', 'default']);
      clock.mockReturnValue(now + 3 * MEMORY_IDS_KEPT_MS);
      expect(await seen()).toEqual(['client-a', 'client-b', 'default']);
      expect(listed).toHaveBeenCalledTimes(3);
    } finally {
      elsewhere.close();
      await disk.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keep each key to its scope: other memories are neither listed nor readable by name (404)', async () => {
    await memories.create({ id: 'client-a', name: 'A' }, SYSTEM_PRINCIPAL);
    await memories.create({ id: 'client-b', name: 'B' }, SYSTEM_PRINCIPAL);
    expect(await ids(scoped)).toEqual(['client-a']);
    expect(await ids()).toEqual(['client-a', 'client-b', 'default']);
    await expect(memories.readable(scoped, [{ id: 'client-b' }])).rejects.toMatchObject({ code: 'not-found' });
    await expect(memories.readable(SYSTEM_PRINCIPAL, [{ id: 'nope' }])).rejects.toMatchObject({ code: 'not-found' });
    await expect(memories.readable(SYSTEM_PRINCIPAL, [{ id: 'default' }, { id: 'default' }])).rejects.toMatchObject({ code: 'validation' });
    expect(reads).toHaveBeenCalledTimes(1);
  });
});
