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
 */
import { GramTable, GrowableU32 } from './postings.js';

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
  /** Folded numbers of the source keys of the slots that have any. */
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
  slotOfUnit: Map<number, number>;
  partitions: PartitionLayout[];
}

/**
 * Lays the live slots of `old` out afresh (sorted, posted), yielding after about every `step`
 * slots of each pass; `old` must not change until the generator is done. Returns the layout.
 */
export function* sealedLayout(old: SlotArrays, partitionCount: number, step: number): Generator<void, SealedLayout, void> {
  const order = slotsByPartitionAndLength(old.slotCount, old.alive, old.partitionOf, old.sourceLength, partitionCount);
  const n = order.length;
  if (n > step) yield;
  // An eighth to spare, so that the first writes after a seal do not copy every array.
  const size = Math.max(1024, n + (n >> 3));
  const next: SealedLayout = {
    slotCount: n, unitIds: new Float64Array(size), partitionOf: new Uint16Array(size), sourceStart: new Uint32Array(size), sourceLength: new Uint32Array(size),
    targetStart: new Uint32Array(size), targetLength: new Uint32Array(size), alive: new Uint8Array(size), updatedAt: new Float64Array(size), arena: new GrowableU32(1), numbers: new Map(),
    slotOfUnit: new Map(), partitions: Array.from({ length: partitionCount }, () => ({ source: new GramTable(), target: new GramTable(), lengthStart: new Int32Array(0), alive: 0 })),
  };
  let symbols = 0;
  for (const s of order) symbols += (old.sourceLength[s] as number) + (old.targetLength[s] as number);
  if (n > step) yield;
  next.arena = new GrowableU32(Math.max(1 << 16, symbols + (symbols >> 3)));
  const from = old.arena.data;
  const to = next.arena.data;
  let at = 0;
  for (let i = 0; i < n; i++) {
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
    to.set(from.subarray(ss, ss + sl), at);
    next.sourceStart[i] = at;
    next.sourceLength[i] = sl;
    to.set(from.subarray(ts, ts + tl), at + sl);
    next.targetStart[i] = at + sl;
    next.targetLength[i] = tl;
    at += sl + tl;
    const numbers = old.numbers.get(s);
    if (numbers) next.numbers.set(i, numbers);
    next.slotOfUnit.set(unitId, i);
    (next.partitions[part] as PartitionLayout).alive++;
    if ((i + 1) % step === 0) yield;
  }
  next.arena.length = at;
  const starts = next.partitions.map((): number[] => []);
  const ends = next.partitions.map(() => 0);
  for (let i = 0; i < n; i++) {
    const part = next.partitionOf[i] as number;
    const ls = starts[part] as number[];
    while (ls.length <= (next.sourceLength[i] as number)) ls.push(i);
    ends[part] = i + 1;
  }
  next.partitions.forEach((p, part) => {
    p.lengthStart = Int32Array.from([...(starts[part] as number[]), ends[part] as number]);
  });
  // The gram number of every occurrence, one side after the other in one array (issue 12: a
  // second array was a second 100-240 MB of garbage at 1M units, still in RSS after a restart).
  let sourceTotal = n;
  for (let i = 0; i < n; i++) sourceTotal += next.sourceLength[i] as number;
  const grams = new Uint32Array(Math.max(sourceTotal, symbols + n - sourceTotal + n));
  const arrays = { slotCount: n, partitionOf: next.partitionOf, arena: next.arena.data, grams };
  yield* postingSteps({ ...arrays, starts: next.sourceStart, lengths: next.sourceLength, tables: next.partitions.map((p) => p.source) }, step);
  yield* postingSteps({ ...arrays, starts: next.targetStart, lengths: next.targetLength, tables: next.partitions.map((p) => p.target) }, step);
  return next;
}

/** Runs a generator of steps to its end, at once. */
export function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Live slots ordered by partition, then source length, then slot (counting sort). */
export function slotsByPartitionAndLength(slotCount: number, alive: Uint8Array, partitionOf: Uint16Array, lengths: Uint32Array, partitions: number): Int32Array {
  let maxLen = 0;
  for (let s = 0; s < slotCount; s++) if (alive[s]) maxLen = Math.max(maxLen, lengths[s] as number);
  const key = (s: number) => (partitionOf[s] as number) * (maxLen + 1) + (lengths[s] as number);
  const start = new Int32Array(partitions * (maxLen + 1) + 1);
  let live = 0;
  for (let s = 0; s < slotCount; s++) {
    if (!alive[s]) continue;
    start[key(s) + 1]!++;
    live++;
  }
  for (let i = 1; i < start.length; i++) start[i]! += start[i - 1] as number;
  const order = new Int32Array(live);
  for (let s = 0; s < slotCount; s++) if (alive[s]) order[start[key(s)]!++] = s;
  return order;
}

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

/**
 * Posts every slot of one side, in slot order, into exactly sized lists: one pass numbers each
 * bigram occurrence (the only hash lookups) and counts, one sizes the lists, one fills them;
 * yields after about every `step` slots of each pass.
 */
function* postingSteps(side: SideLayout, step: number): Generator<void, void, void> {
  const { slotCount, partitionOf, arena, starts, lengths, tables, grams } = side;
  for (let s = 0, pos = 0; s < slotCount; s++) {
    const table = tables[partitionOf[s] as number] as GramTable;
    const from = starts[s] as number;
    const to = from + (lengths[s] as number);
    for (let i = from, prev = 0; i <= to; i++) {
      const cur = i < to ? (arena[i] as number) : 0;
      grams[pos++] = table.intern(prev, cur);
      prev = cur;
    }
    if ((s + 1) % step === 0) yield;
  }
  const sizes = tables.map((t) => new Uint32Array(t.size));
  for (let s = 0, pos = 0; s < slotCount; s++) {
    const size = sizes[partitionOf[s] as number] as Uint32Array;
    for (let i = 0; i <= (lengths[s] as number); i++) size[grams[pos++] as number]!++;
    if ((s + 1) % step === 0) yield;
  }
  // Exact sizes plus an eighth: without slack, the first writes after a seal would move every
  // list they touch (measured at 1M units: 844 writes/s in the index). One array per table
  // (postings.ts), so sizing is a prefix sum, not an allocation per list.
  for (const [part, t] of tables.entries()) {
    const capacity = sizes[part] as Uint32Array;
    for (let g = 0; g < capacity.length; g++) {
      const n = capacity[g] as number;
      capacity[g] = n + (n >> 3) + 2;
    }
    t.seal(capacity);
  }
  if (slotCount > step) yield;
  for (let s = 0, pos = 0; s < slotCount; s++) {
    const table = tables[partitionOf[s] as number] as GramTable;
    for (let i = 0; i <= (lengths[s] as number); i++) table.append(grams[pos++] as number, s);
    if ((s + 1) % step === 0) yield;
  }
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
