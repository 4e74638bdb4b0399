/**
 * The planes' sweep (plane-sweep.ts) hands over exactly the slots of a range whose shared-bucket
 * count reaches the bound, with that count, whatever the range's alignment to 32-slot words and
 * however many buckets the query has (counters of up to 9 bits).
 */
import { describe, expect, it } from 'vitest';
import { NgramIndex } from '../../../../src/domain/tm/index/ngram-index.js';
import { PlaneSurvivors, SlotPlanes } from '../../../../src/domain/tm/index/plane-sweep.js';
import { bucket } from '../../../../src/domain/tm/index/signatures.js';
import { buckets, countsOf, expected, rnd, swept, text } from './plane-oracle.js';

/**
 * A sealed index of units of every length 1-60, with 0-45 units a length, so that length runs
 * start and end inside words, and a few of 150-2,000 symbols that fill most or all of the 256
 * buckets (counts of 128 and 256 need the counters' top bits).
 */
function index(): NgramIndex {
  const ix = new NgramIndex();
  let id = 0;
  const add = (source: string) => ix.stage({ id: ++id, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source, target: 'x' });
  for (let len = 1; len <= 60; len++) {
    for (let i = Math.floor(rnd() * 46); i > 0; i--) add(text(len, 10 + len * 20));
  }
  for (const len of [150, 300, 300, 2000, 2000]) add(text(len, 6000));
  ix.seal();
  return ix;
}

