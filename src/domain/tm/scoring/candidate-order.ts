/**
 * A lookup's candidates in the order the collector reads them ({@link compareCandidates}), sorted
 * only as far as they are read (issue 12, eighth round). The index hands back every unit that can
 * reach the floor, unordered: at 1M units 1,000-1,800 of them for many lookups (a sentence in
 * hundreds of variants), of which the collector reads a handful before the rest cannot enter
 * (matcher.ts `MatchCollector.take`). Sorting them all took some 450 µs of CPU for 1,500 and 90
 * for 300 (load 9). The order is total (the unit id breaks every tie), so a prefix brought to the
 * front by selection and sorted is the full sort's prefix: the collector reads the same units in
 * the same order.
 *
 * A prefix is extended by a quickselect (median-of-three pivots, Hoare's partition) of the rest for
 * the next `n` candidates, then a sort of those; once a prefix would reach a quarter of what is
 * left, or what is left is small, the rest is sorted whole.
 */
import { compareCandidates, type IndexedCandidate } from './matcher.js';

/** Below this many unsorted candidates, sorting them all costs about what selecting would. */
const SORT_WHOLE_BELOW = 64;

/** Candidates whose first `sorted` are in {@link compareCandidates} order and precede every other one. */
export class CandidateOrder<C extends IndexedCandidate> {
  private sorted = 0;

  /** Takes `candidates` and reorders it in place. */
  constructor(private readonly candidates: C[]) {}

  /** The candidates, their first `n` (or all, when fewer) in order and ahead of the others. */
  first(n: number): readonly C[] {
    const all = this.candidates;
    const want = Math.min(n, all.length);
    if (want <= this.sorted) return all;
    const left = all.length - this.sorted;
    if (left < SORT_WHOLE_BELOW || 4 * (want - this.sorted) >= left) {
      sortRange(all, this.sorted, all.length);
      this.sorted = all.length;
      return all;
    }
    select(all, this.sorted, all.length - 1, want - 1);
    sortRange(all, this.sorted, want);
    this.sorted = want;
    return all;
  }
}

/** Sorts `a[from, to)` in place. */
function sortRange<C extends IndexedCandidate>(a: C[], from: number, to: number): void {
  const part = a.slice(from, to).sort(compareCandidates);
  for (let i = 0; i < part.length; i++) a[from + i] = part[i] as C;
}

function swap<C>(a: C[], i: number, j: number): void {
  const t = a[i] as C;
  a[i] = a[j] as C;
  a[j] = t;
}

/** Reorders `a[lo, hi]` so that `a[k]` is the one the order puts there, none after it before it and none before it after it. */
function select<C extends IndexedCandidate>(a: C[], lo: number, hi: number, k: number): void {
  let l = lo;
  let h = hi;
  while (l < h) {
    // Median of three as the pivot, so that a list already in order is not the worst case.
    const mid = (l + h) >>> 1;
    if (compareCandidates(a[mid] as C, a[l] as C) < 0) swap(a, mid, l);
    if (compareCandidates(a[h] as C, a[l] as C) < 0) swap(a, h, l);
    if (compareCandidates(a[h] as C, a[mid] as C) < 0) swap(a, h, mid);
    const pivot = a[mid] as C;
    let i = l;
    let j = h;
    while (i <= j) {
      while (compareCandidates(a[i] as C, pivot) < 0) i++;
      while (compareCandidates(a[j] as C, pivot) > 0) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) h = j;
    else if (k >= i) l = i;
    else return;
  }
}
