/**
 * A bulk import's side of the n-gram index (ngram-index.ts), in steps (issue 12): growing the
 * per-slot arrays and the arena before an import is staged, giving staged slots their units' ids
 * once the store has committed them (relabel), forgetting them when it has not (rollback), and
 * laying the index out afresh beside the live one (the seal) with a pause between steps.
 *
 * Each piece is a generator whose steps are bounded, so that the caller (the TM service, under a
 * time slice, time-slice.ts) lets lookups run between them: staged slots are not searched until
 * the seal installs them, so lookups answer from the index as it was meanwhile. The index must
 * not be written otherwise until a piece is done (the TM's write queue sees to that). The
 * functions take the index's unit-to-slot map as an argument, as `sealedLayout` does, so that it
 * stays private to the index.
 */
import type { IndexMark, NgramIndex, Partition } from './ngram-index.js';
import { grownInSteps } from './postings.js';
import { type SealedLayout, type SlotArrays, sealedLayout } from './slot-layout.js';
import { inSteps } from './steps.js';
import type { UnitSlots } from './unit-slots.js';

/**
 * Slots laid out between two calls of the pause of {@link layoutInSteps}: some 1-3 ms of work on
 * a quiet machine (a slot's grams, not the slot, are the work: some 60 per unit), so that a pause
 * that yields only once its time slice is used up (time-slice.ts) ends each turn close to that
 * slice. Fixed steps of 5,000 slots took 40-90 ms each under load 4-10 (issue 12).
 */
export const SEAL_STEP = 1_000;

/**
 * Symbols of the arena copied between two yields of {@link reserveSlots}: 1 MB, some 3 ms where
 * fresh pages fault in slowly (steps.ts). A time slice ends after the step that used it up, so a
 * step's length is what a slice can overrun by: 2 MB steps took 6-13 ms each and the growth's
 * slices up to 28-56 ms in process (issue 12, load 2).
 */
export const ARENA_COPY_STEP = 1 << 18;

/** Slots relabelled between two yields of {@link relabelSlots}: some 1 ms of map updates. */
export const RELABEL_STEP = 1_000;

/** What a relabel writes: the slots' arrays and the partitions' live counts (an index, or a layout not yet installed). */
export type RelabelTarget = Pick<SlotArrays, 'unitIds' | 'alive' | 'partitionOf' | 'numbers'> & { partitions: readonly { alive: number }[] };

/**
 * Gives staged slots their units' ids (slot `slots[k]`, provisional id `provisional(k)`, gets
 * `ids[k]`; a slot of -1 is skipped: removed since it was staged, its memory deleted), `step`
 * slots at a time (the unit map's deletes and sets: 100k in one go held the event loop 106-141
 * ms after an import's commit). A NaN id removes the slot instead (the commit found that unit
 * stored and refreshed it): it becomes a tombstone, which searches skip. Returns how many slots
 * were so removed.
 *
 * All or nothing (issue 12, a review of the pending seal): a relabel that throws part-way (the
 * maps' sets are the only steps that can: a `Map` past its maximum size, or an allocation) used
 * to leave the new ids in the unit map, so the index answered for units laid out twice or never
 * committed. Each slot's sets come before its deletes and writes, and a throw, or a caller that
 * stops the steps early, undoes every slot relabelled so far: the undo only puts back keys the
 * maps held a moment before, so it does not grow them. Its cost is the same: bench/fold-probe.ts
 * (100k units, a pending seal adopted, CPU, main's tree and this alternating, load 10-15)
 * relabelled in 98, 104, 86, 95 ms on main's tree and 115, 132, 76, 91 with the undo (within
 * the noise), with the same digest.
 *
 * Tried and left out (same round): a layout that records each old slot's new slot and leaves
 * the staged units' map entries alone, so that the relabel needs no lookup and the layout no
 * rewrite of them (two of the four map operations per unit). fold-probe, three rounds each,
 * alternating, load 8-11: relabel 68, 115, 83, 69, 59, 56, 61, 66, 65 ms against 70, 91, 72, 65,
 * 75, 65, 70, 75, 73 (its two passes over the staged slots ate the lookup saved), the layout
 * 577, 735, 549, 557, 557, 457, 587, 474, 438 against 575, 504, 455, 466, 445, 421, 598, 505, 577:
 * medians of the two together 626 against 580 ms, inside this machine's noise, so not kept.
 */
