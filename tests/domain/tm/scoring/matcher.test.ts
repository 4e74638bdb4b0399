import { describe, expect, it } from 'vitest';
import type { InlineCode } from '../../../../src/domain/inline.js';
import { compareCandidates, compareMatches, FIRST_MEMORY, MatchCollector, prepareQuery, rankUnits, scoreUnit, type TmMatch } from '../../../../src/domain/tm/scoring/matcher.js';
import type { UnitRecord } from '../../../../src/domain/tm/unit.js';
import { canonicalizeLanguageTag } from '../../../../src/domain/text/language-tag.js';
import { toTraditional } from '../../../../src/domain/text/script.js';

let nextId = 1;
function unit(source: string, target: string, extra: Partial<UnitRecord> = {}): UnitRecord {
  return { id: nextId++, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source, target, context: {}, origin: {}, note: null,
    createdBy: 't', createdAt: '2024-01-01T00:00:00.000Z', updatedBy: 't', updatedAt: '2024-01-01T00:00:00.000Z', usageCount: 0, ...extra };
}
function score(source: string, u: UnitRecord, opts: { from?: string; to?: string; context?: { previous?: string; next?: string }; codes?: InlineCode[] } = {}): TmMatch | undefined {
  const pq = prepareQuery({ source, sourceLang: canonicalizeLanguageTag(opts.from ?? 'zh-CN'), targetLang: canonicalizeLanguageTag(opts.to ?? 'en'), ...(opts.context ? { context: opts.context } : {}), ...(opts.codes ? { codes: opts.codes } : {}) });
  return scoreUnit(pq, u, 0);
}
const brief = (m: TmMatch | undefined) => m && { score: m.score, matchType: m.matchType, penalties: m.penalties };

const ZHANG = unit('2100多年前，中国汉代使者张骞自长安出发，出使西域，打开了中国同中亚友好交往的大门。',
  "More than 2,100 years ago, Zhang Qian, an envoy of China's Han Dynasty, set out from Chang'an on his mission to the Western Regions.",
  { context: { previous: '西安古称长安，是中华民族和中华文明的重要发祥地之一，也是古丝绸之路的东方起点。', next: '欢迎大家来到西安。' } });

describe('exact and in-context matches', () => {
  it('exact: the same source scores 100', () => {
    expect(brief(score(ZHANG.source, ZHANG))).toEqual({ score: 100, matchType: 'exact', penalties: [] });
  });

  it('context: exact with the same previous and next segments scores 101', () => {
    expect(brief(score(ZHANG.source, ZHANG, { context: ZHANG.context }))?.score).toBe(101);
  });

  it('context compares folded keys: a Traditional, spaced copy of the neighbours still counts', () => {
    const previous = toTraditional(ZHANG.context.previous as string, 'tw').replace('，', ' ， ');
    expect(score(ZHANG.source, ZHANG, { context: { previous, next: '欢迎大家来到西安。' } })?.matchType).toBe('context');
  });

  it('no context: a different next segment, or a missing one, stays exact 100', () => {
    expect(score(ZHANG.source, ZHANG, { context: { previous: ZHANG.context.previous as string, next: '另一句。' } })?.score).toBe(100);
    expect(score(ZHANG.source, ZHANG, { context: { previous: ZHANG.context.previous as string } })?.score).toBe(100);
  });

  it('an absent side equals an empty one: a first segment matches a query without a previous segment', () => {
    const first = unit('尊敬的各位同事：', 'Distinguished colleagues,', { context: { next: '欢迎。' } });
    expect(score('尊敬的各位同事：', first, { context: { next: '欢迎。' } })?.score).toBe(101);
  });
});

