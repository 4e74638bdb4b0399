/**
 * The banded kernel (three or more 32-bit blocks, dense masks) against a plain dynamic program:
 * exact at or under the bound, "more" above it, on random and adversarial pairs, with bounds
 * just under, at and over the distance, and on texts of astral characters (code points, as the
 * index's keys hold them). Dense patterns skip their common prefix and suffix with the text
 * (one, two or more blocks): every split across block edges, and the kernel's start column.
 */
import { describe, expect, it } from 'vitest';
import { prng } from '../../../../bench/synthetic.js';
import { bandedDistance } from '../../../../src/domain/tm/scoring/banded-myers.js';
import { MyersPattern } from '../../../../src/domain/tm/scoring/levenshtein.js';

const rnd = prng(2026);

/** Wagner-Fischer over two symbol arrays: the reference. */
function reference(a: readonly number[], b: readonly number[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length] as number;
}

/** `a` with `edits` random insertions, deletions and substitutions over `alphabet` symbols. */
function edited(a: readonly number[], edits: number, alphabet: number): number[] {
  const b = [...a];
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(rnd() * (b.length + 1));
    const r = rnd();
    if (r < 1 / 3) b.splice(i, 0, Math.floor(rnd() * alphabet));
    else if (r < 2 / 3) b.splice(i, 1);
    else if (i < b.length) b[i] = Math.floor(rnd() * alphabet);
  }
  return b;
}

const randomText = (n: number, alphabet: number) => Array.from({ length: n }, () => Math.floor(rnd() * alphabet));

/** Checks the pattern against `b` at bounds around the distance and at a few others. */
function agrees(a: readonly number[], b: readonly number[], alphabet: number): void {
  if (b.length === 0) return;
  const d = reference(a, b);
  const p = new MyersPattern(a, alphabet);
  expect(p.distance(b)).toBe(d);
  for (const max of [d - 2, d - 1, d, d + 1, d + 7, Math.floor(rnd() * a.length)]) {
    if (max < 0) continue;
    const got = p.distance(b, 0, b.length, max);
    if (d <= max) expect(got, `|a| ${a.length}, |b| ${b.length}, max ${max}`).toBe(d);
    else expect(got, `|a| ${a.length}, |b| ${b.length}, max ${max}`).toBeGreaterThan(max);
  }
}

describe('banded Myers over three or more blocks', () => {
  it('agrees with the dynamic program on random near copies and unrelated texts, 65 to 300 symbols', () => {
    for (let t = 0; t < 600; t++) {
      const alphabet = 2 + Math.floor(rnd() * 12);
      const a = randomText(65 + Math.floor(rnd() * 236), alphabet);
      const share = [0.02, 0.1, 0.3, 0.6][t % 4] as number;
      const b = t % 5 === 4 ? randomText(Math.max(1, a.length + Math.floor((rnd() - 0.5) * 80)), alphabet) : edited(a, Math.floor(a.length * share), alphabet);
      agrees(a, b, alphabet);
    }
  });

  it('agrees on adversarial pairs: reordered halves, shifted copies, one repeated symbol, nothing shared, the length gap at the bound', () => {
    for (const n of [65, 96, 97, 128, 129, 170, 257]) {
      const a = randomText(n, 20);
      const half = n >> 1;
      agrees(a, [...a.slice(half), ...a.slice(0, half)], 20); // clauses in the other order
      agrees(a, [...randomText(40, 20), ...a], 20); // a prefix added: the band's lower edge
      agrees(a, a.slice(33), 20); // a block's worth deleted from the start
      agrees(a, [...a, ...randomText(40, 20)], 20);
      agrees(Array.from({ length: n }, () => 3), Array.from({ length: n - 5 }, () => 3), 20);
      agrees(a, a.map((s) => s + 20), 40); // no symbol shared
      const b = a.slice(0, n - 10);
      const p = new MyersPattern(a, 20);
      expect(p.distance(b, 0, b.length, 10)).toBe(10); // the length gap alone, exactly the bound
      expect(p.distance(b, 0, b.length, 9)).toBeGreaterThan(9);
    }
  });

  it('is exact on keys of astral characters (surrogate pairs in UTF-16), given as code points mapped to dense ids', () => {
    const chars = ['𠀀', '𠀁', '𪚥', '𰻞', '中', '亚', '𝔸', '😀'];
    const ids = new Map(chars.map((c, i) => [c.codePointAt(0) as number, i]));
    const key = (s: string) => [...s].map((c) => ids.get(c.codePointAt(0) as number) as number);
    for (let t = 0; t < 200; t++) {
      const a = Array.from({ length: 70 + Math.floor(rnd() * 120) }, () => chars[Math.floor(rnd() * chars.length)]).join('');
      expect(a.length).toBeGreaterThan([...a].length); // UTF-16 longer than the code points
      const b = String.fromCodePoint(...edited(key(a), Math.floor(rnd() * 20), chars.length).map((i) => chars[i]?.codePointAt(0) as number));
      agrees(key(a), key(b), chars.length);
    }
  });

  it('reads a window of a larger text, as the index reads its arena', () => {
    const a = randomText(100, 6);
    const b = edited(a, 8, 6);
    const arena = Uint32Array.from([...randomText(50, 6), ...b, ...randomText(50, 6)]);
    const d = reference(a, b);
    expect(new MyersPattern(a, 6).distance(arena, 50, 50 + b.length, d)).toBe(d);
  });

  it('reports "more" as soon as the band is empty: a pattern and a text with nothing in common', () => {
    const a = randomText(200, 8);
    const peq = new Int32Array(16 * 7);
    a.forEach((s, i) => { peq[s * 7 + (i >> 5)]! |= 1 << (i & 31); });
    const scratch = { pv: new Int32Array(7), mv: new Int32Array(7), score: new Int32Array(7) };
    const text = Array.from({ length: 200 }, () => 9);
    expect(bandedDistance(peq, 7, 200, scratch, text, 0, 200, 20)).toBeGreaterThan(20);
    expect(bandedDistance(peq, 7, 200, scratch, text, 0, 200, Infinity)).toBe(200);
  });
});

