import { describe, expect, it } from 'vitest';
import { retainedBy } from '../../../helpers/heap.js';
import type { InlineCode } from '../../../../src/domain/inline.js';
import { matchKey } from '../../../../src/domain/tm/match-key.js';
import {
  type CollectorStats, compareCandidates, compareMatches, MatchCollector, type MemoryStanding, prepareQuery, rankUnits, scoreUnit, type TmMatch,
} from '../../../../src/domain/tm/scoring/matcher.js';
import { NumberFloor, ownsNumbers } from '../../../../src/domain/tm/scoring/number-floor.js';
import type { UnitContext, UnitRecord } from '../../../../src/domain/tm/unit.js';
import { canonicalizeLanguageTag } from '../../../../src/domain/text/language-tag.js';
import { Vocabulary } from '../../../../src/domain/tm/vocabulary.js';

const ZH = canonicalizeLanguageTag('zh-CN');
const EN = canonicalizeLanguageTag('en');
const key = (text: string) => matchKey(text, { mode: 'char', vocabulary: new Vocabulary() });

describe('number floor: the fewest number points before the alignment', () => {
  it('a key-identical unit with one number changed and one regrouped costs at least 2', () => {
    const floor = new NumberFloor(key('中国同中亚5国建交30年，贸易额2100亿元。'));
    expect(floor.points(key('中国同中亚5国建交31年，贸易额2,100亿元。'), 0)).toBe(2);
    expect(floor.points(key('中国同中亚5国建交30年，贸易额2100亿元。'), 0)).toBe(0);
  });

  it('a number that an edit can absorb is not counted: the floor is what every minimal script must pair', () => {
    // 30年 against 年31: distance 2 by two substitutions, which pair no numbers.
    expect(new NumberFloor(key('30年')).points(key('年31'), 2)).toBe(0);
    // One character changed and one added: a script of cost 2 must still pair 30 with 31.
    expect(new NumberFloor(key('建交30年')).points(key('建立31年了'), 2)).toBe(1);
  });

  it('no floor when a number shares a code point with the symbol before it (⑴ folds to (1))', () => {
    expect(ownsNumbers(key('第⑴条'))).toBe(false);
    expect(ownsNumbers(key('第1条'))).toBe(true);
    expect(new NumberFloor(key('第⑴条第⑵款')).points(key('第⑶条第⑷款'), 0)).toBe(0);
  });

  it('the floor stops at the penalty cap', () => {
    const q = key('1、2、3、4、5、6、7。');
    expect(new NumberFloor(q).points(key('8、9、10、11、12、13、14。'), 0)).toBe(5);
  });
});

describe('the numbers\' floor is counted only while a bound can still matter', () => {
  it('an exact copy ranked first ends the chunk: its 20 variants in other numbers are never floored nor aligned', () => {
    const pq = prepareQuery({ source: '中国同中亚5国建交30年。', sourceLang: ZH, targetLang: EN });
    let floors = 0;
    const points = pq.numberFloor.points.bind(pq.numberFloor);
    pq.numberFloor.points = (unit, d) => {
      floors++;
      return points(unit, d);
    };
    const unit = (id: number, source: string, updatedAt: string): UnitRecord => ({ id, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source, target: source,
      context: {}, origin: {}, note: null, createdBy: 't', createdAt: updatedAt, updatedBy: 't', updatedAt, usageCount: 0 });
    const variants = Array.from({ length: 20 }, (_, i) => unit(i + 1, `中国同中亚5国建交${31 + i}年。`, '2024-01-01T00:00:00.000Z'));
    const stats: CollectorStats = { aligned: 0, prunedBy: { numbers: 0, codes: 0, memory: 0 } };
    const collector = new MatchCollector(pq, 70, 1, stats);
    collector.add([...variants, unit(99, '中国同中亚5国建交30年。', '2025-01-01T00:00:00.000Z')]);
    expect(collector.results().map((m) => [m.unit.id, m.score, m.matchType])).toEqual([[99, 100, 'exact']]);
    // Eagerly, every assessed source with numbers was floored (21); now only the head's.
    expect(floors).toBe(1);
    expect(stats.aligned).toBe(1);
  });

  it('a unit its floor lowers waits at its new bound: an older exact copy behind a newer variant in one number is aligned alone', () => {
    const pq = prepareQuery({ source: '中国同中亚5国建交30年。', sourceLang: ZH, targetLang: EN });
    const unit = (id: number, source: string, updatedAt: string): UnitRecord => ({ id, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source, target: source,
      context: {}, origin: {}, note: null, createdBy: 't', createdAt: updatedAt, updatedBy: 't', updatedAt, usageCount: 0 });
    const stats: CollectorStats = { aligned: 0, prunedBy: { numbers: 0, codes: 0, memory: 0 } };
    const collector = new MatchCollector(pq, 70, 1, stats);
    // Both bound 100 before the floor; the newer variant comes first and falls to 99.
    collector.add([unit(1, '中国同中亚5国建交31年。', '2025-01-01T00:00:00.000Z'), unit(2, '中国同中亚5国建交30年。', '2024-01-01T00:00:00.000Z')]);
    expect(collector.results().map((m) => [m.unit.id, m.score])).toEqual([[2, 100]]);
    expect(stats.aligned).toBe(1);
  });
});

