/**
 * ScanCount over the posting lists of a query's bigrams (the counting half of ngram-search.ts):
 * for every unit in the scanned slices, how many of the query's bigram occurrences it shares.
 *
 * Each length c of the window has a required prefix of rarest grams (prefix filter). Slots are
 * sorted by length (ngram-index.ts), so a gram's list is read only over the runs of lengths that
 * need it. Past the required prefix, a list is still read for every length while it is at most
 * {@link SCAN_OVER_PROBE} times as long as the number of units counted so far, because the
 * alternative is a binary search per surviving unit later; measured at 1M units (p95 CPU per
 * search): ratio 1 11.4-12.3 ms, 0.5 15.7, 2 14.6, 4 14.2, never (pure prefix) 16.9, always
 * (every list) 17.5. Whatever is read, each length's scanned grams stay a prefix of the rarity
 * order, which is what the probing in ngram-search.ts relies on.
 *
 * Occurrences are a multiset: a unit holds one posting per occurrence (side by side, since lists
 * are sorted by slot), and shares min(its occurrences, the query's) of a bigram.
 */
import type { NgramIndex, Partition } from './ngram-index.js';
import type { GrowableU32 } from './postings.js';

/** Past the required prefix, scan a list while it is no longer than this times the units counted so far. */
export const SCAN_OVER_PROBE = 1;

/**
 * Order counted units by slot (within a count) when at least one slot in this many of the scanned
 * range was touched: verification then reads the arena, lengths and flags nearly in address
 * order. Measured at 100k units, threshold 50: a new sentence touched 37,000 units of a range of
 * about 60,000, and reading them in touch order was memory-bound (most of the search's time
 * went to the first read of each unit's symbols).
 */
export const SWEEP_DENSITY = 16;

/** A distinct padded bigram of the query: its posting list (undefined: no unit has it) and how often the query has it. */
export interface QueryGram {
  list: GrowableU32 | undefined;
  mult: number;
}

/** What to count: per length c in [cmin, hi], the shared occurrences needed (`need`, <= 0: not counted) and the required prefix. */
export interface CountPlan {
  cmin: number;
  hi: number;
  need: Int32Array;
  prefix: Int32Array;
}

/** The counted units, most shared first, and how many grams were scanned for each length. */
export interface Counted {
  order: Int32Array;
  n: number;
  scannedFor: (len: number) => number;
  postings: number;
}

/** Shared scratch (searches run one at a time): counts per slot, the slots counted, the order. */
let counts = new Uint16Array(0);
let touched = new Int32Array(0);
let ordered = new Int32Array(0);

/** The count of `slot` in the current scan. */
export function countOf(slot: number): number {
  return counts[slot] as number;
}

