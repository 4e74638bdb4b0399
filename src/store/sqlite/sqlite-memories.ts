/**
 * Memories in SQLite: the collections translation units belong to (issue 10). Deleting a memory
 * deletes its units in the same transaction (the units table has no foreign key, see the v3
 * migration). `last_write` and `revision` are kept by the unit writers (sqlite-tm.ts, sqlite-tm-bulk.ts).
 * {@link SqliteMemories.version} moves after every memory write, so that the list a lookup reads
 * can be kept between requests (issue 12, memories.ts).
 */
import { ConflictError } from '../../domain/errors.js';
import type { CollectionChanges, CollectionRecord, NewCollection } from '../../domain/collections.js';
import type { MemoryContentVersion, MemoryStore } from '../types.js';
import type { SqliteDb } from './database.js';
import { gateOf } from './write-gate.js';
import { CountedWrites } from '../write-count.js';
import { type MemoryRow, toMemory } from '../rows.js';

/** SQLite adapter for {@link MemoryStore}. */
export class SqliteMemories extends CountedWrites implements MemoryStore {
  private readonly stmts;

  /** Main-connection writes wait here while a worker commits (write-gate.ts). */
  private readonly gate: ReturnType<typeof gateOf>;

  constructor(private readonly db: SqliteDb) {
    super();
    this.gate = gateOf(db);
    this.stmts = {
      list: db.prepare<[], MemoryRow>('SELECT * FROM memories ORDER BY id'),
      get: db.prepare<[string], MemoryRow>('SELECT * FROM memories WHERE id = ?'),
      insert: db.prepare(`INSERT INTO memories (id, name, description, tags, read_only, created_at, created_by, updated_at, updated_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
      update: db.prepare('UPDATE memories SET name = ?, description = ?, tags = ?, read_only = ?, updated_at = ?, updated_by = ? WHERE id = ?'),
      deleteUnits: db.prepare('DELETE FROM units WHERE memory_id = ?'),
      delete: db.prepare('DELETE FROM memories WHERE id = ?'),
      lastWrites: db.prepare<[], { id: string; last_write: string }>('SELECT id, last_write FROM memories WHERE last_write IS NOT NULL'),
      version: db.prepare<[string], { revision: number; created_at: string; last_write: string | null }>(
        'SELECT revision, created_at, last_write FROM memories WHERE id = ?'),
    };
  }

  async listMemories(): Promise<CollectionRecord[]> {
    return this.stmts.list.all().map(toMemory);
  }

  async getMemory(id: string): Promise<CollectionRecord | undefined> {
    const row = this.stmts.get.get(id);
    return row ? toMemory(row) : undefined;
  }

  async createMemory(m: NewCollection, actor: string): Promise<CollectionRecord> {
    const now = new Date().toISOString();
    const info = await this.written(() => this.stmts.insert.run(m.id, m.name, m.description ?? '', JSON.stringify(m.tags ?? []), m.readOnly ? 1 : 0, now, actor, now, actor));
    if (info.changes === 0) throw new ConflictError(`memory "${m.id}" already exists`, { memory: m.id });
    return toMemory(this.stmts.get.get(m.id) as MemoryRow);
  }

  async updateMemory(id: string, changes: CollectionChanges, actor: string): Promise<CollectionRecord | undefined> {
    return this.written(() => {
      const row = this.stmts.get.get(id);
      if (!row) return undefined;
      const before = toMemory(row);
      const after = { ...before, ...changes };
      this.stmts.update.run(after.name, after.description, JSON.stringify(after.tags), after.readOnly ? 1 : 0, new Date().toISOString(), actor, id);
      return toMemory(this.stmts.get.get(id) as MemoryRow);
    });
  }

  async deleteMemory(id: string): Promise<boolean> {
    return this.written(this.db.transaction(() => {
      this.stmts.deleteUnits.run(id);
      return this.stmts.delete.run(id).changes > 0;
    }));
  }

  /** A memory write through the write gate; the version moves once it has run, failed or not. */
  private written<T>(write: () => T): Promise<T> {
    return this.writes.after(() => this.gate.write(write));
  }

  async lastWrites(): Promise<Map<string, string>> {
    return new Map(this.stmts.lastWrites.all().map((r) => [r.id, r.last_write]));
  }

  async contentVersion(id: string): Promise<MemoryContentVersion | undefined> {
    const row = this.stmts.version.get(id);
    return row ? { revision: row.revision, createdAt: row.created_at, lastWrite: row.last_write } : undefined;
  }
}
