/**
 * The in-memory character n-gram index of the TM (issue 3, "The index"): built from the store at
 * start and updated on every write, so a unit is found by the very next lookup.
 *
 * Partitions are a memory and a language pair by primary subtag (partitions.ts): a lookup limited
 * to one memory reads only that memory's posting lists, whatever the other memories hold (issue
 * 10, "Speed"); a unit moved to another memory changes partition. A unit occupies a slot: its
 * source and target keys (unit-keys.ts: dense symbol ids per side) are stored in one arena, and
 * every distinct padded bigram (`^a`, `ab`, ..., `z$`) of each side has the slot in its posting list.
 *
 * Slots are ordered by partition and source length when the index is sealed (after the build, and
 * at every compaction), so each posting list is sorted by length as well as by slot, and a search
 * scans only the slice of a list that holds the lengths its length window and count bound need
 * (measured at 300k units: 6 to 8 times fewer postings than scanning whole lists). Units written
 * afterwards go to a per-partition tail in write order; a deleted or replaced unit leaves a
 * tombstone that searches skip. When tombstones reach a quarter of the slots, or the tail a
 * quarter of the sorted slots, the index is rebuilt from its own arena (no store access, no
 * refolding; at a million units that blocks for a few seconds, amortised over as many writes).
 * A bulk import instead stages its units and re-seals with {@link NgramIndex.sealInSteps}: the new
 * layout is built beside the live one in steps that let lookups run, then installed at once
 * (issue 12: the re-seal of a 100k-unit import into 100k units was 2.3 s on the event loop). The
 * steps of an import's growth, relabel, rollback and seal live in index-growth.ts.
 *
 * Each slot also keeps its unit's updatedAt (ms, 8 bytes a slot), the ranking's tie-break after
 * the score and the memory: a lookup whose candidates tie at the limit-th score then ranks them
 * without reading their rows (issue 12: up to 500 rows a lookup at 1M units, see tm-search.ts).
 * Every write that changes a unit's updatedAt reaches the index with the unit (an upsert with the
 * same texts updates only that; a bulk import whose fold is adopted names the stored units it
 * refreshed, {@link NgramIndex.touchInSteps}); one that changes units without naming them (an
 * import learned from the store after its commit, or one folded while its commit ran, which
 * stamps units with the commit's own time) makes the index forget them all until the next build
 * ({@link NgramIndex.forgetUpdatedAt}), and ties are then read from the rows as before.
 */
import { ARENA_COPY_STEP, grownSlots, layoutInSteps, liveStagedSlots, PendingSeal, RELABEL_STEP, relabelSlots, reserveSlots, rollbackSlots, SEAL_STEP, touchSlots } from './index-growth.js';
import { type Partition, PartitionTable } from './partitions.js';
import { GrowableU32 } from './postings.js';
import { addGrams, type SealedLayout, sealedLayout } from './slot-layout.js';
import { instantOf } from './instant.js';
import { drain } from './steps.js';
import { UnitKeys } from './unit-keys.js';
import { UnitSlots } from './unit-slots.js';

/** What the index needs of a unit. */
export interface IndexableUnit {
  id: number;
  memory: string;
  sourceLang: string;
  targetLang: string;
  source: string;
  target: string;
  /** When the unit was last written (ISO 8601, as the store keeps it): the ranking's tie-break; absent, unknown. */
  updatedAt?: string;
}

export type { Partition } from './partitions.js';

/** Tombstones, or tail slots, that trigger a rebuild: a quarter of the (sorted) slots, and at least this many. */
const COMPACT_MIN = 10_000;
/** The end of the index's slots and arena at one moment (see {@link NgramIndex.mark}). */
export interface IndexMark {
  slots: number;
  arena: number;
}

/** Memory held by the index, by part (bytes), for the benchmark. */
export interface IndexFootprint {
  units: number;
  slots: number;
  arenaBytes: number;
  postingBytes: number;
  grams: number;
}

