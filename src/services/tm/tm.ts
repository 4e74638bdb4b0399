/**
 * The translation memory (issues 3 and 10): units written to the store and mirrored in the
 * n-gram index, and the reads that go through the index's seeker (tm-search.ts). Every unit
 * belongs to one memory; the service takes memories already resolved for the caller
 * (memories.ts decides what a key may read and write).
 *
 * The index is built from `TmReader.scanUnitTexts` on first use (`warm()`, which the server calls
 * before it listens, so the first request does not pay for it). Every write goes to the store
 * first and, once its transaction has committed, to the index, before the call returns: the next
 * lookup sees the unit. Writes are serialised, so the index applies them in commit order even over
 * a store whose calls interleave. A write made before any build was started does not start one
 * (a CLI import need not index a million units to exit): the build, whenever it comes, scans the
 * store after that commit. Units written to the store behind the service's back are picked up
 * only by a build; the exchange's writes come through {@link TmService.importUnits} and
 * {@link TmService.commitBulk} (bulk-import.ts).
 *
 * Several nodes (issue 13): units other nodes write reach the index through
 * {@link TmService.applyChange}, which the change-log follower calls. A change names unit ids (or
 * the id range of a bulk import) and the index takes their current state from the store (stored:
 * indexed; gone: removed), inside the same serial queue as this node's writes, so an older change
 * can never overwrite a newer one, and applying a change twice changes nothing. The follower skips
 * this node's own writes: they reached the index here, in this queue, when they committed.
 *
 * On a shared store (`concurrentWrites`), unit writes ({@link TmService.importUnits}) do not wait
 * for each other: their transactions run side by side (the database orders them) and, once one has
 * committed, the index takes its units' current state from the store in the serial queue, as for
 * another node's change. Holding the queue across the store's commit would make one node's write
 * rate the inverse of its commit latency (57 writes/s measured, against the 200 asked). Reading
 * the state back costs one read per write; the embedded store commits in microseconds and keeps
 * the queue.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Principal } from '../../domain/auth/roles.js';
import { inScope } from '../../domain/auth/roles.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { type IndexFootprint, NgramIndex } from '../../domain/tm/index/ngram-index.js';
import { TmSeeker } from '../../domain/tm/index/seeker.js';
import type { TmMatch } from '../../domain/tm/scoring/matcher.js';
import type { NewUnit, UnitRecord } from '../../domain/tm/unit.js';
import type { BulkUnitWrite, BulkWriteCounts, MergeGroup, PairCount, TargetChange, TmReader, TmWriter, TransferResult, UnitTexts, UpsertResult } from '../../store/types.js';
import { unitWithinLimits } from '../../domain/limits.js';
import { BulkImports } from './bulk-import.js';
import type { StagedFold } from './staged-fold.js';
import { type BatchLookupRequest, type ConcordanceRequest, type ConcordanceResult, concordance, type LookupRequest, lookupSegments } from './tm-search.js';
import { MAX_UNITS_PER_WRITE, requireUnitLimits, toNewUnit, toNewUnits, type UnitInput } from './tm-input.js';

/** Units read from the store per batch while the index is built. */
const BUILD_BATCH = 5_000;

/** A committed change as the index takes it: units whose current state to take, ids a bulk import created, or a deleted memory. */
export type IndexChange =
  | { kind: 'units'; ids: readonly number[] }
  | { kind: 'created'; from: number; to: number }
  | { kind: 'memory-dropped'; memory: string };

/** TM size, overall and per language pair (summed over the memories asked about). */
export interface TmStats {
  units: number;
  pairs: Omit<PairCount, 'memory'>[];
}

/** The writes a change makes to the index (see `TmService.reindex`). */
type IndexWrites = Pick<NgramIndex, 'dropMemory'> & { upsert(unit: UnitTexts): void; remove(id: number): void };

