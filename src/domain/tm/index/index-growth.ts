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
import { type SealedLayout, sealedLayout } from './slot-layout.js';
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

/**
 * Gives staged slots their units' ids (`slotAt(k)` gets `ids[k]`), `step` slots at a time (the
 * unit map's deletes and sets: 100k in one go held the event loop 106-141 ms after an import's
 * commit).
 */
export function* relabelSlots(ix: NgramIndex, slotOfUnit: UnitSlots, slotAt: (k: number) => number, ids: Float64Array, step: number): Generator<void, void, void> {
  yield* inSteps(ids.length, step, (lo, hi) => {
    for (let k = lo; k < hi; k++) {
      const slot = slotAt(k);
      const was = ix.unitIds[slot] as number;
      // Removed since it was staged (its memory deleted): it stays out of the unit map.
      if (!ix.alive[slot]) continue;
      slotOfUnit.delete(was);
      ix.unitIds[slot] = ids[k] as number;
      slotOfUnit.set(ids[k] as number, slot);
      // Folded numbers are keyed by unit id: they follow the unit to its id.
      const nums = ix.numbers.get(was);
      if (nums !== undefined) {
        ix.numbers.delete(was);
        ix.numbers.set(ids[k] as number, nums);
      }
    }
  });
}

/** Forgets every slot staged since `mark` (none of them posted, and no other change made since). */
export function rollbackSlots(ix: NgramIndex, slotOfUnit: UnitSlots, mark: IndexMark): void {
  for (let slot = ix.slotCount - 1; slot >= mark.slots; slot--) {
    slotOfUnit.delete(ix.unitIds[slot] as number);
    ix.numbers.delete(ix.unitIds[slot] as number);
    (ix.partitions[ix.partitionOf[slot] as number] as Partition).alive--;
    ix.alive[slot] = 0;
  }
  ix.slotCount = mark.slots;
  ix.arena.length = mark.arena;
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
 * between them; the caller installs the layout it resolves to.
 */
export async function layoutInSteps(ix: NgramIndex, slotOfUnit: UnitSlots, pause: () => Promise<void>, step: number): Promise<SealedLayout> {
  const steps = sealedLayout(ix, ix.partitions.length, step, slotOfUnit);
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    await pause();
  }
}