describe('the planes\' sweep equals counting shared buckets slot by slot', () => {
  const ix = index();
  const n = ix.sortedEnd;
  const known = ix.sourceSymbols.size;
  // Queries: units of the index; one with symbols the index has never seen (ids past its alphabet);
  // one of 400 distinct symbols (|Q| near 256: every counter bit in use); an empty one.
  const queries: [string, Int32Array][] = [
    ...[3, n >> 1, n - 3, n - 1].map((s): [string, Int32Array] => [`unit ${s}`, Int32Array.from(ix.sourceOf(s))]),
    ['unknown symbols', Int32Array.from([...ix.sourceOf(n >> 2)].flatMap((s, i) => (i % 2 ? [s, known + i] : [s])))],
    ['400 distinct symbols', Int32Array.from({ length: 400 }, (_, i) => i % (known + 50))],
    ['empty', new Int32Array(0)],
  ];

  for (const [name, query] of queries) {
    it(`${name}: every length run and random ranges, needs from none to more than |Q|`, () => {
      const planes = new SlotPlanes(ix, query);
      expect(planes.querySize).toBe(buckets(query).size);
      if (name === '400 distinct symbols') expect(planes.querySize).toBeGreaterThan(250);
      if (name === `unit ${n - 1}`) expect(planes.querySize).toBe(256);
      const p = ix.partitions[0]!;
      const ranges: [number, number][] = [];
      for (let c = 0; c + 1 < p.lengthStart.length; c++) ranges.push([p.lengthStart[c]!, p.lengthStart[c + 1]!]);
      for (let i = 0; i < 40; i++) {
        const lo = Math.floor(rnd() * n);
        ranges.push([lo, Math.min(n, lo + 1 + Math.floor(rnd() * 200))]);
      }
      ranges.push([0, n], [31, 33], [32, 64], [5, 6]);
      const Q = planes.querySize;
      for (const [lo, hi] of ranges) {
        for (const need of [-3, 0, 1, Q >> 2, Q >> 1, Q - 1, Q, Q + 1]) {
          expect(swept(planes, lo, hi, need), `[${lo}, ${hi}) need ${need}`).toEqual(expected(ix, query, lo, hi, need));
        }
        for (const slack of [-1, 0, 2, 10]) {
          expect(swept(planes, lo, hi, 1, slack), `[${lo}, ${hi}) slack ${slack}`).toEqual(expected(ix, query, lo, hi, 1, slack));
        }
      }
    });
  }

  it('writes its slots into the caller\'s survivors: past their first 1,024 (they grow), and a later run holds only its own', () => {
    const query = Int32Array.from(ix.sourceOf(n >> 1));
    const planes = new SlotPlanes(ix, query);
    const into = new PlaneSurvivors();
    const room = into.slots.length;
    expect(n).toBeGreaterThan(room);
    expect(planes.sweep(0, n, -3, Infinity, into)).toBe(n);
    expect(into.slots.length).toBeGreaterThanOrEqual(n);
    expect(Array.from(into.slots.subarray(0, n))).toEqual(Array.from({ length: n }, (_, s) => s));
    expect(Array.from(into.shared.subarray(0, n))).toEqual(Array.from(countsOf(ix, query).shared));
    const some = expected(ix, query, 40, 300, planes.querySize >> 1);
    expect(planes.sweep(40, 300, planes.querySize >> 1, Infinity, into)).toBe(some.length);
    expect(into.n).toBe(some.length);
    expect(Array.from({ length: into.n }, (_, i) => [into.slots[i], into.shared[i]])).toEqual(some);
    expect(planes.sweep(40, 300, planes.querySize + 1, Infinity, into)).toBe(0);
    expect(into.n).toBe(0);
  });

  it('every need from 0 to |Q| + 1 (a slot may miss from |Q| planes down to none: miss counters of 1 to 9 bits), on ranges that start and end inside words', () => {
    for (const query of [Int32Array.from(ix.sourceOf(n >> 1)), Int32Array.from(ix.sourceOf(n - 1)), Int32Array.from({ length: 400 }, (_, i) => i % (known + 50))]) {
      const planes = new SlotPlanes(ix, query);
      const Q = planes.querySize;
      for (const [lo, hi] of [[0, n], [7, n - 9], [33, 95]] as const) {
        // Every need near |Q| (spares 0-20), then every eighth: each counter width from 1 to 9 bits.
        for (let need = 0; need <= Q + 1; need++) {
          if (need < Q - 20 && need % 8 !== 0) continue;
          for (const slack of [Infinity, 3]) {
            expect(swept(planes, lo, hi, need, slack), `|Q| ${Q}, [${lo}, ${hi}) need ${need} slack ${slack}`).toEqual(expected(ix, query, lo, hi, need, slack));
          }
        }
      }
    }
  });

  it('counts a bucket the unit lacks once per query symbol in it: a unit missing a repeated character is dropped where counting buckets kept it', () => {
    const small = new NgramIndex();
    small.stage({ id: 1, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: '乙丙丁戊', target: 'x' });
    small.stage({ id: 2, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: '甲乙丙丁', target: 'x' });
    small.seal();
    const query = Int32Array.from([...'甲甲甲甲乙丙丁戊'], (ch) => small.sourceSymbols.get(ch.codePointAt(0)!) as number);
    expect(buckets(query).size).toBe(5);
    const planes = new SlotPlanes(small, query);
    const slotOf = (id: number) => [0, 1].find((s) => small.unitIds[s] === id)!;
    // Both share 4 of the 5 buckets; the first misses the 4 甲 (4 edits at least), the second only 戊.
    const kept = swept(planes, 0, 2, 3).map(([slot]) => small.unitIds[slot]);
    expect(kept).toEqual([2]);
    expect(swept(planes, 0, 2, 1).map(([slot]) => small.unitIds[slot]).sort()).toEqual([1, 2]);
    expect(swept(planes, 0, 2, 3)).toEqual([[slotOf(2), 4]]);
  });

  it('the bound on both sides: a slot is admitted exactly when |Q| - S + max(0, c - L) <= k and |U| - S + max(0, L - c) <= k', () => {
    const query = Int32Array.from(ix.sourceOf(n >> 1));
    const planes = new SlotPlanes(ix, query);
    const q = buckets(query);
    const L = query.length;
    for (const [slot, shared] of swept(planes, 0, n, -1)) {
      const len = ix.sourceLength[slot]!;
      const u = buckets(ix.sourceOf(slot)).size;
      for (const k of [0, 3, 10, 30]) {
        const bound = Math.max(u - shared + Math.max(0, L - len), q.size - shared + Math.max(0, len - L));
        expect(planes.admits(slot, len, shared, k), `slot ${slot}, k ${k}`).toBe(bound <= k);
      }
    }
  });

  it('the death edge of the widest miss counters: a slot missing exactly the spare survives and one more dies, for spares at each end of 7, 8 and 9 bits; past 511 none dies', () => {
    // Three symbols in three buckets; the query holds the first `spare` times, so a unit that
    // lacks it misses `spare` query symbols at once, and one that also lacks a second misses one
    // more. A sweep's spare is |Q| - need (here 3 - need), so a need of 3 - spare puts the edge
    // there: the counters are 7 bits wide for spares 64-127, 8 for 128-255, 9 for 256-511, and
    // start at 0 for 127, 255 and 511 (every bit carries at the death) or at 2^(bits-1) - 1 for
    // 64, 128 and 256 (the first miss carries into the top bit).
    const shapesOf = (a: string, b: string, c: string) => ({ all: a + b + c, lacksA: b + c, lacksAB: c, lacksAC: b, onlyA: a });
    const build = (shapes: Record<string, string>) => {
      const ix = new NgramIndex();
      Object.values(shapes).forEach((source, i) => ix.stage({ id: i + 1, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source, target: 'x' }));
      ix.seal();
      return ix;
    };
    // 甲, 乙 and the first character of a list whose symbol falls in a third bucket.
    const bucketOf = (ix: NgramIndex, ch: string) => bucket(ix.sourceSymbols.get(ch.codePointAt(0)!) as number);
    const [a, b] = ['甲', '乙'];
    let c = '';
    let units = new NgramIndex();
    for (const third of '丙丁戊己庚辛壬癸') {
      [c, units] = [third, build(shapesOf(a, b, third))];
      if (new Set([a, b, c].map((ch) => bucketOf(units, ch))).size === 3) break;
    }
    const shapes = shapesOf(a, b, c);
    const sym = (ch: string) => units.sourceSymbols.get(ch.codePointAt(0)!) as number;
    expect(new Set([a, b, c].map((ch) => bucket(sym(ch)))).size).toBe(3);
    const names = Object.keys(shapes);
    const kept = (planes: SlotPlanes, need: number) => swept(planes, 0, units.sortedEnd, need).map(([slot]) => names[(units.unitIds[slot] as number) - 1]).sort();
    for (const spare of [64, 127, 128, 255, 256, 511]) {
      const query = Int32Array.from([...Array<number>(spare).fill(sym(a)), sym(b), sym(c)]);
      const planes = new SlotPlanes(units, query);
      expect(planes.querySize).toBe(3);
      // lacksA misses `spare` symbols, lacksAB and lacksAC one more, onlyA two.
      expect(kept(planes, 3 - spare), `spare ${spare}`).toEqual(['all', 'lacksA', 'onlyA']);
      expect(kept(planes, 3 - spare - 1), `spare ${spare + 1}`).toEqual(['all', 'lacksA', 'lacksAB', 'lacksAC', 'onlyA']);
      expect(kept(planes, 3 - spare + 1), `spare ${spare - 1}`).toEqual(['all', 'onlyA']);
      expect(swept(planes, 0, units.sortedEnd, 3 - spare)).toEqual(expected(units, query, 0, units.sortedEnd, 3 - spare));
    }
    // A spare of 512 is past the 9-bit counters: nothing is counted dead by its misses.
    const wide = Int32Array.from([...Array<number>(600).fill(sym(a)), sym(b), sym(c)]);
    expect(kept(new SlotPlanes(units, wide), 3 - 512)).toEqual(['all', 'lacksA', 'lacksAB', 'lacksAC', 'onlyA']);
    expect(kept(new SlotPlanes(units, wide), 3 - 511)).toEqual(['all', 'onlyA']);
  });
});
