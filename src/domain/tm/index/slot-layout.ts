/**
 * How the index lays its slots out when it is sealed (ngram-index.ts): slots ordered by
 * partition, then source key length, and posting lists built for them in one go.
 *
 * Posting a million units one occurrence at a time hashes every bigram occurrence and regrows
 * every list by doubling; building them in bulk hashes each occurrence once, sizes each list
 * once (with an eighth to spare for later writes) and fills it in slot order (measured at 1M
 * units: 16 s down to 8 s, and less posting memory).
 *
 * The new layout is built beside the live one ({@link sealedLayout}) and installed in one step,
 * so the work can be cut into steps between which lookups run against the old layout (issue 12:
 * a 100k-unit import into a 100k TM re-sealed for 2.3 s on the event loop). Built in one go
 * (`step` Infinity) it is the same work as before.
 *
 * Every pass yields, not only the long ones (issue 12, the stall probe: an event-loop gap logger
 * beside `--cpu-prof` in the server, 100k units imported into 100k, load 4-10): with fixed steps
 * of 5,000 slots, each step held the loop 40-90 ms; the whole counting sort 50-95 ms as the first
 * step (it runs once per seal, so it often runs unoptimised); the last doubling of a gram table,
 * inside `intern`, 176 ms; and the allocations of the layout's large arrays, made together, set
 * off a full collection (150 ms of GC in one gap). Now the sort and each pass yield every `step`
 * slots, a gram table grows before the slot that would outgrow it, in steps of its own
 * (`GramTable.makeRoom`), the large arrays are allocated one per step, the units' map is
 * rewritten in place instead of grown anew, and keys are copied without a subarray per key. The
 * index's driver (`NgramIndex.sealInSteps`) takes steps of 1,000 slots and pauses only once its
 * time slice is used up. Measured in process (100k staged into 100k, CPU time per step, load 8):
 * longest step 52-95 ms -> 18 ms, total CPU the same (1.5-1.8 s at that load).
 *
 * Fourth round (issue 12, the server's event-loop gaps matched to `--cpu-prof` samples, 100k
 * imported into 100k): what still held the loop in the re-seal was fresh memory, not work. Here
 * a new page costs some 12 µs at its first write (steps.ts), so the per-slot arrays and the
 * posting arrays are allocated uninitialised and zeroed a megabyte a step (`zeroedInSteps`;
 * `new Float64Array(n)` let calloc clear recycled memory in one go, and the posting fill
 * faulted its arrays in during its first steps, 54-98 ms each), while the arena and the gram
 * numbers, written front to back, fault in a few pages a step by themselves; and the two
 * passes left whole (the key-length sum and the partitions' length starts, 16 ms at 200k slots
 * under load 7) run in steps like the rest.
 */
import { postingSteps } from './posting-passes.js';
import { GramTable, GrowableU32 } from './postings.js';
import { FAULT_STEP_BYTES, inSteps, zeroedInSteps } from './steps.js';
import type { UnitSlots } from './unit-slots.js';

/** An index's slots: per-slot arrays over `slotCount` slots, their keys in `arena`. */
export interface SlotArrays {
  slotCount: number;
  unitIds: Float64Array;
  partitionOf: Uint16Array;
  sourceStart: Uint32Array;
  sourceLength: Uint32Array;
  targetStart: Uint32Array;
  targetLength: Uint32Array;
  alive: Uint8Array;
  /** Each slot's updatedAt in ms (NaN: unknown). */
  updatedAt: Float64Array;
  arena: GrowableU32;
  /** Folded numbers of the source keys of the units that have any, by unit id (kept as it is by a seal). */
  numbers: Map<number, string[]>;
}

/** A partition's share of a sealed layout. */
export interface PartitionLayout {
  source: GramTable;
  target: GramTable;
  lengthStart: Int32Array;
  alive: number;
}

/** The live slots re-laid: sorted by partition and source length, every slot posted. */
export interface SealedLayout extends SlotArrays {
  slotOfUnit: UnitSlots;
  partitions: PartitionLayout[];
}