/** The TM's n-gram index. */
export class NgramIndex {
  private readonly keys = new UnitKeys();
  /** The vocabulary, and each side's dense symbols, of every unit's keys (unit-keys.ts). */
  readonly vocabulary = this.keys.vocabulary;
  readonly sourceSymbols = this.keys.sourceSymbols;
  readonly targetSymbols = this.keys.targetSymbols;
  private readonly partitionTable = new PartitionTable();
  /** By number (partitions.ts). */
  readonly partitions: Partition[] = this.partitionTable.list;
  unitIds = new Float64Array(1024);
  partitionOf = new Uint16Array(1024);
  sourceStart = new Uint32Array(1024);
  sourceLength = new Uint32Array(1024);
  targetStart = new Uint32Array(1024);
  targetLength = new Uint32Array(1024);
  alive = new Uint8Array(1024);
  /** Each slot's updatedAt in ms ({@link instantOf}; NaN: unknown, the row decides its ties). */
  updatedAt = new Float64Array(1024);
  /** False after {@link forgetUpdatedAt}: every slot's updatedAt is then unknown. */
  updatedAtKnown = true;
  arena = new GrowableU32(1 << 16);
  /**
   * Folded numbers of a source key's number symbols, by unit id, for units that have any: keyed
   * by unit, not slot, so that a re-seal keeps the map as it is (issue 12: rebuilding it was most
   * of the copy of the slots).
   */
  numbers = new Map<number, string[]>();
  slotCount = 0;
  /** Slots below this are sorted by partition and length; the others are partition tails. */
  sortedEnd = 0;
  /** Counts the layouts installed: slots keep their meaning until it changes (search-side caches key on it). */
  layout = 0;
  private dead = 0;
  /**
   * Bulk imports whose staged slots are in the index, not yet adopted or rolled back, while other
   * writes go on (bulk-fold.ts): compactions wait meanwhile (one would post and move those slots).
   */
  holds = 0;

  /** `slotOfUnit`: the unit-to-slot map to fill (injected by tests that make its writes fail). */
  constructor(private readonly compactMin = COMPACT_MIN, private slotOfUnit = new UnitSlots()) {}

  /** Units indexed. */
  get size(): number {
    return this.slotOfUnit.size;
  }

  /** Units indexed under provisional ids: a bulk import's staged units not yet given their ids (bulk-fold.ts). */
  get provisionalUnits(): number {
    return this.slotOfUnit.provisional;
  }

  /** True when unit `id` is indexed. */
  has(id: number): boolean {
    return this.slotOfUnit.has(id);
  }

  /** The partition of a memory and language pair (tags as stored), created on first use (partitions.ts). */
  partitionFor(memory: string, sourceLang: string, targetLang: string): number {
    return this.partitionTable.partitionFor(memory, sourceLang, targetLang, this.sortedEnd);
  }

  /** The partition of `memory` and `pair` (`zh|en`), if any unit was ever indexed there. */
  partitionOfPair(memory: string, pair: string): number | undefined {
    return this.partitionTable.partitionOfPair(memory, pair);
  }

  /** Removes every unit of `memory` (the memory was deleted). */
  dropMemory(memory: string): void {
    const parts = new Set(this.partitions.flatMap((p, i) => (p.memory === memory ? [i] : [])));
    if (parts.size === 0) return;
    for (let s = 0; s < this.slotCount; s++) if (this.alive[s] && parts.has(this.partitionOf[s] as number)) this.kill(s);
    this.maybeCompact();
  }

  /** Indexes a unit, or re-indexes it when its languages or texts changed; searchable at once. */
  upsert(unit: IndexableUnit): void {
    this.put(unit, true);
    this.maybeCompact();
  }

  /**
   * Adds a unit without posting it: for the build, which stages every unit and then calls
   * {@link seal} once. Staged units are not found until then.
   */
  stage(unit: IndexableUnit): void {
    this.put(unit, false);
  }

  /** Where the slots end now: {@link rollback} returns the index to it. */
  mark(): IndexMark {
    return { slots: this.slotCount, arena: this.arena.length };
  }

  /**
   * Gives slots staged under provisional ids (a bulk import's, before the store gave ids) their
   * units' ids, `step` slots at a time with a yield between (index-growth.ts): slot `slots[k]`
   * (provisional id `provisional(k)`) gets `ids[k]`, or, for a NaN, is removed (a unit the store
   * had already); a throw undoes it all. Writes must wait for the end.
   */
  *relabelStagedInSteps(slots: Uint32Array, provisional: (k: number) => number, ids: Float64Array, step = RELABEL_STEP): Generator<void, void, void> {
    const live = yield* liveStagedSlots(this, ids.length, (k) => slots[k], step);
    this.dead += yield* relabelSlots(this, this.slotOfUnit, live, provisional, ids, step);
  }