describe('dense patterns skip the common prefix and suffix (one, two and banded blocks)', () => {
  it('agrees with the dynamic program for every split of prefix, edited middle and suffix, across block edges', () => {
    for (const m of [1, 2, 5, 31, 32, 33, 40, 63, 64, 65, 90, 96, 97, 130, 200]) {
      const a = randomText(m, 6);
      const cuts = [...new Set([0, 1, 2, 31, 32, 33, 63, 64, 65, 97, m >> 1, m - 1, m].filter((c) => c >= 0 && c <= m))];
      for (const prefix of cuts) {
        for (const suffix of cuts) {
          if (prefix + suffix > m) continue;
          const middle = a.slice(prefix, m - suffix);
          for (const b of [
            [...a.slice(0, prefix), ...edited(middle, 1 + Math.floor(rnd() * 6), 6), ...a.slice(m - suffix)],
            [...a.slice(0, prefix), ...randomText(Math.floor(rnd() * 40), 6), ...a.slice(m - suffix)],
            [...a.slice(0, prefix), ...a.slice(m - suffix)],
          ]) agrees(a, b, 6);
        }
      }
      agrees(a, [...a, ...randomText(5, 6)], 6);
      agrees(a, [...randomText(5, 6), ...a], 6);
      agrees(a, a, 6);
    }
  });

  it('counts a prefix and a suffix that overlap once: runs of one symbol, of other lengths', () => {
    for (const [m, n] of [[3, 5], [5, 3], [32, 40], [40, 32], [64, 70], [70, 64], [100, 130], [130, 100], [97, 96]] as const) {
      agrees(Array.from({ length: m }, () => 2), Array.from({ length: n }, () => 2), 6);
      agrees([...Array.from({ length: m }, () => 2), 4], [...Array.from({ length: n }, () => 2), 4], 6);
    }
  });

  it('the banded kernel starts at column `skip`, as if the text began with the pattern\'s first `skip` symbols', () => {
    const a = randomText(150, 8);
    const peq = new Int32Array(8 * 5);
    a.forEach((s, i) => { peq[s * 5 + (i >> 5)]! |= 1 << (i & 31); });
    const scratch = { pv: new Int32Array(5), mv: new Int32Array(5), score: new Int32Array(5) };
    for (const skip of [1, 20, 31, 32, 33, 64, 70, 100, 149]) {
      // The text's first `skip` symbols differ from the pattern's: the kernel takes them as equal.
      const b = [...randomText(skip, 8).map((s) => s + 8), ...edited(a.slice(skip), 10, 8)];
      const asIf = reference(a, [...a.slice(0, skip), ...b.slice(skip)]);
      expect(reference(a, b)).toBeGreaterThan(asIf);
      expect(bandedDistance(peq, 5, 150, scratch, b, 0, b.length, Infinity, skip), `skip ${skip}`).toBe(asIf);
      expect(bandedDistance(peq, 5, 150, scratch, b, 0, b.length, asIf, skip), `skip ${skip}, at the bound`).toBe(asIf);
    }
  });
});