export function* relabelSlots(ix: RelabelTarget, slotOfUnit: UnitSlots, slots: Int32Array, provisional: (k: number) => number, ids: Float64Array, step: number): Generator<void, number, void> {
  let removed = 0;
  /** Slots [0, reached) are relabelled. */
  let reached = 0;
  let finished = false;
  try {
    yield* inSteps(ids.length, step, (lo, hi) => {
      for (let k = lo; k < hi; k++) {
        const slot = slots[k] as number;
        if (slot >= 0) removed += relabelOne(ix, slotOfUnit, slot, provisional(k), ids[k] as number);
        reached = k + 1;
      }
    });
    finished = true;
  } finally {
    if (!finished) undoRelabel(ix, slotOfUnit, slots, provisional, ids, reached);
  }
  // Folded numbers are keyed by unit id: a removed unit's go now that nothing can undo its removal.
  for (let k = 0; k < ids.length; k++) if ((slots[k] as number) >= 0 && Number.isNaN(ids[k])) ix.numbers.delete(provisional(k));
  return removed;
}

/** Relabels (or, for a NaN id, removes) one live staged slot; a throw leaves it as it was, bar the new id in the unit map. Returns 1 for a removal. */
function relabelOne(ix: RelabelTarget, slotOfUnit: UnitSlots, slot: number, was: number, id: number): number {
  if (Number.isNaN(id)) {
    slotOfUnit.delete(was);
    ix.alive[slot] = 0;
    (ix.partitions[ix.partitionOf[slot] as number] as { alive: number }).alive--;
    return 1;
  }
  slotOfUnit.set(id, slot);
  // Folded numbers are keyed by unit id: they follow the unit to its id.
  const nums = ix.numbers.get(was);
  if (nums !== undefined) {
    ix.numbers.set(id, nums);
    ix.numbers.delete(was);
  }
  slotOfUnit.delete(was);
  ix.unitIds[slot] = id;
  return 0;
}

/** Puts staged slots [0, reached] back under their provisional ids (slot `reached` may be half done). */
function undoRelabel(ix: RelabelTarget, slotOfUnit: UnitSlots, slots: Int32Array, provisional: (k: number) => number, ids: Float64Array, reached: number): void {
  for (let k = 0; k <= reached && k < ids.length; k++) {
    const slot = slots[k] as number;
    if (slot < 0) continue;
    const was = provisional(k);
    const id = ids[k] as number;
    if (Number.isNaN(id)) {
      if (ix.alive[slot]) continue;
      ix.alive[slot] = 1;
      (ix.partitions[ix.partitionOf[slot] as number] as { alive: number }).alive++;
    } else {
      slotOfUnit.delete(id);
      const nums = ix.numbers.get(id);
      if (nums !== undefined) {
        ix.numbers.set(was, nums);
        ix.numbers.delete(id);
      }
      ix.unitIds[slot] = was;
    }
    slotOfUnit.set(was, slot);
  }
}

/**
 * The slot of each staged unit k, from `slotAt(k)`, or -1 where there is none or it is no longer
 * alive (removed since it was staged), `step` units at a time (a pending seal's are map lookups:
 * a million in one go would hold the event loop some 50-100 ms).
 */
export function* liveStagedSlots(ix: Pick<SlotArrays, 'alive'>, n: number, slotAt: (k: number) => number | undefined, step: number): Generator<void, Int32Array, void> {
  const slots = new Int32Array(n);
  yield* inSteps(n, step, (lo, hi) => {
    for (let k = lo; k < hi; k++) {
      const slot = slotAt(k);
      slots[k] = slot !== undefined && ix.alive[slot] ? slot : -1;
    }
  });
  return slots;
}