describe('the same text in another form (95-99)', () => {
  it('script: a Traditional copy scores 98 with a script penalty, from a zh-TW query', () => {
    expect(brief(score(toTraditional(ZHANG.source, 'tw'), ZHANG, { from: 'zh-TW' }))).toEqual({ score: 98, matchType: 'fuzzy', penalties: [{ code: 'script', points: 2 }] });
  });

  it('width: half-width commas score 99', () => {
    expect(brief(score(ZHANG.source.replaceAll('，', ','), ZHANG))).toEqual({ score: 99, matchType: 'fuzzy', penalties: [{ code: 'width', points: 1 }] });
  });

  it('whitespace: 30 年 against 30年 scores 99', () => {
    const u = unit('中国同中亚国家30年的交往合作。', 'Thirty years of exchanges.');
    expect(brief(score('中国同中亚国家 30 年的交往合作。', u))).toEqual({ score: 99, matchType: 'fuzzy', penalties: [{ code: 'whitespace', points: 1 }] });
  });

  it('a lone surrogate is one code point: 中\\uD800国 人民 against 中\\uD800国人民 costs only the space', () => {
    const u = unit('中\uD800国人民', 'The people.');
    const m = score('中\uD800国 人民', u);
    expect(brief(m)).toEqual({ score: 99, matchType: 'fuzzy', penalties: [{ code: 'whitespace', points: 1 }] });
  });

  it('punctuation: straight quotes and a half-width full stop against “” and 。 score 99', () => {
    const u = unit('他说“好”。', 'He said "yes".');
    expect(brief(score('他说"好".', u))).toEqual({ score: 99, matchType: 'fuzzy', penalties: [{ code: 'punctuation', points: 1 }] });
  });

  it('case: Latin letters in another case score 99', () => {
    const u = unit('开通D线。', 'Line D opens.');
    expect(brief(score('开通d线。', u))).toEqual({ score: 99, matchType: 'fuzzy', penalties: [{ code: 'case', points: 1 }] });
  });

  it('width, punctuation and whitespace together: 97', () => {
    const q = '２１００多年前，中国汉代使者张骞自长安出发， 出使西域，打开了中国同中亚友好交往的大门．';
    expect(brief(score(q, ZHANG))).toEqual({ score: 97, matchType: 'fuzzy',
      penalties: [{ code: 'width', points: 1 }, { code: 'punctuation', points: 1 }, { code: 'whitespace', points: 1 }] });
  });

  it('the total is capped at 5: a Traditional, full-width, spaced, restyled copy scores 95', () => {
    const q = toTraditional(ZHANG.source, 'hk').replace('2100', '２１００').replaceAll('，', ' , ').replace('。', '．');
    const m = score(q, ZHANG, { from: 'zh-HK' });
    expect(m?.score).toBe(95);
    expect(m?.penalties.map((p) => p.code)).toEqual(['script', 'width', 'punctuation', 'whitespace']);
  });
});

describe('numbers', () => {
  it('number: 2100 -> 2200 scores 99 and the target says 2,200, keeping the stored one', () => {
    const m = score(ZHANG.source.replace('2100', '2200'), ZHANG);
    expect(brief(m)).toEqual({ score: 99, matchType: 'fuzzy', penalties: [{ code: 'number', points: 1 }] });
    expect(m?.target).toMatch(/^More than 2,200 years ago/);
    expect(m?.targetOriginal).toBe(ZHANG.target);
  });

  it('number: full-width digits of another value are a number change, substituted', () => {
    expect(score(ZHANG.source.replace('2100', '２２００'), ZHANG)?.target).toMatch(/^More than 2,200 /);
  });

  it('number: a value that cannot be mapped one to one costs 2 and leaves the target', () => {
    const u = unit('5国5年。', 'Five countries, five years.');
    const m = score('6国5年。', u);
    expect(brief(m)).toEqual({ score: 98, matchType: 'fuzzy', penalties: [{ code: 'number', points: 2 }] });
    expect(m?.targetOriginal).toBeUndefined();
  });

  it('number: the same value written 2,100 and 2100 costs 1 and changes nothing', () => {
    const u = unit('2,100年。', '2,100 years.');
    expect(score('2100年。', u)).toMatchObject({ score: 99, target: '2,100 years.' });
  });
});

