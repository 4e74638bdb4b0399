/**
 * Bit-sliced character signatures of the sorted slots (issue 12, the threshold-50 sweep): the
 * signatures of signatures.ts transposed, so that the sweep of a length window tests 32 slots
 * with one operation per query bucket instead of reading 32 bytes and a length per slot.
 *
 * For each of the 256 buckets a plane holds one bit per sorted slot (slot order, so each source
 * length is a contiguous run of bits), 32 slots an Int32 word: the same 32 bytes a slot as the
 * per-slot signatures they replace for sorted slots. With S the buckets a unit shares with the
 * query, |Q| the query's buckets and |U| the unit's, the signature bound of signatures.ts,
 * `max(pu + max(0, L - c), pq + max(0, c - L)) <= k` with pu = |U| - S and pq = |Q| - S, holds
 * only if `S >= |Q| - k + max(0, c - L)` (the query side) and `S >= |U| - k + max(0, L - c)`
 * (the unit side). A sweep adds the query's planes (only the |Q| planes of its buckets, some 25-30
 * for a sentence) into bit-sliced counters of 32 slots at a time, compares them with the query-side
 * bound of the run's length, and hands only the slots that pass, with their S, to the per-slot
 * checks (alive, the unit side from {@link PlaneSet.sizes}, bag, Levenshtein).
 *
 * Why: the 1M analysis's profile had the per-slot signature test at 40% and its loop at 21%
 * (32 bytes and a length read for each of ~600,000 slots in the window of every new sentence or
 * join). Here a word of 32 slots costs at most |Q| reads of 4 bytes and a few bit operations
 * per read. The query's planes are read rarest first, and a word whose slots can no longer reach
 * the bound with the planes left is given up (at 1M units this took lookups at 70 from 2.0 to
 * 1.6 ms a search, CPU, load 7-7.7). The unit side of the bound is tested in the sweep too, before a
 * slot is handed over. Measured as a kernel (a 1M-slot window, random planes): 5.4 ns a read with the
 * planes out of cache, 1.4 ns within it; blocking the counters in memory or laying planes out by
 * blocks of words did not measurably help under load. The search's figures are in ngram-search.ts.
 *
 * Planes are built {@link CHUNK_SLOTS} slots at a time, in steps after a seal or a build
 * ({@link buildPlanesInSteps}) or else by the first sweep that reaches them, and kept until the index lays its slots out again (`NgramIndex.layout`); slots are never
 * rewritten in place, so a plane bit stays true for its slot. Slots written since the last seal
 * (the partitions' tails) are not in the planes: they keep the per-slot signatures.
 *
 * The sweep over the planes (a query's planes added into miss counters, and what earlier rounds
 * measured of it) is in plane-sweep.ts.
 */
import type { NgramIndex } from './ngram-index.js';
import { BUCKETS, bucket } from './signatures.js';
import type { SlotArrays } from './slot-layout.js';

/** Slots whose planes are built together (a sweep builds the chunks its range reaches): 2,048 slots touch 256 planes × 64 words (64 KB, cache-resident while building). */
export const CHUNK_SLOTS = 2048;

/** The slots' source keys a plane set is built from: an index's, or a layout's not yet installed. */
type SourceKeys = Pick<SlotArrays, 'arena' | 'sourceStart' | 'sourceLength'>;

/** The planes of one index's sorted slots, for its current layout (read by the sweep, plane-sweep.ts). */
export class PlaneSet {
  /** Words per plane. */
  readonly words: number;
  /** Plane `b` is words [b * words, (b + 1) * words); plane {@link BUCKETS}, every bit set, pads a query's planes (no miss). */
  readonly planes: Int32Array;
  /** Buckets set in each sorted slot's signature (|U|). */
  readonly sizes: Uint16Array;
  /** Chunks built. */
  readonly built: Uint8Array;
  /** Slots of the built chunks in each plane: queries read their rarest planes first. */
  readonly density = new Float64Array(BUCKETS);

  constructor(public layout: number, readonly slots: number) {
    this.words = Math.ceil(slots / 32);
    this.planes = new Int32Array((BUCKETS + 1) * this.words);
    this.planes.fill(-1, BUCKETS * this.words);
    this.sizes = new Uint16Array(slots);
    this.built = new Uint8Array(Math.ceil(slots / CHUNK_SLOTS));
  }
}

const byIndex = new WeakMap<NgramIndex, PlaneSet>();
/**
 * Planes built for a layout not yet installed (see {@link buildPlanesAhead}), by the layout's
 * `sourceStart` array: installed, it is the index's; dropped, the building stops and forgets it.
 */