/** Sets `at` as the updatedAt of units `unitIds` (a unit not indexed is skipped), `step` at a time. */
export function* touchSlots(ix: Pick<SlotArrays, 'updatedAt'>, slotOfUnit: UnitSlots, unitIds: ArrayLike<number>, at: number, step: number): Generator<void, void, void> {
  yield* inSteps(unitIds.length, step, (lo, hi) => {
    for (let k = lo; k < hi; k++) {
      const slot = slotOfUnit.get(unitIds[k] as number);
      if (slot !== undefined) ix.updatedAt[slot] = at;
    }
  });
}

/**
 * Forgets every slot staged since `mark` (none of them posted, none added since by anything
 * else), `step` slots at a time (staged slots are not searched, so lookups between the steps
 * answer as before; at 100k units in one step it held the event loop 130 ms under load 6, issue
 * 12); a slot killed meanwhile (its memory dropped between two pages) is already forgotten.
 * Returns how many were so killed (the caller's tombstones that go with the rest).
 */
export function* rollbackSlots(ix: NgramIndex, slotOfUnit: UnitSlots, mark: IndexMark, step: number): Generator<void, number, void> {
  let killed = 0;
  yield* inSteps(ix.slotCount - mark.slots, step, (lo, hi) => {
    for (let slot = mark.slots + lo; slot < mark.slots + hi; slot++) {
      if (!ix.alive[slot]) {
        killed++;
        continue;
      }
      slotOfUnit.delete(ix.unitIds[slot] as number);
      ix.numbers.delete(ix.unitIds[slot] as number);
      (ix.partitions[ix.partitionOf[slot] as number] as Partition).alive--;
      ix.alive[slot] = 0;
    }
  });
  ix.slotCount = mark.slots;
  ix.arena.length = mark.arena;
  return killed;
}

/**
 * Room for `units` more slots, the arena's share estimated from the average key length so far
 * with an eighth to spare (at least `symbols`), the arena copied `step` symbols at a time (one
 * doubling held the event loop 340 ms at 200k units under load 7).
 */
export function* reserveSlots(ix: NgramIndex, units: number, step: number, symbols = 0): Generator<void, void, void> {
  yield* grownSlots(ix, ix.slotCount + units);
  const perSlot = ix.slotCount > 0 ? ix.arena.length / ix.slotCount : 0;
  const extra = Math.max(symbols, Math.ceil(perSlot * units * 1.125));
  if (extra > 0) yield* ix.arena.reserveInSteps(extra, step);
}

/**
 * Grows every per-slot array to hold at least `size` slots, each allocated, zeroed and copied a
 * megabyte a step (postings.ts `grownInSteps`): one array's `grow` held the event loop 35 ms
 * under load 5, the eight in one step 20-40 ms on a quiet machine. Each is swapped in once copied.
 */
export function* grownSlots(ix: NgramIndex, size: number): Generator<void, void, void> {
  if (ix.alive.length >= size) return;
  ix.unitIds = yield* grownInSteps(ix.unitIds, size);
  ix.partitionOf = yield* grownInSteps(ix.partitionOf, size);
  ix.sourceStart = yield* grownInSteps(ix.sourceStart, size);
  ix.sourceLength = yield* grownInSteps(ix.sourceLength, size);
  ix.targetStart = yield* grownInSteps(ix.targetStart, size);
  ix.targetLength = yield* grownInSteps(ix.targetLength, size);
  ix.updatedAt = yield* grownInSteps(ix.updatedAt, size);
  // Last: its length is what says the others have grown.
  ix.alive = yield* grownInSteps(ix.alive, size);
}

/**
 * The index's live slots laid out afresh in steps of about `step` slots, `pause()` awaited
 * between them; the caller installs the layout it resolves to. Given `stop`, asked after every
 * pause, the layout is given up once it says so (undefined).
 */
export async function layoutInSteps(ix: NgramIndex, slotOfUnit: UnitSlots, pause: () => Promise<void>, step: number, stop?: () => boolean): Promise<SealedLayout | undefined> {
  const steps = sealedLayout(ix, ix.partitions.length, step, slotOfUnit);
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    await pause();
    if (stop?.()) return undefined;
  }
}