describe('fuzzy scores per character and per word', () => {
  it('one character in 40 changed: floor(100 * 39/40) = 97', () => {
    expect(brief(score(ZHANG.source.replace('汉', '唐'), ZHANG))).toEqual({ score: 97, matchType: 'fuzzy', penalties: [] });
  });

  it('鲁班工坊 against 鲁班工坊建设: 100 * (1 - 2/6) = 66 (a 4-gram index would find nothing)', () => {
    expect(score('鲁班工坊', unit('鲁班工坊建设', 'building Luban Workshops'))?.score).toBe(66);
  });

  it('English is scored per word: one word in six changed scores 83', () => {
    const u = unit('We will build the railway.', '我们将修建铁路。', { sourceLang: 'en', targetLang: 'zh-CN' });
    expect(score('We will build the highway.', u, { from: 'en', to: 'zh-CN' })?.score).toBe(83);
  });

  it('penalties still apply on fuzzy matches, on the aligned equal characters only', () => {
    expect(brief(score(ZHANG.source.replace('汉', '唐').replaceAll('，', ','), ZHANG))).toEqual({ score: 96, matchType: 'fuzzy', penalties: [{ code: 'width', points: 1 }] });
  });

  it('inline-code: one code more than the unit costs 1 point', () => {
    const u = unit('鲁班工坊', 'Luban Workshop', { sourceCodes: [{ id: '1', type: 'open', offset: 0 }, { id: '1', type: 'close', offset: 4 }] });
    expect(brief(score('鲁班工坊', u, { codes: [{ id: '1', type: 'open', offset: 0 }, { id: '1', type: 'close', offset: 4 }, { id: '2', type: 'placeholder', offset: 4 }] })))
      .toEqual({ score: 99, matchType: 'fuzzy', penalties: [{ code: 'inline-code', points: 1 }] });
    expect(score('鲁班工坊', u, { codes: [{ id: '1', type: 'open', offset: 0 }, { id: '1', type: 'close', offset: 2 }] })?.score).toBe(100);
  });
});

describe('diff', () => {
  it('equal + delete spell the unit source, equal + insert spell the query', () => {
    const q = toTraditional(ZHANG.source, 'tw').replace('汉', '唐').replace('2100', '２２００ ');
    const m = score(q, ZHANG, { from: 'zh-TW' }) as TmMatch;
    expect(m.diff.filter((d) => d.op !== 'insert').map((d) => d.text).join('')).toBe(ZHANG.source);
    expect(m.diff.filter((d) => d.op !== 'delete').map((d) => d.text).join('')).toBe(q);
  });

  it('astral characters (Extension B) and spaces: penalties and diff on whole code points', () => {
    const m = score('𠮷野家 在𡃁京开了２１００家店', unit('𠮷野家在𡃁京开了2,100家店', 'Yoshinoya opened 2,100 shops')) as TmMatch;
    expect(brief(m)).toEqual({ score: 98, matchType: 'fuzzy', penalties: [{ code: 'whitespace', points: 1 }, { code: 'number', points: 1 }] });
    expect(m.diff).toEqual([{ op: 'equal', text: '𠮷野家' }, { op: 'insert', text: ' ' }, { op: 'equal', text: '在𡃁京开了' },
      { op: 'delete', text: '2,100' }, { op: 'insert', text: '２１００' }, { op: 'equal', text: '家店' }]);
    const n = score('𠮷野家在東京开了3家店。', unit(' 𠮷野家在东京开了5家店.', 'Yoshinoya opened 5 shops')) as TmMatch;
    expect(n.penalties.map((p) => p.code)).toEqual(['script', 'punctuation', 'whitespace', 'number']);
    expect(n.diff).toEqual([{ op: 'delete', text: ' ' }, { op: 'equal', text: '𠮷野家在' }, { op: 'delete', text: '东' }, { op: 'insert', text: '東' },
      { op: 'equal', text: '京开了' }, { op: 'delete', text: '5' }, { op: 'insert', text: '3' }, { op: 'equal', text: '家店' }, { op: 'delete', text: '.' }, { op: 'insert', text: '。' }]);
  });

  it('shows a substituted character as delete then insert', () => {
    expect(score('中国唐代', unit('中国汉代', 'x'))?.diff).toEqual([
      { op: 'equal', text: '中国' }, { op: 'delete', text: '汉' }, { op: 'insert', text: '唐' }, { op: 'equal', text: '代' }]);
  });
});

