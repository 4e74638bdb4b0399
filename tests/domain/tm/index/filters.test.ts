/**
 * The filters in front of the Levenshtein verification are lower bounds: they never reject a
 * unit within the allowed edits (which keeps lookups lossless), and they do reject units that
 * are further away (so they are worth their cost).
 */
import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { prng } from '../../../../bench/synthetic.js';
import { BagFilter } from '../../../../src/domain/tm/index/bag-filter.js';
import { NgramIndex } from '../../../../src/domain/tm/index/ngram-index.js';
import { PlaneSurvivors, SlotPlanes } from '../../../../src/domain/tm/index/plane-sweep.js';
import { SignatureFilter } from '../../../../src/domain/tm/index/signatures.js';

const rnd = prng(7);
const word = (n: number, alphabet: number) => Array.from({ length: n }, () => String.fromCharCode(0x4e00 + Math.floor(rnd() * alphabet))).join('');

/** An index of the given Chinese sources, sealed; the last `tail` written after the seal (the unsorted tail). */
function indexOf(sources: string[], tail = 0): NgramIndex {
  const ix = new NgramIndex();
  const unit = (source: string, i: number) => ({ id: i + 1, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source, target: 'x' });
  sources.slice(0, sources.length - tail).forEach((source, i) => ix.stage(unit(source, i)));
  ix.seal();
  sources.slice(sources.length - tail).forEach((source, i) => ix.upsert(unit(source, sources.length - tail + i)));
  return ix;
}

/** What the signature bound says of slot `b`: the planes for sorted slots, the per-slot signature for the tail. */
function signatureSays(ix: NgramIndex, q: Int32Array, b: number, k: number): boolean {
  const len = ix.sourceLength[b] as number;
  if (b >= ix.sortedEnd) return new SignatureFilter(ix, q).admits(b, len, k);
  const planes = new SlotPlanes(ix, q);
  const into = new PlaneSurvivors();
  const shared = planes.sweep(b, b + 1, -Infinity, Infinity, into) === 1 ? into.shared[0] as number : -1;
  return planes.admits(b, len, shared, k);
}

/** The text of a slot's source key (character keys hold code points). */
function symbolsText(ix: NgramIndex, slot: number): string {
  return String.fromCodePoint(...[...ix.sourceOf(slot)].map((d) => ix.sourceSymbols.symbols[d] as number));
}

/** The slot holding `source`. */
function slotOf(ix: NgramIndex, source: string): number {
  for (let s = 0; s < ix.slotCount; s++) if (ix.alive[s] && symbolsText(ix, s) === source) return s;
  throw new Error(`not indexed: ${source}`);
}