/** Translation units, lookups and concordance over one store and its index. */
export class TmService {
  private readonly index = new NgramIndex();
  private readonly seeker = new TmSeeker(this.index);
  private building: Promise<void> | undefined;
  private built = false;
  /** Stored units the build left out of the index (over the limits, stored by an earlier release): id -> memory. */
  private readonly unindexed = new Map<number, string>();
  /** The index's writes for a change, keeping `unindexed` true when such a unit is rewritten or deleted. */
  private readonly indexWrites: IndexWrites = {
    upsert: (unit) => { this.unindexed.delete(unit.id); this.index.upsert(unit); },
    remove: (id) => { this.unindexed.delete(id); this.index.remove(id); },
    dropMemory: (memory) => {
      for (const [id, of] of this.unindexed) if (of === memory) this.unindexed.delete(id);
      this.index.dropMemory(memory);
    },
  };
  private writes: Promise<unknown> = Promise.resolve();
  /** Bulk commits and the index's learning of them (bulk-import.ts). */
  private readonly bulk: BulkImports;

  /** `concurrentWrites`: the store takes concurrent writes from several nodes (see the module header). */
  constructor(private readonly store: TmReader & TmWriter, private readonly opts: { concurrentWrites?: boolean } = {}) {
    // Other nodes' bulk imports refresh units without naming them in the change log: on a shared
    // store the index's copy of updatedAt is never trusted (ties are decided on the rows).
    if (opts.concurrentWrites) this.index.forgetUpdatedAt();
    this.bulk = new BulkImports({
      index: this.index, seeker: this.seeker, store, concurrentWrites: opts.concurrentWrites === true,
      serial: (fn) => this.serial(fn), indexing: () => this.building !== undefined, warm: () => this.warm(),
    });
  }

  /** Builds the index from the store once; later calls wait for the same build. */
  warm(): Promise<void> {
    this.building ??= this.build().catch((err: unknown) => {
      this.building = undefined;
      throw err;
    });
    return this.building;
  }

  /**
   * Builds the index from the store. A unit over the limits (stored by an earlier release, whose
   * imports did not check them) stays stored and exportable but is not indexed: lookups and
   * concordance never return it, so their answers stay bounded.
   */
  private async build(): Promise<void> {
    const total = await this.store.countUnits();
    let reserved = false;
    for await (const batch of this.store.scanUnitTexts(BUILD_BATCH)) {
      for (const u of batch) {
        if (unitWithinLimits(u)) this.index.stage(u);
        else this.unindexed.set(u.id, u.memory);
      }
      // Sized once, from the first batch's key lengths: growing by half as it fills left up to a
      // third of the arena unused and a copy of each array as garbage (issue 12, RSS after a restart).
      if (!reserved && total > this.index.slotCount) this.index.reserve(total - this.index.slotCount);
      reserved = true;
    }
    this.index.seal();
    this.built = true;
    // Ahead of the first lookups; should a step fail (an allocation), the chunks it left unbuilt
    // are built by the lookups that reach them (SlotPlanes), so the failure costs only speed.
    this.seeker.prepare(nextTurn).catch(() => undefined);
  }

  /** True once the index is built (lookups are answered from it without waiting). */
  get warmed(): boolean {
    return this.built;
  }

  /** Units in the index (after `warm`). */
  get indexedUnits(): number {
    return this.index.size;
  }

  /**
   * Units in the TM, for `/health`: once built, the index's count and the units its build left
   * out, with no store query (a `count(*)` of the units table took 24 ms of CPU a request at 1M
   * units, issue 12); before, the store's count.
   */
  async unitCount(): Promise<number> {
    return this.built ? this.index.size - (this.bulk.folding?.countedOut ?? 0) + this.unindexed.size : this.store.countUnits();
  }

  /**
   * Resolves once the seal laid out beside a bulk import's commit is built (or given up); undefined
   * while none is being laid out (bulk-import.ts). For tests that fail a commit after it.
   */
  sealLaidOut(): Promise<void> | undefined {
    return this.bulk.sealing?.built.catch(() => undefined);
  }