describe('ranking', () => {
  it('orders by score, then most recently updated, then highest id; applies threshold and limit', () => {
    const older = unit('鲁班工坊', 'A', { updatedAt: '2024-01-01T00:00:00.000Z' });
    const newer = unit('鲁班工坊', 'B', { updatedAt: '2024-06-01T00:00:00.000Z' });
    const sameTime = unit('鲁班工坊', 'C', { updatedAt: '2024-06-01T00:00:00.000Z' });
    const fuzzy = unit('鲁班工坊建设', 'D');
    const pq = prepareQuery({ source: '鲁班工坊', sourceLang: canonicalizeLanguageTag('zh-CN'), targetLang: canonicalizeLanguageTag('en') });
    expect(rankUnits(pq, [older, fuzzy, newer, sameTime], 60, 10).map((m) => m.target)).toEqual(['C', 'B', 'A', 'D']);
    expect(rankUnits(pq, [older, fuzzy, newer, sameTime], 70, 2).map((m) => m.target)).toEqual(['C', 'B']);
    const [a, b] = rankUnits(pq, [older, newer], 0, 2) as [TmMatch, TmMatch];
    expect(compareMatches(a, b)).toBeLessThan(0);
  });

  it('the collector, given the index\'s bases, still takes a tied unit that wins on the row and drops the ones that lose', () => {
    const pq = prepareQuery({ source: '鲁班工坊建设', sourceLang: canonicalizeLanguageTag('zh-CN'), targetLang: canonicalizeLanguageTag('en') });
    const first = unit('鲁班工坊建设中', 'first', { updatedAt: '2024-03-01T00:00:00.000Z' });
    const older = unit('鲁班工坊建设了', 'older', { updatedAt: '2024-02-01T00:00:00.000Z' });
    const newer = unit('鲁班工坊建设好', 'newer', { updatedAt: '2024-04-01T00:00:00.000Z' });
    const lower = unit('鲁班工坊建好', 'lower', { updatedAt: '2024-05-01T00:00:00.000Z' });
    const bases = new Map([[first.id, 85], [older.id, 85], [newer.id, 85], [lower.id, 83]]);
    const collector = new MatchCollector(pq, 70, 1);
    collector.add([first, older], FIRST_MEMORY, bases);
    expect(collector.results().map((m) => [m.target, m.score])).toEqual([['first', 85]]);
    // The same base as the 1st match: the later update wins the tie, as a brute-force ranking says.
    collector.add([newer, lower], FIRST_MEMORY, bases);
    expect(collector.results().map((m) => [m.target, m.score])).toEqual([['newer', 85]]);
    expect(rankUnits(pq, [first, older, newer, lower], 70, 1).map((m) => m.target)).toEqual(['newer']);
    // No later candidate of base 84 or lower can enter: `take` stops before it.
    expect(collector.take([{ unitId: 99, base: 84, updatedAt: NaN }], 0, 8)).toEqual({ chunk: [], next: 0, done: true });
  });

  it('takes the candidates the index\'s updatedAt cannot rule out, in the ranking\'s order, and stops at the first it can', () => {
    const pq = prepareQuery({ source: '鲁班工坊建设', sourceLang: canonicalizeLanguageTag('zh-CN'), targetLang: canonicalizeLanguageTag('en') });
    const at = (iso: string) => Date.parse(iso);
    const nth = unit('鲁班工坊建设中', 'nth', { updatedAt: '2024-03-01T00:00:00.000Z' });
    const collector = new MatchCollector(pq, 70, 1);
    collector.add([nth], FIRST_MEMORY, new Map([[nth.id, 85]]));
    const candidates = [
      { unitId: 7, base: 85, updatedAt: NaN }, // unknown: its row decides
      { unitId: 5, base: 85, updatedAt: at('2024-04-01T00:00:00.000Z') }, // newer: may win the tie
      { unitId: nth.id + 1, base: 85, updatedAt: at('2024-03-01T00:00:00.000Z') }, // same time, higher id: wins
      { unitId: nth.id - 1, base: 85, updatedAt: at('2024-03-01T00:00:00.000Z') }, // same time, lower id: loses
      { unitId: 9, base: 85, updatedAt: at('2024-02-01T00:00:00.000Z') },
      { unitId: 8, base: 90, updatedAt: at('2020-01-01T00:00:00.000Z') },
    ].sort(compareCandidates);
    expect(candidates.map((c) => c.unitId)).toEqual([8, 7, 5, nth.id + 1, nth.id - 1, 9]);
    expect(collector.take(candidates, 0, 2)).toEqual({ chunk: candidates.slice(0, 2), next: 2, done: false });
    expect(collector.take(candidates, 2, 8)).toEqual({ chunk: candidates.slice(2, 4), next: 4, done: true });
    // A later memory loses every tie.
    expect(collector.take(candidates, 3, 8, { rank: 1, penalty: 0 }).chunk).toEqual([]);
  });
});