describe('verification filters: lower bounds of the edit distance', () => {
  it('never reject a unit within k edits, and reject most unrelated ones (random strings, every k)', () => {
    const sources = Array.from({ length: 120 }, (_, i) => (i % 3 === 0 && i > 0 ? word(3, 40) + 'X' : word(4 + Math.floor(rnd() * 30), 6 + Math.floor(rnd() * 60))));
    const ix = indexOf(sources, 40);
    let rejected = 0;
    let signed = 0;
    let pairs = 0;
    for (let a = 0; a < ix.slotCount; a += 3) {
      const q = Int32Array.from(ix.sourceOf(a));
      const bag = new BagFilter(q, ix.sourceSymbols.size);
      for (let b = 0; b < ix.slotCount; b++) {
        const u = ix.sourceOf(b);
        const d = distance(String.fromCodePoint(...[...q].map((s) => 0x10000 + s)), String.fromCodePoint(...[...u].map((s) => 0x10000 + s)));
        const start = ix.sourceStart[b] as number;
        for (let k = 0; k <= 40; k++) {
          const bagSays = bag.admits(ix.arena.data, start, start + u.length, k);
          const sigSays = signatureSays(ix, q, b, k);
          if (d <= k) {
            expect(bagSays, `bag, d ${d} <= k ${k}`).toBe(true);
            expect(sigSays, `signature, d ${d} <= k ${k}`).toBe(true);
          } else {
            pairs++;
            if (!bagSays) rejected++;
            if (!sigSays) signed++;
          }
        }
      }
      bag.release();
    }
    expect(rejected / pairs).toBeGreaterThan(0.3);
    expect(signed / pairs).toBeGreaterThan(0.2);
  });

  it('bag filter: counts multisets, stops on the shortfall or at enough shared symbols, and leaves its scratch clean', () => {
    // Dense ids 1..4 stand for A..D.
    const text = Uint32Array.of(1, 2, 2, 3, 4, 4, 4, 1);
    const bag = new BagFilter(Int32Array.of(1, 1, 2), 5); // A A B
    // A B B (text[0..3)): shares A and B, not the second B; max(3, 3) - 2 = 1 edit at least (AAB -> ABB is one).
    expect(bag.admits(text, 0, 3, 0)).toBe(false);
    expect(bag.admits(text, 0, 3, 1)).toBe(true);
    // D D D (text[4..7)): shares nothing: 3 edits.
    expect(bag.admits(text, 4, 7, 2)).toBe(false);
    expect(bag.admits(text, 4, 7, 3)).toBe(true);
    // The same call again gives the same answer (the unit's counts were reset).
    expect(bag.admits(text, 0, 3, 1)).toBe(true);
    expect(bag.admits(text, 0, 3, 0)).toBe(false);
    // Longer unit: B B C D D D A (7 symbols) shares A and B: at least 7 - 2 = 5 edits.
    expect(bag.admits(text, 1, 8, 4)).toBe(false);
    expect(bag.admits(text, 1, 8, 5)).toBe(true);
    bag.release();
    // After release, another query starts from zero counts.
    const other = new BagFilter(Int32Array.of(4), 5);
    expect(other.admits(text, 0, 3, 2)).toBe(false); // A B B vs D: 3 edits
    expect(other.admits(text, 4, 5, 0)).toBe(true);
    other.release();
  });

  it('bag screening: tests while the filter rejects, lets units through untested after a window of near copies, samples one in 8 and resumes when rejections return', () => {
    const text = Uint32Array.of(1, 2, 3, 4, 4, 4, 4, 4); // [0, 3) is the query itself, [3, 8) shares nothing with it
    const bag = new BagFilter(Int32Array.of(1, 2, 3), 5);
    const near = () => bag.screens(text, 0, 3, 0);
    const far = () => bag.screens(text, 3, 8, 1);
    // Rejections keep it testing: 40 of 64 rejected.
    for (let i = 0; i < 64; i++) expect(i < 40 ? far() : near()).toBe(i >= 40);
    expect(far()).toBe(false);
    // A window with fewer than 16 rejections (here 1 + 8) turns testing off...
    for (let i = 1; i < 64; i++) if (i < 9) far(); else near();
    // ...so a far unit is let through (Levenshtein will reject it), except the 8th, which is tested.
    const answers = Array.from({ length: 16 }, far);
    expect(answers.filter((a) => !a)).toHaveLength(2);
    expect(answers[7]).toBe(false);
    expect(answers[15]).toBe(false);
    // Sampled rejections fill a window: 64 samples of far units (512 units) turn testing back on.
    for (let i = 16; i < 512; i++) far();
    expect(Array.from({ length: 8 }, far).every((a) => !a)).toBe(true);
    bag.release();
  });

  it('signatures (tail slots) and planes (sorted slots): a unit with no symbol of the query is at least the longer length away; a new layout recomputes them', () => {
    const ix = indexOf(['甲乙丙丁', '戊己庚辛', '甲乙丙丁戊'], 2);
    const slot = (source: string) => slotOf(ix, source);
    const q = Int32Array.from(ix.sourceOf(slot('甲乙丙丁')));
    expect(slot('甲乙丙丁')).toBeLessThan(ix.sortedEnd);
    expect(slot('甲乙丙丁戊')).toBeGreaterThanOrEqual(ix.sortedEnd);
    for (const source of ['甲乙丙丁', '戊己庚辛', '甲乙丙丁戊']) {
      const says = (k: number) => signatureSays(ix, q, slot(source), k);
      if (source === '甲乙丙丁') expect(says(0)).toBe(true);
      if (source === '甲乙丙丁戊') expect([says(0), says(1)]).toEqual([false, true]); // one symbol more: one edit
      // Disjoint symbols: the bound is at most 4, and never above the distance (4).
      if (source === '戊己庚辛') expect(says(4)).toBe(true);
    }
    // After a re-seal (slots laid out again), the signatures follow the units, not the old slots.
    ix.upsert({ id: 9, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: '壬', target: 'x' });
    ix.compact();
    expect(slot('壬')).toBeLessThan(ix.sortedEnd);
    expect(signatureSays(ix, q, slot('甲乙丙丁'), 0)).toBe(true);
    expect(signatureSays(ix, q, slot('壬'), 4)).toBe(true); // 壬 vs 甲乙丙丁: 4 edits
    expect(signatureSays(ix, q, slot('壬'), 2)).toBe(false); // at least 3 by length alone
  });
});