  /** Sets the updatedAt of units written outside the index (a bulk import's refreshed units), in steps (index-growth.ts). */
  *touchInSteps(unitIds: ArrayLike<number>, updatedAt: string, step = RELABEL_STEP): Generator<void, void, void> {
    yield* touchSlots(this, this.slotOfUnit, unitIds, instantOf(updatedAt), step);
  }

  /**
   * Forgets every slot staged since `mark` (none of them posted, none added since by anything
   * else), `step` slots at a time (index-growth.ts): searches find what they found before.
   * Symbols and partitions those units brought stay, unused. Slots killed since the mark go with
   * the rest, so they no longer count as tombstones. Writes must wait for the end.
   */
  *rollbackInSteps(mark: IndexMark, step = RELABEL_STEP): Generator<void, void, void> {
    this.dead -= yield* rollbackSlots(this, this.slotOfUnit, mark, step);
  }

  /** Makes room for `units` more slots before a bulk import is staged, so the arrays grow once (index-growth.ts). */
  reserve(units: number): void {
    drain(this.reserveInSteps(units, Infinity));
  }

  /**
   * {@link reserve} with the arena, the largest array, copied `step` symbols at a time between
   * yields, and room for at least `symbols` more in it; the index must not change until it is
   * done (lookups read the old arena meanwhile).
   */
  *reserveInSteps(units: number, step = ARENA_COPY_STEP, symbols = 0): Generator<void, void, void> {
    yield* reserveSlots(this, units, step, symbols);
  }

  /** Grows every per-slot array to hold at least `size` slots. */
  private growSlots(size: number): void {
    if (this.alive.length < size) drain(grownSlots(this, size));
  }

  /** Sorts the slots and posts every unit: the end of a build. */
  seal(): void {
    this.compact();
  }

  private put(unit: IndexableUnit, post: boolean): void {
    const part = this.partitionFor(unit.memory, unit.sourceLang, unit.targetLang);
    const { source: srcDense, target: tgtDense, numbers } = this.keys.keysOf(this.partitions[part] as Partition, unit.source, unit.target);
    const existing = this.slotOfUnit.get(unit.id);
    if (existing !== undefined) {
      if (this.partitionOf[existing] === part && this.sameSlot(existing, srcDense, tgtDense, numbers)) {
        this.updatedAt[existing] = instantOf(unit.updatedAt);
        return;
      }
      this.kill(existing);
    }
    const slot = this.insertSlot(unit.id, part, srcDense, tgtDense, numbers);
    this.updatedAt[slot] = instantOf(unit.updatedAt);
    if (post) this.post(slot);
  }

  /**
   * Stops trusting the updatedAt the slots hold, for the life of this index: a write changed
   * units' updatedAt without naming them (a bulk import that refreshed existing units), so ties
   * are decided on the rows again, as before the index kept it.
   */
  forgetUpdatedAt(): void {
    this.updatedAtKnown = false;
  }

  /** Removes a unit; false when it was not indexed. */
  remove(unitId: number): boolean {
    const slot = this.slotOfUnit.get(unitId);
    if (slot === undefined) return false;
    this.kill(slot);
    this.maybeCompact();
    return true;
  }

  /** The stored source key of a slot (dense ids). */
  sourceOf(slot: number): Uint32Array {
    const start = this.sourceStart[slot] as number;
    return this.arena.data.subarray(start, start + (this.sourceLength[slot] as number));
  }

  /** The stored target key of a slot (dense ids). */
  targetOf(slot: number): Uint32Array {
    const start = this.targetStart[slot] as number;
    return this.arena.data.subarray(start, start + (this.targetLength[slot] as number));
  }

  private sameSlot(slot: number, src: Int32Array, tgt: Int32Array, numbers: readonly string[]): boolean {
    const a = this.sourceOf(slot);
    const b = this.targetOf(slot);
    const nums = this.numbers.get(this.unitIds[slot] as number) ?? [];
    return a.length === src.length && src.every((s, i) => s === a[i]) && b.length === tgt.length && tgt.every((s, i) => s === b[i])
      && nums.length === numbers.length && nums.every((n, i) => n === numbers[i]);
  }

