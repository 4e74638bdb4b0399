/**
 * API keys and small meta values in PostgreSQL (the same rows as sqlite-keys.ts). Every key
 * write through this node moves {@link PgKeys.version} once it has committed or failed; a key
 * written on another node moves it when this node's change follower reads the write's `keys`
 * record from the change log (change-follower.ts, within its delay).
 */
import type { CollectionKind } from '../../domain/auth/roles.js';
import { type KeyRow, toKey, withoutMemory } from '../rows.js';
import type { KeyCredential, KeyRecord, KeyStore, MetaStore, NewKey } from '../types.js';
import type { PgDb, Tx } from './pg-db.js';
import { CountedWrites } from '../write-count.js';

/** PostgreSQL adapter for {@link KeyStore} and {@link MetaStore}. */
export class PgKeys extends CountedWrites implements KeyStore, MetaStore {
  constructor(private readonly db: PgDb) {
    super();
  }

  async createKey(input: NewKey): Promise<KeyRecord> {
    const link = input.link === undefined ? null : JSON.stringify(input.link);
    return this.written(async (tx) => {
      const [row] = await tx<KeyRow[]>`INSERT INTO api_keys (name, role, scope, link, prefix, hash, created_at, created_by)
        VALUES (${input.name}, ${input.role}, ${JSON.stringify(input.scope)}, ${link}, ${input.prefix}, ${input.hash}, ${new Date().toISOString()}, ${input.createdBy})
        RETURNING *`;
      return { result: toKey(row as KeyRow), change: { kind: 'keys' } };
    });
  }

  async findByPrefix(prefix: string): Promise<KeyCredential[]> {
    const rows = await this.db.sql<KeyRow[]>`SELECT * FROM api_keys WHERE prefix = ${prefix}`;
    return rows.map((r) => ({ ...toKey(r), prefix: r.prefix, hash: Buffer.from(r.hash) }));
  }

  async listKeys(): Promise<KeyRecord[]> {
    return (await this.db.sql<KeyRow[]>`SELECT * FROM api_keys ORDER BY id`).map(toKey);
  }

  async deleteKey(id: number): Promise<boolean> {
    return this.written(async (tx) => {
      const gone = (await tx`DELETE FROM api_keys WHERE id = ${id}`).count > 0;
      return { result: gone, change: gone ? { kind: 'keys' } : undefined };
    });
  }

  async countKeys(): Promise<number> {
    const [row] = await this.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM api_keys`;
    return row?.n ?? 0;
  }

  async forgetCollection(kind: CollectionKind, id: string): Promise<void> {
    await this.written(async (tx) => {
      let changed = false;
      for (const row of await tx<KeyRow[]>`SELECT * FROM api_keys ORDER BY id FOR UPDATE`) {
        const key = toKey(row);
        const allowed = key.scope[kind];
        const scope = allowed === '*' ? key.scope : { ...key.scope, [kind]: allowed.filter((x) => x !== id) };
        const link = key.link && kind === 'memories' ? withoutMemory(key.link, id) : key.link;
        if (JSON.stringify(scope) === row.scope && JSON.stringify(link ?? null) === (row.link ?? 'null')) continue;
        await tx`UPDATE api_keys SET scope = ${JSON.stringify(scope)}, link = ${link === undefined ? null : JSON.stringify(link)} WHERE id = ${row.id}`;
        changed = true;
      }
      return { result: undefined, change: changed ? { kind: 'keys' } : undefined };
    });
  }

  /** A key write in a transaction of the shared store; the version moves once it has committed or failed. */
  private written<T>(fn: (tx: Tx) => Promise<{ result: T; change?: { kind: 'keys' } | undefined }>): Promise<T> {
    return this.writes.after(() => this.db.write(fn));
  }

  async getMeta(key: string): Promise<string | undefined> {
    const [row] = await this.db.sql<{ value: string }[]>`SELECT value FROM meta WHERE key = ${key}`;
    return row?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db.write(async (tx) => {
      await tx`INSERT INTO meta (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
      return { result: undefined, change: { kind: 'meta' } };
    });
  }
}
