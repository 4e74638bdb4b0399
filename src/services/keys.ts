/**
 * API keys: created once and shown once, stored as SHA-256 hashes, checked in constant time.
 *
 * A key is 192 random bits, so a fast hash is enough (nothing to brute-force); its first
 * characters are stored in clear as a lookup prefix, and the hashes of the rows with that
 * prefix are compared with `timingSafeEqual`.
 *
 * Link keys (issue 15) are keys meant to travel inside a URL that a translation tool calls
 * (Weblate, Okapi, Virtaal and OmegaT cannot send an `Authorization` header). A URL ends up in
 * logs, proxies and project files, so a link key does less than an ordinary key: it is valid only
 * on the protocol routes (`authenticate`, which `/api/v1` uses, does not know it), it cannot be an
 * admin key, and it names the memories it reads (priority, penalties) and the one memory the
 * tmserver protocol may write to, all inside its scope.
 *
 * The rows of a prefix are kept between requests (issue 12), so a known key costs its hash and
 * the comparison, not a read of the store and the parse of its scope. The store's
 * {@link KeyStore.version} moves on every key write (and, on the cluster, when the change log
 * reports one from another node: a key revoked there stops working here within the follower's
 * delay, change-follower.ts); a kept entry whose version is not the store's, or older than
 * {@link KEY_ROWS_KEPT_MS}, is read again. Only prefixes that have rows are kept, so unknown
 * keys cannot fill the cache; the secret itself is never kept, and it is still compared in
 * constant time. A wrong secret under a kept prefix skips the store's read, so the answer's time
 * tells whether a prefix (48 of the key's 192 random bits) was used in the last 5 s: nothing of
 * the secret. Measured with each lookup's answer fixed (bench/http/stack-probe.js under
 * callgrind, 250 lookups a round after three warm-up rounds, V8's optimizing compiler and the
 * collections counted apart): the key's read was 34k instructions of SQLite (`Statement.all`)
 * a lookup request plus the rows' mapping and the scope's JSON.parse; a lookup request's stack
 * 1.103 / 1.150 -> 1.057 / 1.089 M instructions (two rounds each), `/health` (which has no key)
 * within its rounds' spread.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type CollectionKind, FULL_SCOPE, type LinkSettings, type Principal, type Role, type Scope, inScope, isRole, roleAllows } from '../domain/auth/roles.js';
import { MAX_MEMORY_PENALTY, type MemoryRef, requireCollectionId } from '../domain/collections.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import type { KeyCredential, KeyRecord, KeyStore } from '../store/types.js';

/** `value` and everything in it frozen: kept rows are shared by every request of their key. */
function deepFreeze(value: object): void {
  for (const v of Object.values(value)) if (typeof v === 'object' && v !== null && !Buffer.isBuffer(v)) deepFreeze(v);
  Object.freeze(value);
}

function principalOf(k: KeyRecord): Principal {
  return { keyId: k.id, name: k.name, role: k.role, scope: k.scope };
}

/**
 * The longest a prefix's rows are kept without a read of the store: a bound for a key changed
 * where no version moves (the database edited by hand, a change-log record this node missed).
 */
export const KEY_ROWS_KEPT_MS = 5_000;
/** Prefixes whose rows are kept at most; beyond that the cache starts again empty. */
const MAX_KEPT_PREFIXES = 1_000;

/** The rows of a prefix as read, with the store's version before the read and the time of it. */
interface KeptRows {
  rows: readonly KeyCredential[];
  version: number;
  at: number;
}

/** Characters of a key kept in clear to find its row. */
const PREFIX_LENGTH = 12;
/** Random bytes in a generated key (192 bits). */
const KEY_BYTES = 24;
/** Name of the key that mirrors CARAVAN_ADMIN_KEY. */
export const ENV_ADMIN_KEY_NAME = 'CARAVAN_ADMIN_KEY';

/**
 * The SHA-256 of a key, as stored and compared. The HTTP layer hashes a presented key once a
 * request with it (http/presented-key.ts `presentedDigest`: the rate limit counts by it) and hands
 * the digest to {@link KeyService.authenticate}, so the key check does not hash it again.
 */
export function keyDigest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** A scope as the API writes it: per kind, `["*"]` for every collection or a list of ids. */
export type ScopeInput = Partial<Record<CollectionKind, string[]>>;

/** The API's form of a scope (`'*'` becomes `["*"]`). */
export function scopeToApi(scope: Scope): Record<CollectionKind, string[]> {
  return { memories: scope.memories === '*' ? ['*'] : [...scope.memories], glossaries: scope.glossaries === '*' ? ['*'] : [...scope.glossaries] };
}

/** A key that authenticated on a protocol route: who it is, and its link settings (`{}` for an ordinary key). */
export interface ProtocolCaller {
  principal: Principal;
  link: LinkSettings;
}

function invalid(path: string, message: string): never {
  throw new ValidationError(`${path.slice(1).replaceAll('/', '.')}: ${message}`, [{ path, message }]);
}

/** A key as returned once at creation, secret included. */
export interface CreatedKey extends KeyRecord {
  key: string;
}

/** Creates, lists, deletes and checks API keys. */
export class KeyService {
  /** Prefix -> its rows (see the module header). */
  private readonly kept = new Map<string, KeptRows>();

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

