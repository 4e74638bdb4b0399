/**
 * Character signatures of the index's source keys: the cheapest of the filters in front of the
 * Levenshtein verification (ngram-search.ts), read before a unit's symbols are. Sorted slots
 * keep them transposed into bit-sliced planes (signature-planes.ts); this per-slot form serves
 * the slots written since the last seal (the tail).
 *
 * A signature is a 256-bit set of hashed symbols. Every symbol of a unit whose bucket holds no
 * symbol of the query is a symbol no edit-free alignment can match, and distinct such buckets
 * are distinct symbols: `pu` buckets only the unit has mean at least `pu` unmatched unit
 * symbols, `pq` only the query has at least `pq` unmatched query symbols. Unmatched counts of
 * the two sides differ by the length difference, and the edit distance is at least the larger
 * (the bag distance, see bag-filter.ts), so `lev >= max(pu + max(0, |q| - |u|), pq + max(0,
 * |u| - |q|))`: a lower bound, so rejecting above the allowed edits is exact.
 *
 * Why: at a bar of 50 the bigram count lets most units that share any bigram through, and the bag
 * pass over each one's symbols was memory-bound (100k units, new sentences of the mixed document:
 * some 31,000 units a lookup, each a read of a unit's symbols at a random place of the arena).
 * Tail signatures are 32 bytes a slot, computed the first time a search needs a slot and kept
 * until the index lays its slots out again (`NgramIndex.layout`); slots are never rewritten in
 * place (a changed unit gets a new slot), so a signature stays true for its slot.
 */
import type { NgramIndex } from './ngram-index.js';

/** 32-bit words per signature (256 buckets): at 100k units, new sentences at a bar of 50, 128 buckets let 6% of the units through to the bag pass, 256 buckets 0.8%. */
const WORDS = 8;
/** Buckets of a signature. */
export const BUCKETS = WORDS * 32;
const BUCKET_SHIFT = 32 - Math.log2(BUCKETS);

/** The bucket of a symbol (Fibonacci hashing: dense ids of frequent symbols are small and close together). */
export function bucket(symbol: number): number {
  return Math.imul(symbol, 0x9e3779b1) >>> BUCKET_SHIFT;
}

/** Bits set in a 32-bit word. */
function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}

/** Writes the signature of `symbols[from, to)` at `out[at, at + WORDS)`. */
function sign(symbols: ArrayLike<number>, from: number, to: number, out: Int32Array, at: number): void {
  out.fill(0, at, at + WORDS);
  for (let i = from; i < to; i++) {
    const b = bucket(symbols[i] as number);
    out[at + (b >>> 5)]! |= 1 << (b & 31);
  }
}

/** Signatures of one index's tail slots (those from `first` on), for its current layout. */
class SlotSignatures {
  sigs = new Int32Array(0);
  /** Buckets set in each slot's signature, plus one (0: not computed yet). */
  sizes = new Uint16Array(0);
  layout = -1;
  first = 0;
}

const byIndex = new WeakMap<NgramIndex, SlotSignatures>();

/**
 * A query's signature, testing the slots of one index written since its last seal (the sorted
 * slots are tested through their bit-sliced planes, signature-planes.ts).
 */
export class SignatureFilter {
  private readonly query = new Int32Array(WORDS);
  private readonly slots: SlotSignatures;
  private readonly length: number;
  /** Buckets set in the query's signature. */
  private querySize = 0;

  constructor(private readonly ix: NgramIndex, query: ArrayLike<number>) {
    this.length = query.length;
    sign(query, 0, query.length, this.query, 0);
    let s = byIndex.get(ix);
    if (!s) byIndex.set(ix, (s = new SlotSignatures()));
    if (s.layout !== ix.layout) Object.assign(s, { sigs: new Int32Array(0), sizes: new Uint16Array(0), layout: ix.layout, first: ix.sortedEnd });
    const tail = ix.slotCount - s.first;
    if (s.sizes.length < tail) {
      const size = Math.max(tail, s.sizes.length + (s.sizes.length >> 3), 1024);
      const sizes = new Uint16Array(size);
      sizes.set(s.sizes);
      const sigs = new Int32Array(size * WORDS);
      sigs.set(s.sigs);
      Object.assign(s, { sizes, sigs });
    }
    this.slots = s;
    for (let w = 0; w < WORDS; w++) this.querySize += popcount(this.query[w] as number);
  }

  /**
   * False when the unit in tail slot `slot` (of `len` symbols) is certainly more than `k` edits
   * from the query. One popcount a word: `popcount(u ^ q) = pu + pq` and `|u| - |q| = pu - pq` in buckets.
   */
  admits(slot: number, len: number, k: number): boolean {
    const { sigs, sizes, first } = this.slots;
    const at = (slot - first) * WORDS;
    let size = sizes[slot - first] as number;
    if (size === 0) {
      const start = this.ix.sourceStart[slot] as number;
      sign(this.ix.arena.data, start, start + len, sigs, at);
      size = 1;
      for (let w = 0; w < WORDS; w++) size += popcount(sigs[at + w] as number);
      sizes[slot - first] = size;
    }
    const q = this.query;
    let differ = 0;
    for (let w = 0; w < WORDS; w++) differ += popcount((sigs[at + w] as number) ^ (q[w] as number));
    const skew = size - 1 - this.querySize;
    const pu = (differ + skew) >> 1;
    const pq = (differ - skew) >> 1;
    return Math.max(pu + Math.max(0, this.length - len), pq + Math.max(0, len - this.length)) <= k;
  }
}
