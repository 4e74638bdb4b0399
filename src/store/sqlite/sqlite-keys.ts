/**
 * API keys and small meta values in SQLite. Every key write moves {@link SqliteKeys.version}
 * (after it, so a read that began before the write is not taken as current): one process holds
 * the data directory (data-dir-lock.ts), so its own writes are all the writes there are.
 */
import type { CollectionKind } from '../../domain/auth/roles.js';
import { type KeyRow, toKey, withoutMemory } from '../rows.js';
import type { KeyCredential, KeyRecord, KeyStore, MetaStore, NewKey } from '../types.js';
import type { SqliteDb } from './database.js';
import { gateOf } from './write-gate.js';
import { CountedWrites } from '../write-count.js';

/** SQLite adapter for {@link KeyStore} and {@link MetaStore}. */
export class SqliteKeys extends CountedWrites implements KeyStore, MetaStore {
  private readonly stmts;

  /** Main-connection writes wait here while a worker commits (write-gate.ts). */
  private readonly gate: ReturnType<typeof gateOf>;

  constructor(private readonly db: SqliteDb) {
    super();
    this.gate = gateOf(db);
    this.stmts = {
      insert: db.prepare('INSERT INTO api_keys (name, role, scope, link, prefix, hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      setScope: db.prepare('UPDATE api_keys SET scope = ?, link = ? WHERE id = ?'),
      byPrefix: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE prefix = ?'),
      get: db.prepare<[number], KeyRow>('SELECT * FROM api_keys WHERE id = ?'),
      list: db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY id'),
      delete: db.prepare('DELETE FROM api_keys WHERE id = ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM api_keys'),
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    };
  }

  async createKey(input: NewKey): Promise<KeyRecord> {
    const link = input.link === undefined ? null : JSON.stringify(input.link);
    const info = await this.written(() => this.stmts.insert.run(input.name, input.role, JSON.stringify(input.scope), link, input.prefix, input.hash, new Date().toISOString(), input.createdBy));
    return toKey(this.stmts.get.get(Number(info.lastInsertRowid)) as KeyRow);
  }

  async findByPrefix(prefix: string): Promise<KeyCredential[]> {
    return this.stmts.byPrefix.all(prefix).map((r) => ({ ...toKey(r), prefix: r.prefix, hash: r.hash }));
  }

  async listKeys(): Promise<KeyRecord[]> {
    return this.stmts.list.all().map(toKey);
  }

  async deleteKey(id: number): Promise<boolean> {
    return this.written(() => this.stmts.delete.run(id).changes > 0);
  }

  async countKeys(): Promise<number> {
    return this.stmts.count.get()?.n ?? 0;
  }

  async forgetCollection(kind: CollectionKind, id: string): Promise<void> {
    await this.written(this.db.transaction(() => {
      for (const row of this.stmts.list.all()) {
        const key = toKey(row);
        const allowed = key.scope[kind];
        const scope = allowed === '*' ? key.scope : { ...key.scope, [kind]: allowed.filter((x) => x !== id) };
        const link = key.link && kind === 'memories' ? withoutMemory(key.link, id) : key.link;
        if (JSON.stringify(scope) === row.scope && JSON.stringify(link ?? null) === (row.link ?? 'null')) continue;
        this.stmts.setScope.run(JSON.stringify(scope), link === undefined ? null : JSON.stringify(link), row.id);
      }
    }));
  }

  /** A key write through the write gate; the version moves once it has run, failed or not. */
  private written<T>(write: () => T): Promise<T> {
    return this.writes.after(() => this.gate.write(write));
  }

  async getMeta(key: string): Promise<string | undefined> {
    return this.stmts.getMeta.get(key)?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.gate.write(() => this.stmts.setMeta.run(key, value));
  }
}