  /** A link key's settings, checked: memories exist, lie in the scope and appear once; a write memory needs a writing role. */
  private async linkOf(input: LinkSettings, role: Role, scope: Scope): Promise<LinkSettings> {
    if (role === 'admin') invalid('/role', 'a link key cannot be an admin key: it travels in URLs');
    const check = async (id: string, path: string) => {
      requireCollectionId(id, path);
      if (!(await this.exists('memories', id))) throw new NotFoundError('memory', id);
      if (!inScope(scope, 'memories', id)) invalid(path, `memory "${id}" is outside the key's scope`);
    };
    const out: LinkSettings = {};
    if (input.memories !== undefined) {
      const seen = new Set<string>();
      for (const [i, m] of input.memories.entries()) {
        await check(m.id, `/memories/${i}/id`);
        if (seen.has(m.id)) invalid(`/memories/${i}/id`, `memory "${m.id}" is named twice`);
        seen.add(m.id);
        if (m.penalty !== undefined && !(m.penalty >= 0 && m.penalty <= MAX_MEMORY_PENALTY)) invalid(`/memories/${i}/penalty`, `must be from 0 to ${MAX_MEMORY_PENALTY}`);
      }
      out.memories = input.memories.map((m): MemoryRef => (m.penalty ? { id: m.id, penalty: m.penalty } : { id: m.id }));
    }
    if (input.writeMemory !== undefined) {
      await check(input.writeMemory, '/writeMemory');
      if (!roleAllows(role, 'translator')) invalid('/writeMemory', `a ${role} key cannot write; give it the translator role`);
      out.writeMemory = input.writeMemory;
    }
    return out;
  }

  /**
   * Makes a new key with `role` and `scope` (default: every collection); with `link`, a link key
   * with those settings. The secret is in the result and nowhere else.
   */
  async create(name: string, role: string, by: Principal | string, scope?: ScopeInput, link?: LinkSettings): Promise<CreatedKey> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) throw new ValidationError('name must be 1 to 100 characters', [{ path: '/name', message: 'must be 1 to 100 characters' }]);
    if (!isRole(role)) throw new ValidationError(`unknown role "${role}"`, [{ path: '/role', message: 'must be reader, translator, terminologist or admin' }]);
    const checked = await this.scopeOf(scope, role);
    const key = `cvn_${randomBytes(KEY_BYTES).toString('base64url')}`;
    const record = { name: trimmed, role, scope: checked, prefix: key.slice(0, PREFIX_LENGTH), hash: keyDigest(key), createdBy: typeof by === 'string' ? by : by.name };
    return { ...(await this.store.createKey(link ? { ...record, link: await this.linkOf(link, role, checked) } : record)), key };
  }

  /** The stored key a presented secret belongs to, or undefined; `digest` is its {@link keyDigest} when the caller has it. */
  private async find(presented: string, digest?: Buffer): Promise<KeyRecord | undefined> {
    if (presented.length < PREFIX_LENGTH || presented.length > 512) return undefined;
    const hash = digest ?? keyDigest(presented);
    let match: KeyRecord | undefined;
    for (const row of await this.rowsOf(presented.slice(0, PREFIX_LENGTH))) {
      if (timingSafeEqual(row.hash, hash)) match = row;
    }
    return match;
  }

  /** The stored rows of `prefix`, kept while the store's version stays and for at most KEY_ROWS_KEPT_MS. */
  private async rowsOf(prefix: string): Promise<readonly KeyCredential[]> {
    // A monotonic clock: a wall clock stepped back would keep an entry past the limit.
    const now = performance.now();
    const version = this.store.version();
    const kept = this.kept.get(prefix);
    if (kept !== undefined && kept.version === version && now - kept.at < KEY_ROWS_KEPT_MS) return kept.rows;
    // The version is taken before the read: a write that lands during it leaves the entry stale.
    const rows = await this.store.findByPrefix(prefix);
    if (rows.length === 0) {
      this.kept.delete(prefix);
      return rows;
    }
    if (this.kept.size >= MAX_KEPT_PREFIXES) this.kept.clear();
    for (const row of rows) deepFreeze(row);
    this.kept.set(prefix, { rows, version, at: now });
    return rows;
  }

  /**
   * The principal an ordinary key belongs to, or undefined (also for a link key: it is not valid
   * on `/api/v1`). `digest`, when given, must be `keyDigest(presented)`: it is what is compared.
   */
  async authenticate(presented: string, digest?: Buffer): Promise<Principal | undefined> {
    const match = await this.find(presented, digest);
    return match && !match.link ? principalOf(match) : undefined;
  }

  /**
   * The caller a key presented on a protocol route belongs to, or undefined. A key inside a URL
   * must be a link key; `ordinary` also accepts an ordinary key (LibreTranslate's `api_key`
   * travels in a request body, not a URL).
   */
  async authenticateProtocol(presented: string, opts: { ordinary: boolean; digest?: Buffer }): Promise<ProtocolCaller | undefined> {
    const match = await this.find(presented, opts.digest);
    if (!match || (!match.link && !opts.ordinary)) return undefined;
    return { principal: principalOf(match), link: match.link ?? {} };
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
      const hash = keyDigest(envKey);
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
