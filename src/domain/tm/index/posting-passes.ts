/**
 * The posting lists of a new layout (slot-layout.ts), built in bulk for one side of every slot:
 * one pass numbers each bigram occurrence (the only hash lookups) and counts, one sizes the
 * lists, one fills them in slot order. Each pass runs in ranges of slots with a yield between
 * (the re-seal after an import runs beside lookups, issue 12), its loop in a plain function that
 * V8 optimises (see `inSteps` in slot-layout.ts); a gram table grows before the slot that would
 * outgrow it, in steps of its own, never inside `intern` (the last doubling of a 200k-unit
 * re-seal's target table held the event loop 176 ms under load 10). The lists' arrays, which
 * the fill writes all over from its first step, are allocated and zeroed in steps beforehand
 * (`GramTable.sealInSteps`, steps.ts): faulted in by the fill, its first steps took 54-98 ms.
 */
import { GramTable } from './postings.js';
import { FAULT_STEP_BYTES, inSteps, zeroedInSteps } from './steps.js';

/** One side of every slot, to post in bulk. */
export interface SideLayout {
  slotCount: number;
  partitionOf: Uint16Array;
  arena: Uint32Array;
  starts: Uint32Array;
  lengths: Uint32Array;
  /** The side's gram table of each partition (empty). */
  tables: GramTable[];
  /** Scratch for a gram number per occurrence (each slot's length + 1). */
  grams: Uint32Array;
}

/** Where the numbering pass stands: the next slot, and its first occurrence in `grams`. */
interface Cursor {
  slot: number;
  pos: number;
}

/** Grams per slot of a step, for the passes over grams (a unit has some 40-60 of them). */
const GRAMS_PER_SLOT = 16;

/** Gram-table entries filled or moved between two yields while a table grows (some 1-2 ms). */
const GROW_STEP = 16_384;

/**
 * Posts every slot of one side, in slot order, into exactly sized lists, yielding after about
 * every `step` slots of each pass.
 */
export function* postingSteps(side: SideLayout, step: number): Generator<void, void, void> {
  const { slotCount, partitionOf, lengths, tables } = side;
  const at: Cursor = { slot: 0, pos: 0 };
  while (at.slot < slotCount) {
    const full = numberSlots(side, at, Math.min(slotCount, at.slot + step));
    if (full) yield* full.makeRoom((lengths[at.slot] as number) + 1, Math.min(step * 16, GROW_STEP));
    else if (at.slot < slotCount) yield;
  }
  if (slotCount > step) yield;
  const big = slotCount > step;
  // Counted into at random places from the first step: zeroed, and so faulted in, beforehand (steps.ts).
  const sizes: Uint32Array[] = [];
  for (const t of tables) sizes.push(yield* zeroedInSteps(Uint32Array, t.size, big ? FAULT_STEP_BYTES : Infinity));
  let pos = 0;
  yield* inSteps(slotCount, step, (lo, hi) => {
    for (let s = lo; s < hi; s++) {
      const size = sizes[partitionOf[s] as number] as Uint32Array;
      for (let i = 0; i <= (lengths[s] as number); i++) size[side.grams[pos++] as number]!++;
    }
  });
  // Exact sizes plus an eighth: without slack, the first writes after a seal would move every
  // list they touch (measured at 1M units: 844 writes/s in the index). One array per table
  // (postings.ts), so sizing is a prefix sum, not an allocation per list.
  for (const [part, t] of tables.entries()) {
    withSlack(sizes[part] as Uint32Array);
    if (big) yield;
    yield* t.sealInSteps(sizes[part] as Uint32Array, big ? step * GRAMS_PER_SLOT : Infinity);
    if (big) yield;
  }
  pos = 0;
  yield* inSteps(slotCount, step, (lo, hi) => {
    for (let s = lo; s < hi; s++) {
      const table = tables[partitionOf[s] as number] as GramTable;
      for (let i = 0; i <= (lengths[s] as number); i++) table.append(side.grams[pos++] as number, s);
    }
  });
}

/**
 * Numbers the bigram occurrences of slots from `at.slot` up to `end` into `grams`, advancing
 * `at`; stops before a slot whose table might outgrow its room and returns that table.
 */
function numberSlots(side: SideLayout, at: Cursor, end: number): GramTable | undefined {
  const { partitionOf, arena, starts, lengths, tables, grams } = side;
  let pos = at.pos;
  for (let s = at.slot; s < end; s++) {
    const table = tables[partitionOf[s] as number] as GramTable;
    const from = starts[s] as number;
    const to = from + (lengths[s] as number);
    if (table.needsRoom(to - from + 1)) {
      at.slot = s;
      at.pos = pos;
      return table;
    }
    for (let i = from, prev = 0; i <= to; i++) {
      const cur = i < to ? (arena[i] as number) : 0;
      grams[pos++] = table.intern(prev, cur);
      prev = cur;
    }
  }
  at.slot = end;
  at.pos = pos;
  return undefined;
}

/** Each list's room: its size plus an eighth and two. */
function withSlack(capacity: Uint32Array): void {
  for (let g = 0; g < capacity.length; g++) {
    const n = capacity[g] as number;
    capacity[g] = n + (n >> 3) + 2;
  }
}