/**
 * Lays the live slots of `old` out afresh (sorted, posted), yielding after about every `step`
 * slots of each pass, and between the allocations of the large arrays (each one alone, so that
 * the collector's marking, which external memory starts, runs between them rather than in one
 * atomic pause); `old` must not change until the generator is done. `slotOfUnit`, the live
 * units' slots, is rewritten in place to the new slots as they are laid: it holds the same units
 * before and after, and a fresh map of a million entries is grown by rehashing it whole, on the
 * event loop, several times (the index reads it only for writes, which wait for the install).
 * Returns the layout.
 */
export function* sealedLayout(old: SlotArrays, partitionCount: number, step: number, slotOfUnit: UnitSlots): Generator<void, SealedLayout, void> {
  const order = yield* slotsByPartitionAndLength(old, partitionCount, step);
  const n = order.length;
  const big = n > step;
  // An eighth to spare, so that the first writes after a seal do not copy every array.
  const size = Math.max(1024, n + (n >> 3));
  // Each per-slot array allocated and zeroed in steps of its own (steps.ts `zeroedInSteps`).
  const zeroStep = big ? FAULT_STEP_BYTES : Infinity;
  const next: SealedLayout = {
    slotCount: n, unitIds: yield* zeroedInSteps(Float64Array, size, zeroStep), partitionOf: yield* zeroedInSteps(Uint16Array, size, zeroStep),
    sourceStart: yield* zeroedInSteps(Uint32Array, size, zeroStep), sourceLength: yield* zeroedInSteps(Uint32Array, size, zeroStep),
    targetStart: yield* zeroedInSteps(Uint32Array, size, zeroStep), targetLength: yield* zeroedInSteps(Uint32Array, size, zeroStep),
    alive: yield* zeroedInSteps(Uint8Array, size, zeroStep), updatedAt: yield* zeroedInSteps(Float64Array, size, zeroStep), arena: new GrowableU32(1),
    numbers: old.numbers, slotOfUnit, partitions: Array.from({ length: partitionCount }, () => ({ source: new GramTable(), target: new GramTable(), lengthStart: new Int32Array(0), alive: 0 })),
  };
  // The arena and the gram numbers are written front to back, so their pages fault in a few a
  // step: allocated at once as before, their slack is never touched (zeroed in steps, RSS after
  // a 1M restart was 1,092-1,149 MB against 1,039 so).
  let symbols = 0;
  yield* inSteps(n, step, (lo, hi) => {
    symbols += symbolsOf(old, order, lo, hi);
  });
  if (big) yield;
  next.arena = new GrowableU32(Math.max(1 << 16, symbols + (symbols >> 3)));
  if (big) yield;
  yield* inSteps(n, step, (lo, hi) => copySlots(old, next, order, lo, hi));
  const sourceTotal = yield* setLengthStarts(next, step);
  if (big) yield;
  // The gram number of every occurrence, one side after the other in one array (issue 12: a
  // second array was a second 100-240 MB of garbage at 1M units, still in RSS after a restart).
  const grams = new Uint32Array(Math.max(sourceTotal, symbols + n - sourceTotal + n));
  if (big) yield;
  const arrays = { slotCount: n, partitionOf: next.partitionOf, arena: next.arena.data, grams };
  yield* postingSteps({ ...arrays, starts: next.sourceStart, lengths: next.sourceLength, tables: next.partitions.map((p) => p.source) }, step);
  yield* postingSteps({ ...arrays, starts: next.targetStart, lengths: next.targetLength, tables: next.partitions.map((p) => p.target) }, step);
  return next;
}

/** Symbols of the keys of the slots `order[lo..hi)`. */
function symbolsOf(old: SlotArrays, order: Int32Array, lo: number, hi: number): number {
  let symbols = 0;
  for (let i = lo; i < hi; i++) symbols += (old.sourceLength[order[i] as number] as number) + (old.targetLength[order[i] as number] as number);
  return symbols;
}