  /** What the index holds and its typed-array memory (for the benchmark and diagnostics). */
  indexFootprint(): IndexFootprint {
    return this.index.footprint();
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writes.then(fn);
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Applies committed changes to the index, if one is built or being built (see the module header). */
  private async reindex(change: (index: IndexWrites) => void): Promise<void> {
    if (this.building === undefined) return;
    await this.warm();
    change(this.indexWrites);
  }

  /**
   * Writes one unit or a list (errors then name `/units/i/...`) into `memory`; a unit with the
   * same pair, source and target in that memory updates the stored one.
   */
  addUnits(memory: string, inputs: UnitInput | UnitInput[], by: Principal): Promise<{ ids: number[]; created: number; updated: number }> {
    const units = Array.isArray(inputs) ? toNewUnits(inputs) : [toNewUnit(inputs)];
    return this.importUnits(memory, units, by.name).then(({ ids, created, updated }) => ({ ids, created, updated }));
  }

  /**
   * Writes units the exchange has read (XLIFF, TMX) into `memory`: tags already canonical, the
   * same limits as the API (the exchange skips a unit over them before it gets here), same store
   * and index path.
   */
  importUnits(memory: string, units: NewUnit[], actor: string): Promise<UpsertResult> {
    requireUnitLimits(units);
    if (this.opts.concurrentWrites) {
      return this.store.upsertUnits(memory, units, actor).then(async (result) => {
        await this.applyChange({ kind: 'units', ids: result.ids });
        return result;
      });
    }
    return this.serial(async () => {
      const result = await this.store.upsertUnits(memory, units, actor);
      await this.reindex((index) => { for (const u of result.units) index.upsert(u); });
      return result;
    });
  }

  /**
   * Commits a bulk write (committed off the event loop by the store) and learns what it created;
   * `staged`: its fold as it was staged (bulk-import.ts).
   */
  commitBulk(write: Pick<BulkUnitWrite, 'commit'>, staged?: StagedFold): Promise<BulkWriteCounts> {
    return this.bulk.commitBulk(write, staged);
  }

  /** A fold for a bulk write into `memory` staged from another thread, if this TM folds them (staged-fold.ts). */
  stagedFold(memory: string): StagedFold | undefined {
    return this.bulk.stagedFold(memory);
  }

  /** Applies a change committed by any node to the index (see the module header). */
  applyChange(change: IndexChange): Promise<void> {
    return this.serial(async () => {
      if (change.kind === 'created') return this.bulk.learnRange(change.from, change.to);
      if (change.kind === 'memory-dropped') return this.reindex((index) => index.dropMemory(change.memory));
      if (this.building === undefined) return;
      const units = await this.store.getUnits([...change.ids]);
      const stored = new Set(units.map((u) => u.id));
      await this.reindex((index) => {
        for (const u of units) index.upsert(u);
        for (const id of change.ids) if (!stored.has(id)) index.remove(id);
      });
    });
  }

  /** Forgets the units of a deleted memory. */
  dropMemory(memory: string): Promise<void> {
    return this.serial(() => this.reindex((index) => index.dropMemory(memory)));
  }

  /** Unit `id` if its memory is one the principal reaches; else 404. */
  async getUnit(id: number, principal: Principal): Promise<UnitRecord> {
    const unit = await this.store.getUnit(id);
    if (!unit || !inScope(principal.scope, 'memories', unit.memory)) throw new NotFoundError('unit', id);
    return unit;
  }

  /** Replaces every field of unit `id` (it stays in its memory; `writable` checks that memory). */
  replaceUnit(id: number, input: UnitInput, by: Principal, writable: (memory: string) => Promise<unknown>): Promise<UnitRecord> {
    const unit = toNewUnit(input);
    return this.serial(async () => {
      await writable((await this.getUnit(id, by)).memory);
      const stored = await this.store.replaceUnit(id, unit, by.name);
      if (!stored) throw new NotFoundError('unit', id);
      await this.reindex((index) => index.upsert(stored));
      return stored;
    });
  }

  /** Deletes unit `id` (`writable` checks its memory). */
  deleteUnit(id: number, by: Principal, writable: (memory: string) => Promise<unknown>): Promise<void> {
    return this.serial(async () => {
      await writable((await this.getUnit(id, by)).memory);
      if (!(await this.store.deleteUnit(id))) throw new NotFoundError('unit', id);
      await this.reindex((index) => index.remove(id));
    });
  }

  /**
   * Copies or moves units (each readable by the principal: 404 otherwise; for a move, each in a
   * memory `writable` accepts) into memory `to`, which the caller has checked it may write.
   */
  transfer(ids: readonly number[], to: string, mode: 'copy' | 'move', by: Principal, writable: (memory: string) => Promise<unknown>): Promise<TransferResult> {
    if (ids.length === 0 || ids.length > MAX_UNITS_PER_WRITE) {
      throw new ValidationError(`ids: 1 to ${MAX_UNITS_PER_WRITE} units`, [{ path: '/ids', message: `must contain 1 to ${MAX_UNITS_PER_WRITE} ids` }]);
    }
    return this.serial(async () => {
      const units = await this.store.getUnits([...new Set(ids)]);
      const found = new Map(units.map((u) => [u.id, u]));
      for (const id of ids) {
        const u = found.get(id);
        if (!u || !inScope(by.scope, 'memories', u.memory)) throw new NotFoundError('unit', id);
      }
      if (mode === 'move') for (const m of new Set(units.map((u) => u.memory))) await writable(m);
      const result = await this.store.transferUnits(ids, to, mode, by.name);
      // A unit moved onto its twin updates the twin, which the result does not name.
      if (mode === 'move' && result.merged > 0) this.index.forgetUpdatedAt();
      const written = await this.store.getUnits(result.written);
      await this.reindex((index) => {
        for (const u of written) index.upsert(u);
        for (const id of result.removed) index.remove(id);
      });
      return result;
    });
  }

  /** Ids (ascending) of the units of `memories` whose folded `side` contains `q` (concordance without the units). */
  async containing(memories: readonly string[], side: 'source' | 'target', q: string): Promise<number[]> {
    await this.warm();
    return this.seeker.concordance(new Set(memories), side, q);
  }

  /** Deletes units (a bulk delete the caller has checked), store and index. */
  deleteMany(ids: readonly number[]): Promise<number> {
    return this.serial(async () => {
      const n = await this.store.deleteUnits(ids);
      await this.reindex((index) => { for (const id of ids) index.remove(id); });
      return n;
    });
  }

  /** New targets for units (search and replace), store and index. */
  updateTargets(changes: readonly TargetChange[], actor: string): Promise<number> {
    return this.serial(async () => {
      const n = await this.store.updateTargets(changes, actor);
      const units = await this.store.getUnits(changes.map((c) => c.id));
      await this.reindex((index) => { for (const u of units) index.upsert(u); });
      return n;
    });
  }

  /** Merges duplicate units into one per group, store and index. */
  mergeUnits(groups: readonly MergeGroup[], actor: string): Promise<number> {
    return this.serial(async () => {
      const n = await this.store.mergeUnits(groups, actor);
      const kept = await this.store.getUnits(groups.map((g) => g.keep));
      await this.reindex((index) => {
        for (const g of groups) for (const id of g.remove) index.remove(id);
        for (const u of kept) index.upsert(u); // its updatedAt changed
      });
      return n;
    });
  }

  /** Units per language pair, summed over `memories`. */
  async stats(memories: readonly string[]): Promise<TmStats> {
    const byPair = new Map<string, Omit<PairCount, 'memory'>>();
    for (const c of await this.store.pairCounts(memories)) {
      const key = `${c.sourceLang}\u0000${c.targetLang}`;
      const p = byPair.get(key) ?? { sourceLang: c.sourceLang, targetLang: c.targetLang, units: 0 };
      p.units += c.units;
      byPair.set(key, p);
    }
    const pairs = [...byPair.values()];
    return { units: pairs.reduce((s, p) => s + p.units, 0), pairs };
  }

  /** The best matches for one segment, best first. */
  async lookup(req: LookupRequest): Promise<TmMatch[]> {
    const [matches] = await this.lookupBatch({ ...req, segments: [req] }, '');
    return matches ?? [];
  }

  /** The best matches for each segment, in order. `prefix` locates segments in error paths. */
  async lookupBatch(req: BatchLookupRequest, prefix = '/segments'): Promise<TmMatch[][]> {
    await this.warm();
    return lookupSegments(this.seeker, this.store, req, prefix);
  }

  /** Units whose folded source (or target) contains `q`. */
  async concordance(req: ConcordanceRequest): Promise<ConcordanceResult> {
    await this.warm();
    return concordance(this.seeker, this.store, req);
  }
}