/** A small deterministic generator (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEMPLATES = ['中国同中亚{}国建交{}年来，贸易额增长了{}倍。', '第{}届峰会在西安举行，{}位领导人出席，签署{}项协议。', '{}多年前，张骞{}次出使西域。'];
/** Word-scored sources: numbers are tokens there. */
const WORD_TEMPLATES = ['In {} years trade with the {} countries grew {} times.', 'The {} summit in Xi\'an signed {} agreements with {} leaders present.'];
const NUMBERS = ['5', '30', '31', '2100', '2,100', '２１００', '3.5', '3,5', '100'];
const STAMPS = ['2024-01-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'];
/** Memories in priority order: two without penalty, then penalties of 1, 2 and 5 points. */
const MEMORIES: MemoryStanding[] = [{ rank: 0, penalty: 0 }, { rank: 1, penalty: 0 }, { rank: 2, penalty: 1 }, { rank: 3, penalty: 2 }, { rank: 4, penalty: 5 }];
/** Neighbouring segments, for the 101 path: the same, a Traditional spelling of them (the same keys), one side only, others. */
const CONTEXTS: UnitContext[] = [{ previous: '欢迎大家来到西安。', next: '谢谢大家。' }, { previous: '歡迎大家來到西安。', next: '謝謝大家。' },
  { previous: '欢迎大家来到西安。' }, { next: '谢谢大家。' }, {}, { previous: '上一段。', next: '下一段。' }];

/** A family of near-ties: one template, its numbers, widths, an edit, codes, memories, times and ids drawn at random. */
function family(rnd: () => number, size: number, words: boolean): { query: string; context?: UnitContext; codes: InlineCode[]; units: UnitRecord[]; memoryOf: Map<number, number> } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const template = pick(words ? WORD_TEMPLATES : TEMPLATES);
  const fill = () => template.replace(/\{\}/g, () => pick(NUMBERS));
  const vary = (s: string) => {
    let out = rnd() < 0.2 ? s.replace(words ? 'with' : '，', words ? 'With' : ',') : s;
    if (rnd() < 0.3) out = words ? out.replace(/ (the|in) /u, ' ') : out.replace(/[国届多]/u, '区');
    if (rnd() < 0.15) out = words ? `${out} Again.` : `${out}此`;
    return out;
  };
  const code = (id: string): InlineCode[] => [{ id, type: 'placeholder', offset: 0 }];
  const ids = new Set<number>();
  const units: UnitRecord[] = [];
  const memoryOf = new Map<number, number>();
  const sources = [fill(), fill()];
  for (let i = 0; i < size; i++) {
    let id = 1 + Math.floor(rnd() * 10_000);
    while (ids.has(id)) id++;
    ids.add(id);
    // A few units share a source (same sentence, other targets); the rest differ in numbers and form.
    const source = rnd() < 0.2 ? pick(sources) : vary(fill());
    const target = `${words ? '目标' : 'Target '}${source.replace(/[^0-9,.]/g, ' ').trim()}${words ? '完' : ' end'}`;
    const stamp = pick(STAMPS);
    units.push({ id, memory: 'm', sourceLang: words ? 'en' : 'zh-CN', targetLang: words ? 'zh-CN' : 'en', source, target, context: pick(CONTEXTS), origin: {}, note: null, createdBy: 't', createdAt: stamp,
      updatedBy: 't', updatedAt: stamp, usageCount: 0, ...(rnd() < 0.15 ? { sourceCodes: code(pick(['1', '2'])) } : {}) });
    memoryOf.set(id, Math.floor(rnd() * MEMORIES.length));
  }
  // A third of the queries copy a stored source (exact and in-context matches); a third send a context.
  const query = rnd() < 0.3 ? pick(sources) : vary(fill());
  const context = rnd() < 0.35 ? pick(CONTEXTS) : undefined;
  return { query, ...(context ? { context } : {}), codes: rnd() < 0.2 ? code('1') : [], units, memoryOf };
}

/** What a match shows, compared in full. */
const shown = (m: TmMatch) => ({ id: m.unit.id, score: m.score, type: m.matchType, base: m.base, penalties: m.penalties, target: m.target, diff: m.diff });

/** Counts over a differential run, to show that it was not vacuous. */
interface RunCounts {
  stats: CollectorStats;
  read: number;
  scored: number;
  types: Map<string, number>;
}

/**
 * 300 families, each compared with every unit scored in full: `rankUnits`, and the collector fed
 * as the service feeds it, memory by memory, candidates in the index's order with the bases
 * `indexBase` gives (the true base, or one above it), in chunks that double.
 */
