/**
 * Memories in PostgreSQL (the same rows as sqlite-memories.ts). Deleting a memory deletes its
 * units in the same transaction (the units table has no foreign key, see the 001 migration),
 * after locking the memory's row, which waits for the unit writes in flight (pg-tm.ts), and logs
 * a `memory-dropped` change so every node drops them from its index. A memory's last write is
 * read from the change log (the latest unit change since the memory was created), and so is its
 * revision (the `revision` column of a migrated memory plus its unit changes since it was created):
 * unit writes never queue on the memory's row. {@link PgMemories.version} moves after every memory
 * write through this node and, for one made on another node, when this node's change follower
 * reads its `memories` or `memory-dropped` record (issue 12: the list a lookup reads is kept
 * against it, memories.ts).
 */
import type { CollectionChanges, CollectionRecord, NewCollection } from '../../domain/collections.js';
import { ConflictError } from '../../domain/errors.js';
import { type MemoryRow, toMemory } from '../rows.js';
import type { MemoryContentVersion, MemoryStore } from '../types.js';
import { CHANGE_MEMORY_DROPPED, type ChangeInput } from './pg-changes.js';
import type { PgDb, Tx } from './pg-db.js';
import { CountedWrites } from '../write-count.js';

/** PostgreSQL adapter for {@link MemoryStore}. */
export class PgMemories extends CountedWrites implements MemoryStore {
  constructor(private readonly db: PgDb) {
    super();
  }

  /** A memory write in a transaction of `db.write`; the version moves once it has committed or failed. */
  private written<T>(fn: (tx: Tx) => Promise<{ result: T; change?: ChangeInput | undefined }>): Promise<T> {
    return this.writes.after(() => this.db.write(fn));
  }

  async listMemories(): Promise<CollectionRecord[]> {
    return (await this.db.sql<MemoryRow[]>`SELECT * FROM memories ORDER BY id`).map(toMemory);
  }

  async getMemory(id: string): Promise<CollectionRecord | undefined> {
    const [row] = await this.db.sql<MemoryRow[]>`SELECT * FROM memories WHERE id = ${id}`;
    return row ? toMemory(row) : undefined;
  }

  async createMemory(m: NewCollection, actor: string): Promise<CollectionRecord> {
    const now = new Date().toISOString();
    return this.written(async (tx) => {
      const [row] = await tx<MemoryRow[]>`INSERT INTO memories (id, name, description, tags, read_only, created_at, created_by, updated_at, updated_by)
        VALUES (${m.id}, ${m.name}, ${m.description ?? ''}, ${JSON.stringify(m.tags ?? [])}, ${m.readOnly ?? false}, ${now}, ${actor}, ${now}, ${actor})
        ON CONFLICT (id) DO NOTHING RETURNING *`;
      if (!row) throw new ConflictError(`memory "${m.id}" already exists`, { memory: m.id });
      return { result: toMemory(row), change: { kind: 'memories', memory: m.id } };
    });
  }

  async updateMemory(id: string, changes: CollectionChanges, actor: string): Promise<CollectionRecord | undefined> {
    return this.written(async (tx) => {
      const [row] = await tx<MemoryRow[]>`SELECT * FROM memories WHERE id = ${id} FOR UPDATE`;
      if (!row) return { result: undefined };
      const after = { ...toMemory(row), ...changes };
      const [updated] = await tx<MemoryRow[]>`UPDATE memories SET name = ${after.name}, description = ${after.description}, tags = ${JSON.stringify(after.tags)},
        read_only = ${after.readOnly}, updated_at = ${new Date().toISOString()}, updated_by = ${actor} WHERE id = ${id} RETURNING *`;
      return { result: toMemory(updated as MemoryRow), change: { kind: 'memories', memory: id } };
    });
  }

  async deleteMemory(id: string): Promise<boolean> {
    return this.written(async (tx) => {
      if ((await tx`SELECT 1 FROM memories WHERE id = ${id} FOR UPDATE`).length === 0) return { result: false };
      await tx`DELETE FROM units WHERE memory_id = ${id}`;
      const gone = (await tx`DELETE FROM memories WHERE id = ${id}`).count > 0;
      return { result: gone, change: gone ? { kind: CHANGE_MEMORY_DROPPED, memory: id } : undefined };
    });
  }

  async lastWrites(): Promise<Map<string, string>> {
    const rows = await this.db.sql<{ id: string; last_write: string | null }[]>`SELECT m.id, greatest(m.last_write,
      (SELECT max(c.at) FROM changes c WHERE c.kind = 'units' AND c.memory = m.id AND c.at >= m.created_at)) AS last_write FROM memories m`;
    return new Map(rows.flatMap((r) => (r.last_write === null ? [] : [[r.id, r.last_write] as [string, string]])));
  }

  async contentVersion(id: string): Promise<MemoryContentVersion | undefined> {
    const [row] = await this.db.sql<{ revision: number; created_at: string; last_write: string | null }[]>`SELECT m.created_at,
      m.revision + (SELECT count(*)::int FROM changes c WHERE c.kind = 'units' AND c.memory = m.id AND c.at >= m.created_at) AS revision,
      greatest(m.last_write, (SELECT max(c.at) FROM changes c WHERE c.kind = 'units' AND c.memory = m.id AND c.at >= m.created_at)) AS last_write
      FROM memories m WHERE m.id = ${id}`;
    return row ? { revision: row.revision, createdAt: row.created_at, lastWrite: row.last_write } : undefined;
  }
}