  private insertSlot(unitId: number, part: number, src: ArrayLike<number>, tgt: ArrayLike<number>, numbers: string[]): number {
    const slot = this.slotCount++;
    this.growSlots(slot + 1);
    const p = this.partitions[part] as Partition;
    this.unitIds[slot] = unitId;
    this.partitionOf[slot] = part;
    this.alive[slot] = 1;
    this.arena.reserve(src.length + tgt.length);
    const at = this.arena.length;
    this.arena.data.set(src, at);
    this.arena.data.set(tgt, at + src.length);
    this.arena.length = at + src.length + tgt.length;
    this.sourceStart[slot] = at;
    this.sourceLength[slot] = src.length;
    this.targetStart[slot] = at + src.length;
    this.targetLength[slot] = tgt.length;
    if (numbers.length > 0) this.numbers.set(unitId, numbers);
    p.alive++;
    this.slotOfUnit.set(unitId, slot);
    return slot;
  }

  /** Adds a slot to the posting lists of its grams (and to its partition's tail when past the sorted slots). */
  private post(slot: number): void {
    const p = this.partitions[this.partitionOf[slot] as number] as Partition;
    addGrams(p.source, this.sourceOf(slot), slot);
    addGrams(p.target, this.targetOf(slot), slot);
    if (slot >= this.sortedEnd) p.tail.push(slot);
  }

  private kill(slot: number): void {
    this.alive[slot] = 0;
    this.dead++;
    (this.partitions[this.partitionOf[slot] as number] as Partition).alive--;
    this.slotOfUnit.delete(this.unitIds[slot] as number);
    this.numbers.delete(this.unitIds[slot] as number);
  }

  private maybeCompact(): void {
    if (this.holds > 0) return;
    const tail = this.slotCount - this.sortedEnd;
    if ((this.dead >= this.compactMin && this.dead * 4 >= this.slotCount) || (tail >= this.compactMin && tail * 4 >= this.sortedEnd)) this.compact();
  }

  /** Rebuilds slots (sorted by partition and source length), arena and postings from the live slots, dropping tombstones. */
  compact(): void {
    this.install(drain(sealedLayout(this, this.partitions.length, Infinity, this.slotOfUnit)));
  }

  /**
   * {@link seal} in steps of about `step` slots with `pause()` awaited between them: the new
   * layout is built beside the live one, which lookups go on reading, and installed at the end.
   * A pause may resolve at once (a time slicer that yields to the event loop only when its slice
   * is used up): the steps are small so that such a slice ends near its time. The caller must
   * make no other change to the index until it resolves.
   */
  async sealInSteps(pause: () => Promise<void>, step = SEAL_STEP): Promise<void> {
    this.install(await layoutInSteps(this, this.slotOfUnit, pause, step) as SealedLayout);
  }

  /**
   * {@link sealInSteps} begun now, installed once staged units have their ids (index-growth.ts); no
   * write meanwhile. `ahead`: started on the layout once it is built (PendingSeal).
   */
  pendingSeal(pause: () => Promise<void>, step = SEAL_STEP, ahead?: (layout: SealedLayout, dropped: () => boolean) => Promise<void>): PendingSeal {
    return new PendingSeal(this, this.slotOfUnit, pause, step, (layout) => this.installer(layout), ahead);
  }

  /** Makes `layout` the index's. */
  private install(layout: SealedLayout): void {
    this.installer(layout)(0);
  }

  /**
   * What installs `layout` (`dead`: its tombstones, a pending seal's removed units), with what it
   * allocates (the partitions' tails) allocated now: the install itself cannot throw, so a
   * pending seal's adoption that fails leaves the index whole (index-growth.ts PendingSeal.adopt).
   */
  private installer(layout: SealedLayout): (dead: number) => void {
    const { partitions, ...slots } = layout;
    const tails = this.partitions.map(() => new GrowableU32());
    return (dead) => {
      Object.assign(this, slots);
      this.sortedEnd = this.slotCount;
      this.layout++;
      this.dead = dead;
      this.partitions.forEach((p, i) => Object.assign(p, partitions[i], { tail: tails[i] }));
    };
  }

  /** What the index holds and how much memory it takes (typed arrays only). */
  footprint(): IndexFootprint {
    const postingBytes = this.partitions.reduce((s, p) => s + p.source.bytes + p.target.bytes + p.tail.bytes + p.lengthStart.byteLength, 0);
    const grams = this.partitions.reduce((s, p) => s + p.source.size + p.target.size, 0);
    return { units: this.size, slots: this.slotCount, arenaBytes: this.arena.bytes, postingBytes, grams };
  }
}
