/**
 * The sweep of a query's bit-sliced signature planes (signature-planes.ts) over a run of sorted
 * slots: the slots that can pass the signature bound, with the buckets each shares with the
 * query, for the per-slot checks (issue 12). Split from signature-planes.ts (issue 12, tenth
 * round), which builds the planes; the planes' layout and why they exist are recorded there.
 *
 * Counting misses (issue 12, seventh round). The sweep was half of a threshold-70 search's CPU
 * at 100k (profile of the 500 lookups of bench/search-probe.ts, load 12): some 860 words a
 * search, 18 planes read a word. It counted each slot's shared buckets and tested every fourth
 * plane whether any slot could still reach `need` (a bit-sliced comparison of some 30
 * operations), and rippled each carry up only while it lasted (a branch per counter bit, taken or
 * not as the data fell). Now a slot's misses are counted, from a start chosen so that the miss
 * one past what the bound allows carries out of the top counter into a `dead` mask: the test
 * whether a word is done is `dead === -1`, the counters are only as wide as the misses allowed
 * (4 bits for a sentence at 70, instead of 9), the ripple runs without branches on the data, and
 * four planes at a time go through carry-save adders (the query's planes are padded to a multiple
 * of four with a plane of no miss). The sweeps of the 500 searches replayed alone
 * (old and new alternating, each search's fastest of ten, wall, load 8-8.5): at 70, 75 -> 34 us a
 * search; at 50, 168 -> 85 us. Branchless pairs of planes alone were 62 -> 49 us, the carry-save
 * fours 58 -> 35.
 *
 * Misses by symbol (the same round). A bucket the unit lacks holds query symbols none of which
 * the unit can match, and each unmatched query symbol costs an edit, so a unit within k edits
 * misses at most `k - max(0, c - L)` of the query's symbols (not only of its buckets): a sweep
 * reads each plane once per query symbol in its bucket (a lookup's 40.8 symbols fill 32.1
 * buckets on average), a stronger bound at no cost where a bucket holds one symbol. The S
 * handed over (distinct buckets shared, for the unit side) is counted for the survivors alone,
 * from the planes' words just read. Old and new alternating in one process, each search's
 * fastest of eight (100k, load 9-10, the same candidates): the analysis (threshold 50, limit 1)
 * 0.507 -> 0.376 ms a search (joins 1.28 -> 0.91, new sentences 0.27 -> 0.21); lookups at 70
 * 0.174 -> 0.176, no change.
 *
 * Shared buckets from the counters (issue 12, eighth round). The slots handed over had their S
 * counted again from all |Q| planes (some 60-80 reads a slot for a long segment): a third of the
 * sweep's CPU for the threshold-70 lookups of 80+ characters at 1M (CPU profile, load 6.5), 12%
 * of it over all 500. A survivor's word read every weighted plane, so its counter holds its misses, and its
 * lacking buckets are those misses less the extra symbols of the repeated buckets it lacks: only
 * those few planes are read again. Old and new alternating in one process at 1M, each search's
 * fastest of three (CPU, load 8.6-9.3, the same candidates): all 500 lookups 728 -> 704 ms,
 * queries of 80-119 characters 4.53 -> 4.19 ms a search, 120+ 3.72 -> 3.42.
 *
 * Survivors written, not visited (issue 12, eighth round): a sweep writes the slots it keeps and
 * their S into the caller's {@link PlaneSurvivors} instead of calling a visitor, so that its
 * optimised code does not hang on V8 inlining the visitor (measured in ngram-search.ts).
 */
import type { NgramIndex } from './ngram-index.js';
import { grow } from './postings.js';
import { BUCKETS, bucket } from './signatures.js';
import { buildChunk, CHUNK_SLOTS, planesOf, type PlaneSet } from './signature-planes.js';

/** The slots a {@link SlotPlanes.sweep} kept and their shared buckets (the caller's scratch, reused run after run). */
export class PlaneSurvivors {
  slots = new Int32Array(1024);
  shared = new Int32Array(1024);
  /** Slots written by the last sweep. */
  n = 0;

  /** Doubles the room, keeping what is written. */
  grow(): void {
    this.slots = grow(this.slots, this.slots.length * 2);
    this.shared = grow(this.shared, this.shared.length * 2);
  }
}

/** Scratch of {@link SlotPlanes}' constructor: the query's symbols in each bucket (cleared after each query). */
const seen = new Uint16Array(BUCKETS);