/** Index of the first entry >= `slot` in a sorted posting list. */
export function lowerBound(list: GrowableU32, slot: number): number {
  const data = list.data;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((data[mid] as number) < slot) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How often `slot` occurs in a sorted posting list (its bigram's occurrences in the unit). */
export function occurrences(list: GrowableU32, slot: number): number {
  let n = 0;
  for (let i = lowerBound(list, slot); i < list.length && list.data[i] === slot; i++) n++;
  return n;
}

/** First slot of the partition's sorted range with source length >= c. */
export function sortedFrom(p: Partition, c: number): number {
  const ls = p.lengthStart;
  return c < ls.length - 1 ? (ls[Math.max(0, c)] as number) : (ls[ls.length - 1] as number);
}

/** Counts one slice of a list: a unit adds one per occurrence up to the query's `mult`. */
function countSlice(data: Uint32Array, lo: number, up: number, mult: number, accept: ((s: number) => boolean) | undefined, nt: number): number {
  const c0 = counts;
  const t0 = touched;
  for (let i = lo, prev = -1, run = 0; i < up; i++) {
    const s = data[i] as number;
    run = s === prev ? run + 1 : 1;
    prev = s;
    if (run > mult || (accept && !accept(s))) continue;
    const k = c0[s] as number;
    c0[s] = k + 1;
    if (k === 0) t0[nt++] = s;
  }
  return nt;
}

/** Scans the lists of `grams` (rarest first) in partition `p` as `plan` says. Call {@link resetCounts} after use. */
export function scanCount(ix: NgramIndex, p: Partition, grams: readonly QueryGram[], plan: CountPlan): Counted {
  if (counts.length < ix.slotCount) {
    const size = Math.max(ix.slotCount, Math.ceil(counts.length * 1.5), 1024);
    counts = new Uint16Array(size);
    touched = new Int32Array(size);
  }
  const { cmin, hi, need, prefix } = plan;
  let extended = 0;
  const scannedFor = (len: number) => (len < cmin || len > hi || (need[len - cmin] as number) <= 0 ? 0 : Math.max(prefix[len - cmin] as number, extended));
  let maxPrefix = 0;
  let minPrefix = Infinity;
  prefix.forEach((x, i) => {
    if ((need[i] as number) <= 0) return;
    maxPrefix = Math.max(maxPrefix, x);
    minPrefix = Math.min(minPrefix, x);
  });
  const lengths = ix.sourceLength;
  const windowSize = (list: GrowableU32) => lowerBound(list, sortedFrom(p, hi + 1)) - lowerBound(list, sortedFrom(p, cmin)) + list.length - lowerBound(list, ix.sortedEnd);
  let nt = 0;
  let postings = 0;
  for (let r = 0; r < grams.length; r++) {
    const { list, mult } = grams[r] as QueryGram;
    if (extended === r && (r < minPrefix || !list || windowSize(list) <= SCAN_OVER_PROBE * nt)) extended = r + 1;
    if (r >= Math.max(maxPrefix, extended)) break;
    if (!list) continue;
    for (let c = cmin; c <= hi; c++) {
      if (scannedFor(c) <= r) continue;
      let end = c;
      while (end < hi && scannedFor(end + 1) > r) end++;
      const lo = lowerBound(list, sortedFrom(p, c));
      const up = lowerBound(list, sortedFrom(p, end + 1));
      postings += up - lo;
      nt = countSlice(list.data, lo, up, mult, undefined, nt);
      c = end;
    }
    const tail = lowerBound(list, ix.sortedEnd);
    postings += list.length - tail;
    nt = countSlice(list.data, tail, list.length, mult, (s) => scannedFor(lengths[s] as number) > r, nt);
  }
  const order = byCountDescending(nt, grams.reduce((s, g) => s + g.mult, 0), p, sortedFrom(p, cmin), sortedFrom(p, hi + 1));
  return { order, n: nt, scannedFor, postings };
}

/** Clears the counts of a scan. */
export function resetCounts(c: Counted): void {
  for (let i = 0; i < c.n; i++) counts[touched[i] as number] = 0;
}

/**
 * The first `n` touched slots ordered by descending count (counting sort, into a reused array);
 * within a count, by ascending slot when the slots touched are dense enough in the scanned range
 * that a sweep of it is cheaper than the cache misses it saves (see {@link SWEEP_DENSITY}).
 */
function byCountDescending(n: number, maxCount: number, p: Partition, lo: number, up: number): Int32Array {
  const start = new Int32Array(maxCount + 2);
  for (let i = 0; i < n; i++) {
    const bucket = maxCount - (counts[touched[i] as number] as number);
    start[bucket] = (start[bucket] as number) + 1;
  }
  for (let c = 0, sum = 0; c <= maxCount + 1; c++) {
    const k = start[c] as number;
    start[c] = sum;
    sum += k;
  }
  if (ordered.length < n) ordered = new Int32Array(Math.max(n, ordered.length * 2));
  const place = (s: number) => {
    const bucket = maxCount - (counts[s] as number);
    ordered[start[bucket] as number] = s;
    start[bucket] = (start[bucket] as number) + 1;
  };
  if (n * SWEEP_DENSITY < up - lo + p.tail.length) {
    for (let i = 0; i < n; i++) place(touched[i] as number);
    return ordered;
  }
  for (let s = lo; s < up; s++) if (counts[s] !== 0) place(s);
  for (let i = 0; i < p.tail.length; i++) {
    const s = p.tail.data[i] as number;
    if (counts[s] !== 0) place(s);
  }
  return ordered;
}
