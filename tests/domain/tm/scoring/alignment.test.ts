import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { align, scriptCost } from '../../../../src/domain/tm/scoring/alignment.js';
import { referenceAlign } from './alignment-reference.js';

const cps = (s: string) => Int32Array.from([...s].map((c) => c.codePointAt(0) as number));

/** A seeded generator of numbers in [0, 1), of texts over `alphabet` and of symbol arrays. */
function randomTexts(seed: number, alphabet: string) {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const gen = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
  /** `n` symbols below `size`. */
  const symbols = (n: number, size: number) => Array.from({ length: n }, () => Math.floor(rnd() * size));
  return { rnd, gen, symbols };
}

/** The edit distance of two symbol arrays (small symbols), by fastest-levenshtein. */
const leastDistance = (a: Int32Array, b: Int32Array) => distance(String.fromCharCode(...a.map((x) => x + 97)), String.fromCharCode(...b.map((x) => x + 97)));

describe('align', () => {
  it('returns a valid script of minimal cost on random pairs', () => {
    const { rnd, gen } = randomTexts(9, 'abcd');
    for (let t = 0; t < 1000; t++) {
      const a = gen(Math.floor(rnd() * 50));
      const b = rnd() < 0.5 ? gen(Math.floor(rnd() * 50)) : a.slice(2) + gen(3);
      const d = distance(a, b);
      const steps = align(cps(a), cps(b), d);
      expect(scriptCost(steps)).toBe(d);
      expect(steps.flatMap((s) => ('q' in s ? [s.q] : []))).toEqual([...a].map((_, i) => i));
      expect(steps.flatMap((s) => ('u' in s ? [s.u] : []))).toEqual([...b].map((_, i) => i));
      for (const s of steps) if (s.op === 'equal') expect(a[s.q]).toBe(b[s.u]);
    }
  });

  it('pairs a common suffix as the whole table would: the script of the texts without it, then the suffix equal (issue 12: the suffix is left out of the table)', () => {
    const { rnd, gen } = randomTexts(17, 'abc');
    for (let t = 0; t < 3000; t++) {
      const a = gen(Math.floor(rnd() * 30));
      const b = rnd() < 0.3 ? gen(Math.floor(rnd() * 30)) : a.slice(Math.floor(rnd() * 3)) + gen(Math.floor(rnd() * 4));
      const tail = gen(1 + Math.floor(rnd() * 6));
      const d = distance(a, b);
      const head = align(cps(a), cps(b), d);
      const whole = align(cps(a + tail), cps(b + tail), d);
      expect(whole).toEqual([...head, ...[...tail].map((_, k) => ({ op: 'equal', q: a.length + k, u: b.length + k }))]);
    }
  });

  it('gives the script the whole table gives (no band, no suffix left out), step for step, with repeated symbols, shared tails and heads and a known distance above the least (issue 12: the suffix paired outside the table must not change any script)', () => {
    const { rnd, symbols } = randomTexts(23, 'ab');
    for (let t = 0; t < 4000; t++) {
      const alphabet = 1 + Math.floor(rnd() * 3);
      const head = symbols(Math.floor(rnd() * 5), alphabet);
      const tail = symbols(Math.floor(rnd() * 6), alphabet);
      const a = Int32Array.from([...(rnd() < 0.3 ? head : []), ...symbols(Math.floor(rnd() * 20), alphabet), ...tail]);
      const b = Int32Array.from([...(rnd() < 0.3 ? head : []), ...symbols(Math.floor(rnd() * 20), alphabet), ...tail]);
      const least = leastDistance(a, b);
      const d = least + (t % 3 === 0 ? Math.floor(rnd() * 3) : 0);
      expect(align(a, b, d)).toEqual(referenceAlign(a, b));
    }
  });

  it('gives the whole table\'s script when the lengths differ by much and the known distance is above the least, odd or even (issue 12, ninth round: only the diagonals a path of cost d can cross are filled, |t| + |m - n - t| <= d)', () => {
    const { rnd, symbols } = randomTexts(31, 'ab');
    for (let t = 0; t < 4000; t++) {
      const alphabet = 1 + Math.floor(rnd() * 4);
      const base = symbols(Math.floor(rnd() * 25), alphabet);
      const a = Int32Array.from(base);
      // Edited copies: a few substitutions, insertions and deletions, and often a run inserted, so one side is much longer.
      const edited = [...base];
      for (let e = Math.floor(rnd() * 6); e > 0; e--) {
        const at = Math.floor(rnd() * (edited.length + 1));
        const kind = rnd();
        if (kind < 0.4) edited[Math.min(at, edited.length - 1)] = Math.floor(rnd() * alphabet);
        else if (kind < 0.7) edited.splice(at, 1);
        else edited.splice(at, 0, Math.floor(rnd() * alphabet));
      }
      if (rnd() < 0.6) edited.splice(Math.floor(rnd() * (edited.length + 1)), 0, ...symbols(1 + Math.floor(rnd() * 12), alphabet));
      const b = Int32Array.from(edited.filter((x) => x !== undefined));
      const [q, u] = rnd() < 0.5 ? [a, b] : [b, a];
      const least = leastDistance(q, u);
      const d = least + (t % 2 === 0 ? Math.floor(rnd() * 4) : 0);
      expect(align(q, u, d)).toEqual(referenceAlign(q, u));
    }
  });

  it('gives the whole table\'s script for a table too large to keep between calls, and again for small ones after it (issue 12, ninth round: the traceback\'s table is reused up to 64 KB)', () => {
    const { rnd } = randomTexts(41, 'ab');
    const long = Int32Array.from({ length: 1_200 }, () => Math.floor(rnd() * 3));
    const edited = Int32Array.from([...long].map((x) => (rnd() < 0.08 ? (x + 1) % 3 : x)).filter(() => rnd() > 0.03));
    expect((long.length + 1) * (leastDistance(long, edited) + 1)).toBeGreaterThan(65_536);
    for (const [q, u] of [[long, edited], [edited.slice(0, 40), long.slice(0, 45)], [long, edited]] as const) {
      expect(align(q, u, leastDistance(q, u))).toEqual(referenceAlign(q, u));
    }
  });

  it('gives the whole table\'s script for tables between the first kept table (4 KB) and the most kept (64 KB), before and after a larger one (issue 12, ninth round: the kept table grows)', () => {
    const { rnd } = randomTexts(43, 'ab');
    const pair = (n: number): [Int32Array, Int32Array] => {
      const q = Int32Array.from({ length: n }, () => Math.floor(rnd() * 4));
      return [q, Int32Array.from([...q].map((x) => (rnd() < 0.2 ? (x + 1) % 4 : x)).filter(() => rnd() > 0.08))];
    };
    const mid = [pair(150), pair(220), pair(250)];
    for (const [q, u] of mid) {
      const cells = (q.length + 1) * (leastDistance(q, u) + 1);
      expect(cells).toBeGreaterThan(4_096);
      expect(cells).toBeLessThan(65_536);
    }
    const big = pair(1_500);
    for (const [q, u] of [...mid, big, ...mid, pair(30)]) expect(align(q, u, leastDistance(q, u))).toEqual(referenceAlign(q, u));
  });

  it('pairs 鲁班工坊 inside 鲁班工坊建设 as equal and deletes the rest', () => {
    expect(align(cps('鲁班工坊'), cps('鲁班工坊建设'), 2).map((s) => s.op)).toEqual(['equal', 'equal', 'equal', 'equal', 'delete', 'delete']);
  });
});