/** A query's buckets, sweeping runs of sorted slots of one index through the planes. */
export class SlotPlanes {
  private readonly set: PlaneSet;
  /** Offsets of the query's planes, rarest first. */
  private readonly offsets: Int32Array;
  /** The same, each plane once per query symbol of its bucket (see {@link sweep}). */
  private readonly weighted: Int32Array;
  /** Offsets of the planes whose bucket holds two or more of the query's symbols, and how many more than one. */
  private readonly repeated: Int32Array;
  private readonly repeats: Int32Array;
  /** Buckets of the query (|Q|). */
  readonly querySize: number;
  private readonly length: number;

  constructor(private readonly ix: NgramIndex, query: ArrayLike<number>) {
    this.length = query.length;
    const set = (this.set = planesOf(ix));
    // The query's distinct buckets, rarest first (an insertion sort: some 30 of them), and its symbols in each.
    const order: number[] = [];
    for (let i = 0; i < query.length; i++) {
      const b = bucket(query[i] as number);
      if (seen[b]!++ !== 0) continue;
      const d = set.density[b] as number;
      let j = order.length;
      for (; j > 0 && (set.density[order[j - 1] as number] as number) > d; j--) order[j] = order[j - 1] as number;
      order[j] = b;
    }
    this.querySize = order.length;
    this.offsets = new Int32Array(order.length);
    // Each plane as many times as the query has symbols in its bucket, padded to a multiple of four with the plane of no miss.
    this.weighted = new Int32Array((query.length + 3) & ~3).fill(BUCKETS * set.words);
    const repeated: number[] = [];
    const repeats: number[] = [];
    for (let i = 0, at = 0; i < order.length; i++) {
      const b = order[i] as number;
      this.offsets[i] = b * set.words;
      for (let n = seen[b] as number; n > 0; n--) this.weighted[at++] = b * set.words;
      if ((seen[b] as number) > 1) {
        repeated.push(b * set.words);
        repeats.push((seen[b] as number) - 1);
      }
      seen[b] = 0;
    }
    this.repeated = Int32Array.from(repeated);
    this.repeats = Int32Array.from(repeats);
  }

  /** The buckets a unit of `len` symbols must share with the query to be within `k` edits (the query side of the bound). */
  need(len: number, k: number): number {
    return this.querySize - k + Math.max(0, len - this.length);
  }

  /** The most buckets a unit of `len` symbols within `k` edits can have that the query lacks (the unit side of the bound). */
  slack(len: number, k: number): number {
    return k - Math.max(0, this.length - len);
  }

  /**
   * False when the unit in sorted slot `slot` (of `len` symbols, sharing `shared` buckets with
   * the query, as a sweep that reached it said) is certainly more than `k` edits away: both
   * sides of the signature bound.
   */
  admits(slot: number, len: number, shared: number, k: number): boolean {
    return shared >= this.need(len, k) && (this.set.sizes[slot] as number) - shared <= this.slack(len, k);
  }

