/**
 * Memories as collections (issue 10): create, list, read with statistics, change, delete; and
 * the two questions every TM route asks about them for a caller, "which memories do I read, in
 * what order and with what penalty" and "which memory do I write to".
 *
 * Scope rule: a memory outside the key's scope does not exist for that key. It is a 404 on
 * direct access, it never appears in a list, and it never contributes to a lookup, concordance,
 * stats or export. Writes to a read-only memory are a 403. Without a list, reads cover every
 * memory the key reaches, in id order, without penalty; writes go to `default`.
 *
 * The ids of the memories a lookup reads are kept between requests (issue 12, eighth round):
 * every lookup that names no memories read the whole memory list from the store, 0.05 ms of
 * the 1.87 ms of CPU a steady lookup request cost the server (its profile at 100k, threshold
 * 70), and one naming memories read each of them. Which memories exist changes only when one is
 * created or deleted, so the ids are kept against {@link MemoryStore.version}, which every memory
 * write through the store moves and, on the cluster, every `memories` or `memory-dropped` record
 * of another node in the change log (change-follower.ts): a memory created or deleted on one node
 * is seen by lookups on the others within the follower's delay. A list older than
 * {@link MEMORY_IDS_KEPT_MS} is read again (a row changed where no version moves: by hand, or a
 * record this node missed). Scope stays the key's (keys.ts keeps key rows the same way), and
 * direct reads (`get`, `list`, stats) still read the store.
 */
import { inScope, type Principal } from '../../domain/auth/roles.js';
import {
  type CollectionChanges, type CollectionRecord, DEFAULT_COLLECTION, type MemoryRef, type NewCollection, requireCollectionId,
} from '../../domain/collections.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.js';
import type { DocumentReader, DocumentWriter, KeyStore, MemoryStore, PairCount, TmReader } from '../../store/types.js';

/** A memory to read, resolved for a caller: it exists, is in scope, and has its place and penalty. */
export interface ReadMemory {
  id: string;
  penalty: number;
}

/** A memory with its statistics, as `GET /memories/{id}` shows it. */
export interface MemoryView extends CollectionRecord {
  stats: { units: number; pairs: Omit<PairCount, 'memory'>[]; lastWrite: string | null };
}

/** The longest the memory ids are kept without a read of the store (see the module header). */
export const MEMORY_IDS_KEPT_MS = 5_000;

/** The memory ids as read, with the store's version before the read and the time of it. */
interface KeptIds {
  ids: readonly string[];
  known: ReadonlySet<string>;
  version: number;
  at: number;
}

/** Longest memory name and description. */
const MAX_NAME = 200;
const MAX_DESCRIPTION = 2000;
/** Most tags on a memory, and longest tag. */
const MAX_TAGS = 50;
const MAX_TAG = 100;

function checkFields(c: CollectionChanges): void {
  const fail = (path: string, message: string) => { throw new ValidationError(`${path.slice(1)}: ${message}`, [{ path, message }]); };
  if (c.name !== undefined && (c.name.trim() === '' || c.name.length > MAX_NAME)) fail('/name', `must be 1 to ${MAX_NAME} characters`);
  if (c.description !== undefined && c.description.length > MAX_DESCRIPTION) fail('/description', `must be at most ${MAX_DESCRIPTION} characters`);
  if (c.tags !== undefined) {
    if (c.tags.length > MAX_TAGS) fail('/tags', `must have at most ${MAX_TAGS} tags`);
    c.tags.forEach((t, i) => { if (t.trim() === '' || t.length > MAX_TAG) fail(`/tags/${i}`, `must be 1 to ${MAX_TAG} characters`); });
  }
}

/** Memories: the collections units belong to, and what a caller may read and write of them. */
export class MemoryService {
  /** Every memory's id, in id order (see the module header). */
  private kept: KeptIds | undefined;

  constructor(
    private readonly store: MemoryStore,
    private readonly units: TmReader,
    private readonly keys: Pick<KeyStore, 'forgetCollection'>,
    private readonly documents: Pick<DocumentReader, 'documentsUsing'> & Pick<DocumentWriter, 'forgetCollection'>,
    /** Called after a memory and its units are deleted, so the index can drop them. */
    private readonly onDeleted: (id: string) => Promise<void> | void = () => undefined,
  ) {}

  /** The memory `id` if the principal may see it; else 404. */
  async get(principal: Principal, id: string): Promise<CollectionRecord> {
    requireCollectionId(id, '/params/id');
    const memory = inScope(principal.scope, 'memories', id) ? await this.store.getMemory(id) : undefined;
    if (!memory) throw new NotFoundError('memory', id);
    return memory;
  }