/** Copies slots `order[lo..hi)` of `old` into new slots lo..hi of `next`, keys appended to its arena. */
function copySlots(old: SlotArrays, next: SealedLayout, order: Int32Array, lo: number, hi: number): void {
  const from = old.arena.data;
  const to = next.arena.data;
  let at = next.arena.length;
  for (let i = lo; i < hi; i++) {
    const s = order[i] as number;
    const part = old.partitionOf[s] as number;
    const unitId = old.unitIds[s] as number;
    next.unitIds[i] = unitId;
    next.partitionOf[i] = part;
    next.alive[i] = 1;
    next.updatedAt[i] = old.updatedAt[s] as number;
    const ss = old.sourceStart[s] as number;
    const sl = old.sourceLength[s] as number;
    const ts = old.targetStart[s] as number;
    const tl = old.targetLength[s] as number;
    // Copied symbol by symbol: a subarray per key was two short-lived objects per slot, the
    // young generation's main garbage during a re-seal.
    for (let k = 0; k < sl; k++) to[at + k] = from[ss + k] as number;
    next.sourceStart[i] = at;
    next.sourceLength[i] = sl;
    for (let k = 0; k < tl; k++) to[at + sl + k] = from[ts + k] as number;
    next.targetStart[i] = at + sl;
    next.targetLength[i] = tl;
    at += sl + tl;
    next.slotOfUnit.set(unitId, i);
    (next.partitions[part] as PartitionLayout).alive++;
  }
  next.arena.length = at;
}

/** Sets each partition's `lengthStart` over the laid slots, `step` slots a step; returns the source keys' symbols plus one per slot. */
function* setLengthStarts(next: SealedLayout, step: number): Generator<void, number, void> {
  const n = next.slotCount;
  const starts = next.partitions.map((): number[] => []);
  const ends = next.partitions.map(() => 0);
  let sourceTotal = n;
  yield* inSteps(n, step, (lo, hi) => {
    for (let i = lo; i < hi; i++) {
      const part = next.partitionOf[i] as number;
      const ls = starts[part] as number[];
      while (ls.length <= (next.sourceLength[i] as number)) ls.push(i);
      ends[part] = i + 1;
      sourceTotal += next.sourceLength[i] as number;
    }
  });
  next.partitions.forEach((p, part) => {
    p.lengthStart = Int32Array.from([...(starts[part] as number[]), ends[part] as number]);
  });
  return sourceTotal;
}

/**
 * Live slots ordered by partition, then source length, then slot (counting sort), yielding after
 * about every `step` slots of each pass: the first of a re-seal's steps was this sort whole,
 * 17 ms at 200k slots under load 8 when not yet optimised.
 */
function* slotsByPartitionAndLength(old: SlotArrays, partitions: number, step: number): Generator<void, Int32Array, void> {
  const { slotCount, alive, partitionOf, sourceLength: lengths } = old;
  let maxLen = 0;
  yield* inSteps(slotCount, step, (lo, hi) => {
    for (let s = lo; s < hi; s++) if (alive[s]) maxLen = Math.max(maxLen, lengths[s] as number);
  });
  const width = maxLen + 1;
  const start = new Int32Array(partitions * width + 1);
  let live = 0;
  yield* inSteps(slotCount, step, (lo, hi) => {
    for (let s = lo; s < hi; s++) {
      if (!alive[s]) continue;
      start[(partitionOf[s] as number) * width + (lengths[s] as number) + 1]!++;
      live++;
    }
  });
  for (let i = 1; i < start.length; i++) start[i]! += start[i - 1] as number;
  const order = new Int32Array(live);
  yield* inSteps(slotCount, step, (lo, hi) => {
    for (let s = lo; s < hi; s++) if (alive[s]) order[start[(partitionOf[s] as number) * width + (lengths[s] as number)]!++] = s;
  });
  return order;
}

/**
 * Adds `slot` to the posting list of each padded bigram of `symbols`, once per occurrence (a
 * unit's repeats sit side by side, since slots are posted in order): the search counts shared
 * bigrams as a multiset.
 */
export function addGrams(table: GramTable, symbols: ArrayLike<number>, slot: number): void {
  let prev = 0;
  for (let i = 0; i <= symbols.length; i++) {
    const cur = i < symbols.length ? (symbols[i] as number) : 0;
    table.add(prev, cur, slot);
    prev = cur;
  }
}