  /**
   * Writes into `into` (and returns how many) every slot of the sorted range [lo, hi) that shares
   * at least `need` buckets with the query, has at most `slack` buckets the query lacks, and lacks
   * the buckets of at most |Q| - `need` of the query's symbols (see the module header; not applied
   * past 511), in slot order, each with its S. The slots are written here, not handed to a
   * callback: the search's optimised code then does not depend on what V8 inlined (see the
   * module header).
   */
  sweep(lo: number, hi: number, need: number, slack: number, into: PlaneSurvivors): number {
    into.n = 0;
    if (hi <= lo || need > this.querySize || slack < 0) return 0;
    const set = this.set;
    const sizes = set.sizes;
    for (let c = Math.floor(lo / CHUNK_SLOTS), last = Math.floor((hi - 1) / CHUNK_SLOTS); c <= last; c++) if (!set.built[c]) buildChunk(this.ix, set, c);
    const planes = set.planes;
    const offsets = this.weighted;
    const repeated = this.repeated;
    const repeats = this.repeats;
    const nq = this.length;
    // A slot may miss at most `spare` of the query's symbols (a plane it lacks counts once per
    // query symbol in its bucket). Its misses are counted up from `start` in `levels` bit-sliced
    // counters, so that the miss one too many carries out of the top counter into `dead`; a
    // word is done once every slot of it is dead.
    // No slot can miss more than all the query's symbols (a need of -Infinity: none dies); past 511 misses (9 counter bits) none is counted dead.
    const spare = Math.min(this.querySize - need, nq);
    const end = spare < nq && spare < 1 << 9 ? nq : 0;
    let levels = 1;
    while (1 << levels <= spare) levels++;
    const start = (1 << levels) - spare - 1;
    const s0 = -(start & 1), s1 = -((start >> 1) & 1), s2 = -((start >> 2) & 1), s3 = -((start >> 3) & 1), s4 = -((start >> 4) & 1);
    const s5 = -((start >> 5) & 1), s6 = -((start >> 6) & 1), s7 = -((start >> 7) & 1), s8 = -((start >> 8) & 1);
    let kept = 0;
    const w0 = lo >>> 5;
    const w1 = (hi - 1) >>> 5;
    for (let w = w0; w <= w1; w++) {
      let live = -1;
      if (w === w0) live = -1 << (lo & 31);
      if (w === w1 && (hi & 31) !== 0) live &= (1 << (hi & 31)) - 1;
      // Bit-sliced miss counters: bit j of cb is bit b of slot j's count, from `start`.
      let c0 = s0, c1 = s1, c2 = s2, c3 = s3, c4 = s4, c5 = s5, c6 = s6, c7 = s7, c8 = s8;
      let dead = ~live;
      // Rarest planes first, so that slots die early; no slot can die before `spare` + 1 planes.
      for (let i = 0; i < end; i += 4) {
        if (i > spare && dead === -1) break;
        // The misses of four planes (padded with planes of no miss) added into bit 0 by two
        // carry-save adders, their carries into bit 1 by a third, and its carry rippled up.
        const a = ~(planes[(offsets[i] as number) + w] as number);
        const b = ~(planes[(offsets[i + 1] as number) + w] as number);
        const c = ~(planes[(offsets[i + 2] as number) + w] as number);
        const d = ~(planes[(offsets[i + 3] as number) + w] as number);
        const u = c0 ^ a;
        const k1 = (c0 & a) | (u & b);
        const s = u ^ b;
        const v = s ^ c;
        const k2 = (s & c) | (v & d);
        c0 = v ^ d;
        if (levels === 1) { dead |= k1 | k2; continue; }
        const x = c1 ^ k1;
        let carry = (c1 & k1) | (x & k2);
        c1 = x ^ k2;
        if (levels === 2) { dead |= carry; continue; }
        let t = c2 & carry; c2 ^= carry; carry = t;
        if (levels === 3) { dead |= carry; continue; }
        t = c3 & carry; c3 ^= carry; carry = t;
        if (levels === 4) { dead |= carry; continue; }
        t = c4 & carry; c4 ^= carry; carry = t;
        if (levels === 5) { dead |= carry; continue; }
        t = c5 & carry; c5 ^= carry; carry = t;
        if (levels === 6) { dead |= carry; continue; }
        t = c6 & carry; c6 ^= carry; carry = t;
        if (levels === 7) { dead |= carry; continue; }
        t = c7 & carry; c7 ^= carry; carry = t;
        if (levels === 8) { dead |= carry; continue; }
        t = c8 & carry; c8 ^= carry;
        dead |= t;
      }
      let m = ~dead;
      while (m !== 0) {
        const low = m & -m;
        m ^= low;
        const j = 31 - Math.clz32(low);
        let shared = 0;
        if (end > 0) {
          // A survivor's word read every plane: its counter holds its misses. Each bucket it lacks
          // counted once per query symbol in it, so the buckets it lacks are its misses less the
          // repeats of the repeated buckets it lacks (a few planes, not all |Q| of them).
          let missed = (((c0 >>> j) & 1) | (((c1 >>> j) & 1) << 1) | (((c2 >>> j) & 1) << 2) | (((c3 >>> j) & 1) << 3) | (((c4 >>> j) & 1) << 4) |
            (((c5 >>> j) & 1) << 5) | (((c6 >>> j) & 1) << 6) | (((c7 >>> j) & 1) << 7) | (((c8 >>> j) & 1) << 8)) - start;
          for (let i = 0; i < repeated.length; i++) if ((((planes[(repeated[i] as number) + w] as number) >>> j) & 1) === 0) missed -= repeats[i] as number;
          shared = this.querySize - missed;
        } else {
          for (let i = 0; i < this.offsets.length; i++) shared += ((planes[(this.offsets[i] as number) + w] as number) >>> j) & 1;
        }
        const slot = (w << 5) | j;
        if ((sizes[slot] as number) - shared > slack) continue;
        if (kept === into.slots.length) into.grow();
        into.slots[kept] = slot;
        into.shared[kept] = shared;
        kept++;
      }
    }
    into.n = kept;
    return kept;
  }
}