/** Runs a generator of steps with `pause()` awaited between them; resolves to what it returns. A pause that throws ends the generator (its `finally` runs). */
async function paced<T>(steps: Generator<void, T, void>, pause: () => Promise<void>): Promise<T> {
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    try {
      await pause();
    } catch (err) {
      steps.return(undefined as T);
      throw err;
    }
  }
}

/**
 * A seal's layout built while a bulk import's commit runs (issue 12: at 1M units the commit took
 * 11-14 s in its worker and the seal 5-7 s on the main thread after it, one after the other).
 * The import's units were staged before the commit (under provisional ids, staged-fold.ts), and
 * nothing else writes the index while the commit holds the TM's write queue, so the layout can
 * be laid out then, lookups reading the live index meanwhile. Once the commit has said which id
 * each staged unit got, {@link adopt} gives the units their ids in the new layout and installs
 * it; if it failed, or its units cannot be adopted, {@link drop} forgets the layout and gives the
 * unit map, which the layout rewrites in place (slot-layout.ts), the live slots back.
 */
export class PendingSeal {
  private layout: SealedLayout | undefined;
  /** Set by {@link drop}: the layout's building, and the work started `ahead` on it, stop at their next pause. */
  private dropped = false;
  /** True once {@link adopt} has installed the layout. */
  installed = false;
  /** Resolves once the layout is built, or given up by {@link drop} (rejects if a step failed). */
  readonly built: Promise<void>;

  /**
   * `installer(layout)`: what makes the layout the index's (`dead` of its slots tombstones), with
   * all it allocates allocated, so that calling it cannot throw;
   * `ahead(layout, dropped)`: work to start on the layout once it is built, while the commit runs
   * (the search's planes, seeker.ts `prepareAhead`), not waited for; it must end once `dropped()`
   * is true, or it keeps the dropped layout alive.
   */
  constructor(private readonly ix: NgramIndex, private readonly slotOfUnit: UnitSlots, pause: () => Promise<void>, step: number,
    private readonly installer: (layout: SealedLayout) => (dead: number) => void, ahead?: (layout: SealedLayout, dropped: () => boolean) => Promise<void>) {
    this.built = layoutInSteps(ix, slotOfUnit, pause, step, () => this.dropped).then((layout) => {
      this.layout = layout;
      if (layout !== undefined) ahead?.(layout, () => this.dropped).catch(() => undefined);
    });
    this.built.catch(() => undefined);
  }

  /**
   * Gives staged unit k (provisional id `provisional(k)`) the id `ids[k]` in the new layout (NaN:
   * removed, a tombstone there), in steps of `step` slots, and installs it. All or nothing: what
   * can throw (the install's allocations, the staged slots' array, the relabel's map sets) comes
   * before the install, which cannot, and a relabel that throws undoes itself (relabelSlots), so a
   * rejection leaves the unit map as the layout left it: {@link drop} then gives it the live
   * slots back (a review of the sixth round: the new ids stayed in the map).
   */
  async adopt(provisional: (k: number) => number, ids: Float64Array, pause: () => Promise<void>, step = RELABEL_STEP): Promise<void> {
    await this.built;
    const layout = this.layout;
    if (layout === undefined) throw new Error('the pending seal was dropped');
    const install = this.installer(layout);
    const slots = await paced(liveStagedSlots(layout, ids.length, (k) => this.slotOfUnit.get(provisional(k)), step), pause);
    const removed = await paced(relabelSlots(layout, this.slotOfUnit, slots, provisional, ids, step), pause);
    install(removed);
    this.layout = undefined;
    this.installed = true;
  }

  /**
   * Forgets the layout: its building and the work `ahead` on it stop at their next pause (a
   * failed commit's rollback waited for the whole layout, some seconds at 1M units), and the
   * unit map, which the layout rewrites as it lays slots, is given every live slot again, in steps.
   */
  async drop(pause: () => Promise<void>): Promise<void> {
    this.dropped = true;
    await this.built.catch(() => undefined);
    this.layout = undefined;
    const { ix, slotOfUnit } = this;
    await paced(inSteps(ix.slotCount, RELABEL_STEP, (lo, hi) => {
      for (let s = lo; s < hi; s++) if (ix.alive[s]) slotOfUnit.set(ix.unitIds[s] as number, s);
    }), pause);
  }
}
