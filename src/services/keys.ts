/**
 * API keys: created once and shown once, stored as SHA-256 hashes, checked in constant time.
 *
 * A key is 192 random bits, so a fast hash is enough (nothing to brute-force); its first
 * characters are stored in clear as a lookup prefix, and the hashes of the rows with that
 * prefix are compared with `timingSafeEqual`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type CollectionKind, FULL_SCOPE, type Principal, type Role, type Scope, isRole } from '../domain/auth/roles.js';
import { requireCollectionId } from '../domain/collections.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import type { KeyRecord, KeyStore } from '../store/types.js';

/** Characters of a key kept in clear to find its row. */
const PREFIX_LENGTH = 12;
/** Random bytes in a generated key (192 bits). */
const KEY_BYTES = 24;
/** Name of the key that mirrors CARAVAN_ADMIN_KEY. */
export const ENV_ADMIN_KEY_NAME = 'CARAVAN_ADMIN_KEY';

function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** A scope as the API writes it: per kind, `["*"]` for every collection or a list of ids. */
export type ScopeInput = Partial<Record<CollectionKind, string[]>>;

/** The API's form of a scope (`'*'` becomes `["*"]`). */
export function scopeToApi(scope: Scope): Record<CollectionKind, string[]> {
  return { memories: scope.memories === '*' ? ['*'] : [...scope.memories], glossaries: scope.glossaries === '*' ? ['*'] : [...scope.glossaries] };
}

/** A key as returned once at creation, secret included. */
export interface CreatedKey extends KeyRecord {
  key: string;
}

/** Creates, lists, deletes and checks API keys. */
export class KeyService {
  /** `exists` says whether a collection exists (a scope may only name existing ones). */
  constructor(private readonly store: KeyStore, private readonly exists: (kind: CollectionKind, id: string) => Promise<boolean> = async () => true) {}

  /** A validated scope: `["*"]` or existing collection ids per kind (unknown: 404); admins reach everything. */
  private async scopeOf(input: ScopeInput | undefined, role: Role): Promise<Scope> {
    const out: Record<CollectionKind, '*' | string[]> = { memories: '*', glossaries: '*' };
    for (const kind of ['memories', 'glossaries'] as const) {
      const list = input?.[kind];
      if (list === undefined || (list.length === 1 && list[0] === '*')) continue;
      if (list.includes('*')) throw new ValidationError(`scope.${kind}: "*" stands alone`, [{ path: `/scope/${kind}`, message: 'must be ["*"] or a list of ids' }]);
      for (const [i, id] of list.entries()) {
        requireCollectionId(id, `/scope/${kind}/${i}`);
        if (!(await this.exists(kind, id))) throw new NotFoundError(kind === 'memories' ? 'memory' : 'glossary', id);
      }
      out[kind] = [...new Set(list)];
    }
    if (role === 'admin' && (out.memories !== '*' || out.glossaries !== '*')) {
      throw new ValidationError('an admin key reaches every collection: its scope must be ["*"]', [{ path: '/scope', message: 'must be ["*"] for an admin key' }]);
    }
    return out;
  }

  /** Makes a new key with `role` and `scope` (default: every collection); the secret is in the result and nowhere else. */
  async create(name: string, role: string, by: Principal | string, scope?: ScopeInput): Promise<CreatedKey> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) throw new ValidationError('name must be 1 to 100 characters', [{ path: '/name', message: 'must be 1 to 100 characters' }]);
    if (!isRole(role)) throw new ValidationError(`unknown role "${role}"`, [{ path: '/role', message: 'must be reader, translator, terminologist or admin' }]);
    const checked = await this.scopeOf(scope, role);
    const key = `cvn_${randomBytes(KEY_BYTES).toString('base64url')}`;
    return { ...(await this.store.createKey({ name: trimmed, role, scope: checked, prefix: key.slice(0, PREFIX_LENGTH), hash: hashKey(key), createdBy: typeof by === 'string' ? by : by.name })), key };
  }

  /** The principal a presented key belongs to, or undefined. */
  async authenticate(presented: string): Promise<Principal | undefined> {
    if (presented.length < PREFIX_LENGTH || presented.length > 512) return undefined;
    const hash = hashKey(presented);
    let match: KeyRecord | undefined;
    for (const row of await this.store.findByPrefix(presented.slice(0, PREFIX_LENGTH))) {
      if (timingSafeEqual(row.hash, hash)) match = row;
    }
    return match ? { keyId: match.id, name: match.name, role: match.role, scope: match.scope } : undefined;
  }

  list(): Promise<KeyRecord[]> {
    return this.store.listKeys();
  }

  async delete(id: number): Promise<void> {
    if (!(await this.store.deleteKey(id))) throw new NotFoundError('key', id);
  }

  /**
   * Makes sure an admin can get in. With `envKey`, that key is stored as an admin key
   * (replacing an older value). Without it and with no key stored, a new admin key is made
   * and returned so the caller can print it once.
   */
  async ensureAdmin(envKey: string | undefined): Promise<CreatedKey | undefined> {
    const existing = await this.store.listKeys();
    if (envKey) {
      const hash = hashKey(envKey);
      const mirrors = existing.filter((k) => k.name === ENV_ADMIN_KEY_NAME);
      for (const k of mirrors) {
        const [cred] = (await this.store.findByPrefix(envKey.slice(0, PREFIX_LENGTH))).filter((c) => c.id === k.id);
        if (cred && timingSafeEqual(cred.hash, hash)) return undefined;
        await this.store.deleteKey(k.id);
      }
      await this.store.createKey({ name: ENV_ADMIN_KEY_NAME, role: 'admin', scope: FULL_SCOPE, prefix: envKey.slice(0, PREFIX_LENGTH), hash, createdBy: 'environment' });
      return undefined;
    }
    if (existing.length > 0) return undefined;
    return this.create('first-admin', 'admin' satisfies Role, 'first-start');
  }
}
