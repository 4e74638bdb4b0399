/**
 * The bound on the word tokens a unit keyed by character can share with a word-mode query
 * (word-bound.ts): never below the true multiset intersection of the two word keys, on random
 * texts that mix Han, pinyin-like words, numbers, `.`/`。`/`,`/`，`, apostrophes (straight and
 * curly), full-width Latin and spaces, nor its count of the unit's word tokens above their true
 * count; and the candidates it keeps hold every unit whose word base reaches the bar.
 */
import { describe, expect, it } from 'vitest';
import { prng } from '../../../../bench/synthetic.js';
import { NgramIndex, type Partition } from '../../../../src/domain/tm/index/ngram-index.js';
import { liveUnitSteps, requiredSymbols, WordDemand, wordCandidateSteps } from '../../../../src/domain/tm/index/word-bound.js';
import { canonicalizeLanguageTag } from '../../../../src/domain/text/language-tag.js';
import { matchKey } from '../../../../src/domain/tm/match-key.js';
import { keyModeOf } from '../../../../src/domain/tm/scoring/matcher.js';
import { levenshtein } from '../../../../src/domain/tm/scoring/levenshtein.js';
import { baseScore } from '../../../../src/domain/tm/scoring/score.js';
import { NUMBER_SYMBOL, Vocabulary } from '../../../../src/domain/tm/vocabulary.js';
import { mixedText } from '../../../helpers/mixed-texts.js';

/** The size of the multiset intersection of two word keys (one vocabulary). */
function sharedTokens(a: Int32Array, b: Int32Array): number {
  const counts = new Map<number, number>();
  for (const s of a) counts.set(s, (counts.get(s) ?? 0) + 1);
  let shared = 0;
  for (const s of b) {
    const c = counts.get(s) ?? 0;
    if (c > 0) {
      shared++;
      counts.set(s, c - 1);
    }
  }
  return shared;
}

/** Calls `visit` with every live slot of the index (one partition in these tests). */
function forEachLiveSlot(index: NgramIndex, visit: (slot: number) => void): void {
  for (let slot = 0; slot < index.slotCount; slot++) if (index.alive[slot]) visit(slot);
}

/** wordCandidateSteps's ids, all steps together. */
const wordCandidates = (index: NgramIndex, query: string, bar: number, step?: number) => [...wordCandidateSteps(index, 0, query, bar, step)].flat();

/** An index of `sources` in one zh partition (keyed by character), and that partition. */
function zhIndex(sources: string[]): { index: NgramIndex; p: Partition } {
  const index = new NgramIndex(50);
  sources.forEach((source, i) => index.upsert({ id: i + 1, memory: 'm', sourceLang: i % 3 === 0 ? 'zh-Latn' : 'zh-CN', targetLang: 'en', source, target: 'x' }));
  const p = index.partitions[0] as Partition;
  expect(p.sourceMode).toBe('char');
  return { index, p };
}