const ahead = new WeakMap<SourceKeys['sourceStart'], PlaneSet>();

/** The planes of `ix`'s current layout (empty until a sweep builds them, unless built ahead for it). */
export function planesOf(ix: NgramIndex): PlaneSet {
  let set = byIndex.get(ix);
  if (!set || set.layout !== ix.layout) {
    // Built ahead for these slots: the layout's own arrays are now the index's.
    const next = ahead.get(ix.sourceStart);
    ahead.delete(ix.sourceStart);
    set = next !== undefined && next.slots === ix.sortedEnd ? next : new PlaneSet(ix.layout, ix.sortedEnd);
    set.layout = ix.layout;
    byIndex.set(ix, set);
  }
  return set;
}

/** Sets the plane bits and size of every slot of chunk `c` (the slots' keys in `ix`). */
export function buildChunk(ix: SourceKeys, set: PlaneSet, c: number): void {
  const { planes, sizes, words } = set;
  const arena = ix.arena.data;
  for (let s = c * CHUNK_SLOTS, end = Math.min(set.slots, s + CHUNK_SLOTS); s < end; s++) {
    const from = ix.sourceStart[s] as number;
    const to = from + (ix.sourceLength[s] as number);
    const word = s >>> 5;
    const bit = 1 << (s & 31);
    let size = 0;
    for (let i = from; i < to; i++) {
      const b = bucket(arena[i] as number);
      const at = b * words + word;
      const v = planes[at] as number;
      if ((v & bit) === 0) {
        planes[at] = v | bit;
        set.density[b]!++;
        size++;
      }
    }
    sizes[s] = size;
  }
  set.built[c] = 1;
}

/**
 * Builds the planes of `ix`'s current layout ahead of the searches, a chunk at a time (about a
 * millisecond on a quiet machine) with `pause()` awaited after each: a search otherwise builds
 * the chunks its window reaches (at 1M units the first search after a seal or a restart built
 * them for 0.67 s of CPU under load 8.7, on the event loop). A pause may resolve at once (a time
 * slicer, time-slice.ts): steps of 8 chunks took 40-80 ms each under load 4-10 (issue 12).
 * Stops when the index is laid out again meanwhile.
 */
export async function buildPlanesInSteps(ix: NgramIndex, pause: () => Promise<void>): Promise<void> {
  const set = planesOf(ix);
  for (let c = 0; c < set.built.length; c++) {
    if (set.layout !== ix.layout) return;
    if (!set.built[c]) buildChunk(ix, set, c);
    await pause();
  }
}

/**
 * Builds, a chunk at a time with `pause()` awaited after each, the planes of a layout an index is
 * about to install (a seal laid out beside a bulk import's commit, index-growth.ts PendingSeal),
 * while the main thread waits for that commit: installed, the layout finds them built. The
 * first lookups after the install otherwise built the chunks their windows reached before the
 * steps after it did (issue 12: 30 ms of one lookup after a 100k import into 100k, load 8).
 * Stops once the layout is installed (the steps after the install build what is left), or once
 * `stop()` says the layout was dropped: the loop holds the layout, so until it ends the layout
 * stays in memory, and a drop that only the layout's own steps heard let it build every chunk
 * left (review of issue 12). Measured with 100k units staged into 100k, the seal dropped once
 * built (throwaway probe, two runs a side, load 6.7-7.4): 97 chunks built after the drop, 130-185
 * ms of CPU, and the layout's 103 MB of arrays still reachable after a full collection; with the
 * stop, no chunk and the layout collected.
 */
export async function buildPlanesAhead(next: SourceKeys & { slotCount: number }, pause: () => Promise<void>, stop?: () => boolean): Promise<void> {
  const set = new PlaneSet(-1, next.slotCount);
  ahead.set(next.sourceStart, set);
  for (let c = 0; c < set.built.length; c++) {
    if (ahead.get(next.sourceStart) !== set) return;
    if (stop?.()) {
      ahead.delete(next.sourceStart);
      return;
    }
    if (!set.built[c]) buildChunk(next, set, c);
    await pause();
  }
}

/** Chunks of `ix`'s current layout whose planes are built, and all its chunks (tests, diagnostics). */
export function planeChunks(ix: NgramIndex): { built: number; of: number } {
  const set = planesOf(ix);
  return { built: set.built.reduce((n, b) => n + b, 0), of: set.built.length };
}