function differential(seed: number, indexBase: (trueBase: number, rnd: () => number) => number): RunCounts {
  const rnd = prng(seed);
  const counts: RunCounts = { stats: { aligned: 0, prunedBy: { numbers: 0, codes: 0, memory: 0 } }, read: 0, scored: 0, types: new Map() };
  for (let round = 0; round < 300; round++) {
    const words = round % 3 === 2;
    const { query, context, codes, units, memoryOf } = family(rnd, 20 + Math.floor(rnd() * 60), words);
    const limit = 1 + Math.floor(rnd() * 10);
    const threshold = 50 + Math.floor(rnd() * 51);
    const pq = prepareQuery({ source: query, sourceLang: words ? EN : ZH, targetLang: words ? ZH : EN, ...(context ? { context } : {}), ...(codes.length ? { codes } : {}) });
    const standingOf = (u: UnitRecord) => MEMORIES[memoryOf.get(u.id) as number] as MemoryStanding;
    // The reference: every unit scored in full, on its own, then ranked.
    const all = units.map((u) => scoreUnit(pq, u, threshold, undefined, standingOf(u))).filter((m): m is TmMatch => m !== undefined);
    const expected = all.sort(compareMatches).slice(0, limit).map(shown);
    for (const m of expected) counts.types.set(m.type, (counts.types.get(m.type) ?? 0) + 1);

    expect(rankUnits(pq, units, threshold, limit, standingOf).map(shown)).toEqual(expected);

    const collector = new MatchCollector(pq, threshold, limit, counts.stats);
    for (const standing of MEMORIES) {
      const mine = units.filter((u) => standingOf(u) === standing);
      const bases = new Map<number, number>();
      for (const u of mine) {
        const base = indexBase(scoreUnit(pq, u, 0)?.base ?? 0, rnd);
        if (base >= threshold) bases.set(u.id, base);
      }
      const byId = new Map(mine.map((u) => [u.id, u]));
      const candidates = [...bases].map(([unitId, base]) => ({ unitId, base, updatedAt: Date.parse((byId.get(unitId) as UnitRecord).updatedAt) })).sort(compareCandidates);
      for (let i = 0, size = 4, done = candidates.length === 0; !done; size *= 2) {
        const next = collector.take(candidates, i, size, standing);
        counts.read += next.chunk.length;
        collector.add(next.chunk.map((c) => byId.get(c.unitId) as UnitRecord), standing, bases);
        ({ next: i, done } = next);
      }
    }
    expect(collector.results().map(shown)).toEqual(expected);
    counts.scored += all.length;
  }
  return counts;
}

describe('two-stage scoring returns what scoring every unit returns', () => {
  it('on families of near-ties (same base, other numbers, widths, codes, contexts, five memories, times, ids; Chinese and English), limits 1-10, thresholds 50-100', () => {
    const { stats, read, scored, types } = differential(12, (base) => base);
    // Not a vacuous pass: exact and in-context matches were among the answers, the base cut-off
    // left rows unread, and each part of the bound (the numbers' floor, the inline codes, the
    // memory's penalty) kept units from being aligned that the bound without it would have let
    // through. Forcing any part to 0 makes its count 0.
    expect(types.get('context')).toBeGreaterThan(0);
    expect(types.get('exact')).toBeGreaterThan(0);
    expect(read).toBeLessThan(scored);
    expect(stats.aligned).toBeLessThan(read);
    expect(stats.prunedBy.numbers).toBeGreaterThan(0);
    expect(stats.prunedBy.codes).toBeGreaterThan(0);
    expect(stats.prunedBy.memory).toBeGreaterThan(0);
  });

  it('when the index\'s base is above the true base for some units (it is trusted as an upper bound only), the answers are the same', () => {
    // A third of the units are read 1-15 points above their true base (at most 100), some of them
    // from under the threshold: the candidates' order and cut-off change, the answers must not.
    const { stats, read, types } = differential(34, (base, rnd) => (rnd() < 0.35 ? Math.min(100, base + 1 + Math.floor(rnd() * 15)) : base));
    expect(types.get('exact')).toBeGreaterThan(0);
    expect(types.get('fuzzy')).toBeGreaterThan(0);
    expect(stats.aligned).toBeLessThan(read);
  });
});

describe('what the collector keeps of the sources it assessed', () => {
  it('keeps only those that reach the threshold: scoring 50,000 unrelated units leaves nothing of them behind', async () => {
    const pq = prepareQuery({ source: '中国同中亚国家深化合作。', sourceLang: ZH, targetLang: EN });
    const collector = new MatchCollector(pq, 70, 5);
    const kept = await retainedBy(() => {
      for (let chunk = 0; chunk < 50; chunk++) {
        collector.add(Array.from({ length: 1_000 }, (_, i): UnitRecord => {
          const id = chunk * 1_000 + i + 1;
          return { id, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: `鲁班工坊第${id}期学员`, target: 'x', context: {}, origin: {}, note: null,
            createdBy: 't', createdAt: '2024-01-01T00:00:00.000Z', updatedBy: 't', updatedAt: '2024-01-01T00:00:00.000Z', usageCount: 0 };
        }));
      }
    });
    expect(collector.results()).toEqual([]);
    // Each source held would cost some 60-100 bytes (the map's entry and the string).
    expect(kept).toBeLessThan(1_000_000);
  });
});