  /** Every memory the principal may see, in id order. */
  async list(principal: Principal): Promise<CollectionRecord[]> {
    return (await this.store.listMemories()).filter((m) => inScope(principal.scope, 'memories', m.id));
  }

  /** Memories with their statistics. */
  async withStats(memories: CollectionRecord[]): Promise<MemoryView[]> {
    const counts = await this.units.pairCounts(memories.map((m) => m.id));
    const lastWrites = await this.store.lastWrites();
    return memories.map((m) => {
      const pairs = counts.filter((c) => c.memory === m.id).map(({ sourceLang, targetLang, units }) => ({ sourceLang, targetLang, units }));
      return { ...m, stats: { units: pairs.reduce((s, p) => s + p.units, 0), pairs, lastWrite: lastWrites.get(m.id) ?? null } };
    });
  }

  async create(input: NewCollection, by: Principal): Promise<CollectionRecord> {
    requireCollectionId(input.id, '/id');
    checkFields(input);
    return this.store.createMemory({ ...input, name: input.name.trim() }, by.name);
  }

  async update(principal: Principal, id: string, changes: CollectionChanges): Promise<CollectionRecord> {
    await this.get(principal, id);
    checkFields(changes);
    return (await this.store.updateMemory(id, changes, principal.name)) as CollectionRecord;
  }

  /**
   * Deletes a memory with its units. A memory that documents use is a 409 naming them unless
   * `force`; then it is taken out of their settings (a document writing to it writes to `default`).
   * Keys scoped to it lose it, so a new memory with the same id is not theirs by accident.
   */
  async delete(principal: Principal, id: string, force: boolean): Promise<void> {
    await this.get(principal, id);
    if (id === DEFAULT_COLLECTION) throw new ConflictError('the memory "default" receives every write that names no memory; it cannot be deleted', { memory: id });
    const users = await this.documents.documentsUsing('memories', id);
    if (users.length && !force) {
      throw new ConflictError(`memory "${id}" is used by ${users.length} document(s): ${users.map((d) => `${d.id} "${d.name}"`).join(', ')}; delete with force=true to remove it from them`,
        { memory: id, documents: users });
    }
    await this.store.deleteMemory(id);
    await this.documents.forgetCollection('memories', id, DEFAULT_COLLECTION);
    await this.keys.forgetCollection('memories', id);
    await this.onDeleted(id);
  }

  /**
   * The memories a principal reads, in priority order: those asked for (each must exist and be
   * in scope: 404 otherwise; named twice: 400), or every memory in scope, in id order, without penalty.
   */
  async readable(principal: Principal, requested?: readonly MemoryRef[], path = '/memories'): Promise<ReadMemory[]> {
    const { ids, known } = await this.ids();
    if (requested === undefined) return ids.filter((id) => inScope(principal.scope, 'memories', id)).map((id) => ({ id, penalty: 0 }));
    const seen = new Set<string>();
    const out: ReadMemory[] = [];
    for (const [i, ref] of requested.entries()) {
      requireCollectionId(ref.id, `${path}/${i}/id`);
      if (seen.has(ref.id)) throw new ValidationError(`${path.slice(1)}: memory "${ref.id}" is named twice`, [{ path: `${path}/${i}/id`, message: 'names a memory already in the list' }]);
      seen.add(ref.id);
      if (!known.has(ref.id) || !inScope(principal.scope, 'memories', ref.id)) throw new NotFoundError('memory', ref.id);
      out.push({ id: ref.id, penalty: ref.penalty ?? 0 });
    }
    return out;
  }

  /** Every memory's id, kept while the store's version stays and for at most MEMORY_IDS_KEPT_MS. */
  private async ids(): Promise<KeptIds> {
    // A monotonic clock: a wall clock stepped back would keep the list past the limit.
    const now = performance.now();
    const version = this.store.version();
    const kept = this.kept;
    if (kept !== undefined && kept.version === version && now - kept.at < MEMORY_IDS_KEPT_MS) return kept;
    // The version is taken before the read: a write that lands during it leaves the list stale.
    const ids = (await this.store.listMemories()).map((m) => m.id);
    this.kept = { ids, known: new Set(ids), version, at: now };
    return this.kept;
  }

  /** The memory a principal writes to (`default` when none is named): it must exist, be in scope and not be read-only. */
  async writable(principal: Principal, id: string = DEFAULT_COLLECTION): Promise<string> {
    requireCollectionId(id, '/memory');
    const memory = inScope(principal.scope, 'memories', id) ? await this.store.getMemory(id) : undefined;
    if (!memory) {
      throw new NotFoundError('memory', id);
    }
    if (memory.readOnly) throw new ForbiddenError(`memory "${id}" is read-only`);
    return id;
  }
}
