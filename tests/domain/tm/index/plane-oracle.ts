/**
 * The oracle of the planes' tests (plane-sweep.test.ts, signature-planes.test.ts): what a sweep
 * must hand over, counted slot by slot from each unit's symbols, and a sweep's survivors as pairs.
 */
import { expect } from 'vitest';
import { prng } from '../../../../bench/synthetic.js';
import type { NgramIndex } from '../../../../src/domain/tm/index/ngram-index.js';
import { PlaneSurvivors, type SlotPlanes } from '../../../../src/domain/tm/index/plane-sweep.js';
import { bucket } from '../../../../src/domain/tm/index/signatures.js';

export const rnd = prng(17);
export const text = (n: number, alphabet: number) => Array.from({ length: n }, () => String.fromCharCode(0x4e00 + Math.floor(rnd() * alphabet))).join('');
/** Distinct buckets of some symbols. */
export const buckets = (symbols: ArrayLike<number>) => new Set(Array.from(symbols, (s) => bucket(s)));

/** Per slot of an index, against one query: buckets shared, the slot's own buckets, and the query's symbols in buckets it lacks. */
interface Counts { ix: NgramIndex; layout: number; shared: Int32Array; size: Int32Array; missed: Int32Array; querySize: number }
const counted = new WeakMap<Int32Array, Counts>();

/** {@link Counts} of every sorted slot of `ix` against `query`, counted slot by slot (memoised per query, for one layout). */
export function countsOf(ix: NgramIndex, query: Int32Array): Counts {
  let c = counted.get(query);
  if (c && c.ix === ix && c.layout === ix.layout) return c;
  const weights = new Map<number, number>();
  for (const s of query) weights.set(bucket(s), (weights.get(bucket(s)) ?? 0) + 1);
  const n = ix.sortedEnd;
  c = { ix, layout: ix.layout, shared: new Int32Array(n), size: new Int32Array(n), missed: new Int32Array(n), querySize: weights.size };
  for (let s = 0; s < n; s++) {
    const own = buckets(ix.sourceOf(s));
    c.size[s] = own.size;
    for (const [b, count] of weights) {
      if (own.has(b)) c.shared[s]!++;
      else c.missed[s]! += count;
    }
  }
  counted.set(query, c);
  return c;
}

/**
 * What a sweep of [lo, hi) must hand over, with the count of shared buckets: each slot sharing
 * at least `need` buckets with the query, lacking at most `slack` of its own, and missing at
 * most |Q| - `need` of the query's symbols (a bucket it lacks counted once per query symbol in
 * it; not applied past 511).
 */
export function expected(ix: NgramIndex, query: Int32Array, lo: number, hi: number, need: number, slack = Infinity): [number, number][] {
  const { shared, size, missed, querySize } = countsOf(ix, query);
  const spare = querySize - need;
  const out: [number, number][] = [];
  for (let s = lo; s < hi; s++) {
    if (shared[s]! >= need && size[s]! - shared[s]! <= slack && (spare >= 512 || missed[s]! <= spare)) out.push([s, shared[s]!]);
  }
  return out;
}

export function swept(planes: SlotPlanes, lo: number, hi: number, need: number, slack = Infinity): [number, number][] {
  const into = new PlaneSurvivors();
  const n = planes.sweep(lo, hi, need, slack, into);
  expect(into.n).toBe(n);
  return Array.from({ length: n }, (_, i) => [into.slots[i] as number, into.shared[i] as number]);
}