describe('the word-token bound over character keys', () => {
  it('is never below the tokens a unit truly shares with the query (random mixed texts)', () => {
    const rnd = prng(12);
    const sources = Array.from({ length: 400 }, () => mixedText(rnd));
    const { index } = zhIndex(sources);
    let tight = 0;
    let exactLength = 0;
    let compared = 0;
    for (let q = 0; q < 300; q++) {
      const query = q % 4 === 0 ? (sources[Math.floor(rnd() * sources.length)] as string) : mixedText(rnd);
      const demand = new WordDemand(query, index.sourceSymbols);
      forEachLiveSlot(index, (slot) => {
        const vocabulary = new Vocabulary();
        const qk = matchKey(query, { mode: 'word', vocabulary }).symbols;
        const uk = matchKey(sources[(index.unitIds[slot] as number) - 1] as string, { mode: 'word', vocabulary }).symbols;
        const truth = sharedTokens(qk, uk);
        const bound = demand.shared(index.arena.data, index.sourceStart[slot] as number, index.sourceLength[slot] as number);
        expect(bound, `${query} / ${sources[(index.unitIds[slot] as number) - 1]}`).toBeGreaterThanOrEqual(truth);
        // And the unit's tokens by word are at least the bound's count of them.
        const tokens = demand.unitTokens(index.arena.data, index.sourceStart[slot] as number, index.sourceLength[slot] as number);
        expect(tokens).toBeLessThanOrEqual(uk.length);
        if (tokens === uk.length) exactLength++;
        if (bound === truth) tight++;
        compared++;
      });
    }
    // The bound is not vacuous: most pairs it counts exactly.
    expect(tight).toBeGreaterThan(compared / 2);
    expect(exactLength).toBeGreaterThan(compared / 4);
  });

  it('keeps every unit whose word base reaches the bar, and only live ones (deletes, the tail after a seal)', () => {
    const rnd = prng(34);
    const sources = Array.from({ length: 300 }, () => mixedText(rnd));
    const { index, p } = zhIndex(sources);
    index.seal();
    // Written after the seal: the partition's tail; and some removed.
    const more = Array.from({ length: 60 }, () => mixedText(rnd));
    more.forEach((source, i) => index.upsert({ id: sources.length + i + 1, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source, target: 'x' }));
    expect(p.tail.length).toBeGreaterThan(0);
    const all = [...sources, ...more];
    const removed = new Set([3, 10, 305, 320]);
    for (const id of removed) index.remove(id);
    let kept = 0;
    let reached = 0;
    for (let q = 0; q < 200; q++) {
      const query = q % 3 === 0 ? (all[Math.floor(rnd() * all.length)] as string) : mixedText(rnd);
      const bar = Math.floor(rnd() * 101);
      const ids = new Set(wordCandidates(index, query, bar, 1 + Math.floor(rnd() * 100)));
      for (const id of removed) expect(ids.has(id)).toBe(false);
      all.forEach((source, i) => {
        if (removed.has(i + 1)) return;
        const vocabulary = new Vocabulary();
        const qk = matchKey(query, { mode: 'word', vocabulary }).symbols;
        const uk = matchKey(source, { mode: 'word', vocabulary }).symbols;
        if (baseScore(levenshtein(qk, uk), qk.length, uk.length) < bar) return;
        reached++;
        expect(ids.has(i + 1), `${query} / ${source} at ${bar}`).toBe(true);
      });
      kept += ids.size;
    }
    expect(reached).toBeGreaterThan(0);
    // It filters: far fewer than every live unit for every query.
    expect(kept).toBeLessThan((all.length - removed.size) * 200 * 0.5);
    expect(wordCandidates(index, 'zhongya', 101)).toEqual([]);
  });

  it('reads each unit once in steps, and starts over on a layout installed between two steps', () => {
    const rnd = prng(8);
    const { index, p } = zhIndex(Array.from({ length: 200 }, () => mixedText(rnd)));
    index.seal();
    const live = () => {
      const ids: number[] = [];
      forEachLiveSlot(index, (slot) => ids.push(index.unitIds[slot] as number));
      return ids.sort((a, b) => a - b);
    };
    const atStart = live();
    const steps = liveUnitSteps(index, 0, undefined, 30);
    const first = [...(steps.next().value ?? [])];
    expect(first).toHaveLength(30);
    const got = [...first];
    // Between two steps: units deleted, some written (the tail), and a new layout (a seal).
    for (const id of atStart.slice(100, 120)) index.remove(id);
    for (let i = 0; i < 40; i++) index.upsert({ id: 1000 + i, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: `中亚${'国'.repeat(i % 5)}`, target: 'x' });
    index.compact();
    for (const ids of steps) got.push(...ids);
    expect(new Set(got).size).toBe(got.length);
    // Every unit live at the end is read (the new layout holds those written before the seal),
    // and those deleted only if read before.
    const end = live();
    expect(got.filter((id) => !first.includes(id)).sort((a, b) => a - b)).toEqual(end.filter((id) => !first.includes(id)));
    expect(p.tail.length).toBe(0);
  });

  it('reads a unit replaced between two steps (a new slot at the tail\'s end, no seal), once', () => {
    const rnd = prng(9);
    const { index } = zhIndex(Array.from({ length: 200 }, () => mixedText(rnd)));
    index.seal();
    const steps = liveUnitSteps(index, 0, undefined, 30);
    const got = [...(steps.next().value ?? [])];
    // The last sorted slot's unit, not read yet, and a unit read already: both get a new target.
    const last = index.unitIds[index.sortedEnd - 1] as number;
    const read = got[0] as number;
    const layout = index.layout;
    for (const id of [last, read]) index.upsert({ id, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: `中亚国家${id}`, target: 'new' });
    expect(index.layout).toBe(layout);
    for (const ids of steps) got.push(...ids);
    expect(got.filter((id) => id === last)).toHaveLength(1);
    expect(got.filter((id) => id === read)).toHaveLength(1);
    expect(new Set(got).size).toBe(200);
  });

  it('leaves out a short unit that shares too few of a long query\'s words (the query\'s length in the bar)', () => {
    const { index } = zhIndex(['zhongya', 'zhongya guojia', '中亚国家']);
    // One word of four: at most floor(100 * 1 / 4) = 25 by the query's length, though the unit's own length would allow 100.
    expect(wordCandidates(index, 'zhongya guojia hezuo youyi', 50)).toEqual([2]);
    expect(wordCandidates(index, 'zhongya guojia hezuo youyi', 25).sort()).toEqual([1, 2]);
  });

  it('is the only other-mode path a tag takes: a tag scored by character is in a partition keyed by character', () => {
    // The reverse (a character-mode query in a word partition) would read every unit (seeker.ts otherModeIds).
    const tags = ['zh', 'zh-CN', 'zh-Hant', 'zh-Latn', 'cmn', 'yue', 'ja', 'ja-Kana', 'ja-Latn', 'th', 'ko', 'en', 'en-Hans', 'en-Jpan', 'ru-Hani', 'de-Thai', 'sr-Latn'];
    const other = tags.map((t) => canonicalizeLanguageTag(t)).filter((tag) => keyModeOf(tag) !== keyModeOf(canonicalizeLanguageTag(tag.language)));
    expect(other.map((tag) => [tag.tag, keyModeOf(tag)])).toEqual([['zh-Latn', 'word'], ['ja-Latn', 'word']]);
  });

  it('asks a token\'s characters as the character key writes them', () => {
    const need = (token: string, symbol = 0) => Object.fromEntries([...requiredSymbols(token, symbol)].map(([cp, n]) => [String.fromCodePoint(cp), n]));
    // A number is one number symbol; a lone `.` is `。`; digits and their separators inside a word ask nothing.
    expect([...requiredSymbols(undefined, NUMBER_SYMBOL)]).toEqual([[NUMBER_SYMBOL, 1]]);
    expect(need('.')).toEqual({ '。': 1 });
    expect(need(',')).toEqual({ ',': 1 });
    expect(need('a1.5b')).toEqual({ a: 1, b: 1 });
    expect(need("xi'an")).toEqual({ x: 1, i: 1, "'": 1, a: 1, n: 1 });
    expect(need('zhongguo')).toEqual({ z: 1, h: 1, o: 2, n: 1, g: 2, u: 1 });
  });
});
