/**
 * A lookup's candidates sorted only as far as they are read (candidate-order.ts): every prefix
 * asked for, in the steps a lookup asks (limit, then chunks that double) or in any other, is the
 * full sort's prefix, for lists with many ties of base and time (the id decides), unknown times,
 * and lists already in order or reversed.
 */
import { describe, expect, it } from 'vitest';
import { prng } from '../../../../bench/synthetic.js';
import { CandidateOrder } from '../../../../src/domain/tm/scoring/candidate-order.js';
import { compareCandidates, type IndexedCandidate } from '../../../../src/domain/tm/scoring/matcher.js';

function candidates(n: number, rnd: () => number): IndexedCandidate[] {
  const ids = new Set<number>();
  while (ids.size < n) ids.add(1 + Math.floor(rnd() * 10 * n));
  // Few bases and few times: most order is decided by the ties' tie-breaks.
  return [...ids].map((unitId) => ({ unitId, base: 70 + Math.floor(rnd() * 4) * 10, updatedAt: rnd() < 0.1 ? NaN : 1_700_000_000_000 + Math.floor(rnd() * 3) }));
}

describe('candidates in reading order', () => {
  it('give the full sort\'s prefix at every step a lookup reads, whatever the list', () => {
    const rnd = prng(5);
    for (let round = 0; round < 300; round++) {
      const n = [0, 1, 5, 63, 64, 65, 200, 1_500][round % 8] as number;
      let list = candidates(n, rnd);
      if (round % 3 === 1) list = [...list].sort(compareCandidates);
      if (round % 3 === 2) list = [...list].sort(compareCandidates).reverse();
      const expected = [...list].sort(compareCandidates);
      const order = new CandidateOrder([...list]);
      const limit = 1 + Math.floor(rnd() * 10);
      for (let i = 0, size = limit; i < n + size; i += size, size *= 2) {
        const got = order.first(i + size);
        expect(got.length).toBe(n);
        expect(got.slice(0, i + size)).toEqual(expected.slice(0, i + size));
      }
      expect(new Set(order.first(n).map((c) => c.unitId)).size).toBe(n);
    }
  });

  it('keep a prefix once sorted when asked for a shorter one, and sort the rest when asked for more than there are', () => {
    const list = candidates(500, prng(9));
    const expected = [...list].sort(compareCandidates);
    const order = new CandidateOrder(list);
    expect(order.first(10).slice(0, 10)).toEqual(expected.slice(0, 10));
    expect(order.first(3).slice(0, 10)).toEqual(expected.slice(0, 10));
    expect(order.first(40).slice(0, 40)).toEqual(expected.slice(0, 40));
    expect(order.first(10_000)).toEqual(expected);
  });
});
