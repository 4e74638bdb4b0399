import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { prng } from '../../../../bench/synthetic.js';
import { levenshtein, MyersPattern } from '../../../../src/domain/tm/scoring/levenshtein.js';

const rnd = prng(42);
const word = (n: number, alphabet: number) => Array.from({ length: n }, () => String.fromCharCode(0x4e00 + Math.floor(rnd() * alphabet))).join('');
const cps = (s: string) => Int32Array.from([...s].map((c) => c.codePointAt(0) as number));

describe('Myers bit-parallel Levenshtein against fastest-levenshtein', () => {
  it('agrees on short (one block) and long (multi-block) random strings', () => {
    for (let t = 0; t < 3000; t++) {
      const a = word(Math.floor(rnd() * (t % 2 ? 32 : 200)), 2 + Math.floor(rnd() * 6));
      const b = rnd() < 0.5 ? word(Math.floor(rnd() * 200), 4) : a.slice(Math.floor(rnd() * 3)) + word(Math.floor(rnd() * 4), 4);
      expect(levenshtein(cps(a), cps(b))).toBe(distance(a, b));
    }
  });

  it('with a bound, is exact at or under it and reports "more" above it', () => {
    for (let t = 0; t < 3000; t++) {
      const a = word(Math.floor(rnd() * 100), 3);
      const b = a.slice(0, Math.floor(rnd() * a.length)) + word(Math.floor(rnd() * 8), 3) + a.slice(Math.floor(rnd() * a.length));
      const max = Math.floor(rnd() * 30);
      const d = distance(a, b);
      const got = levenshtein(cps(a), cps(b), max);
      if (d <= max) expect(got).toBe(d);
      else expect(got).toBeGreaterThan(max);
    }
  });

  it('is exact at the block edges: 32, 33, 64 and 65 symbols', () => {
    for (const n of [31, 32, 33, 63, 64, 65]) {
      const a = word(n, 5);
      const b = word(n + 1, 5);
      expect(levenshtein(cps(a), cps(b))).toBe(distance(a, b));
      expect(levenshtein(cps(b), cps(a))).toBe(distance(b, a));
    }
  });

  it('handles empty sides and symbols above the UTF-16 range', () => {
    expect(levenshtein([], [1, 2, 3])).toBe(3);
    expect(levenshtein([0x110000, 0x20000], [])).toBe(2);
    expect(levenshtein([0x110000, 0x20000, 7], [0x110000, 7])).toBe(1);
  });

  it('reads a window of a text and uses a dense table when symbols are small', () => {
    const p = new MyersPattern([1, 2, 3], 10);
    expect(p.distance([9, 9, 1, 2, 4, 9], 2, 5)).toBe(1);
  });
});

describe('Myers with a dense mask table (the index path)', () => {
  it('agrees with fastest-levenshtein for 1 to 6 blocks, with and without a bound', () => {
    for (let t = 0; t < 3000; t++) {
      const n = [20, 32, 33, 50, 64, 65, 90, 96, 97, 130, 170][t % 11] as number;
      const a = Array.from({ length: n }, () => Math.floor(rnd() * 6));
      const b = rnd() < 0.5 ? Array.from({ length: Math.floor(rnd() * 200) }, () => Math.floor(rnd() * 6)) : [...a.slice(2), 1, 2];
      const str = (x: number[]) => String.fromCharCode(...x.map((c) => 0x4e00 + c));
      const d = distance(str(a), str(b));
      const p = new MyersPattern(a, 8);
      expect(p.distance(b)).toBe(d);
      const max = Math.floor(rnd() * 60);
      const got = p.distance(b, 0, b.length, max);
      if (d <= max) expect(got).toBe(d);
      else expect(got).toBeGreaterThan(max);
    }
  });
});
