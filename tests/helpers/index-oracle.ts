/**
 * The brute-force oracle of the n-gram index's lossless tests: a scan that scores every unit
 * with the matcher, the same search through the index and the service's chunked scoring, and the
 * synthetic memories they run on (shared by the ngram-index*.test.ts files).
 */
import { expect } from 'vitest';
import { loadSeedMaterial, prng, syntheticQueries, syntheticUnits } from '../../bench/synthetic.js';
import type { MatchKey } from '../../src/domain/tm/match-key.js';
import { Vocabulary } from '../../src/domain/tm/vocabulary.js';
import { compareCandidates, compareMatches, FIRST_MEMORY, MatchCollector, prepareQuery, scoreUnit, type TmMatch, unitKey } from '../../src/domain/tm/scoring/matcher.js';
import { NgramIndex } from '../../src/domain/tm/index/ngram-index.js';
import { TmSeeker } from '../../src/domain/tm/index/seeker.js';
import type { UnitRecord } from '../../src/domain/tm/unit.js';
import { canonicalizeLanguageTag, type LanguageTag } from '../../src/domain/text/language-tag.js';

const ZH = canonicalizeLanguageTag('zh-CN');
const EN = canonicalizeLanguageTag('en');
/** The seed sentences the synthetic memories are made of. */
export const material = loadSeedMaterial();
const vocabulary = new Vocabulary();

/** A unit of memory `m` written on day `day` (its createdAt and updatedAt), zh-CN → en unless told. */
export function record(id: number, source: string, target: string, day: number, sourceLang = 'zh-CN', targetLang = 'en'): UnitRecord {
  const at = `2024-01-${String(1 + (day % 28)).padStart(2, '0')}T00:00:00.000Z`;
  return { id, memory: 'm', sourceLang, targetLang, source, target, context: {}, origin: {}, note: null, createdBy: 't', createdAt: at, updatedBy: 't', updatedAt: at, usageCount: 0 };
}

/** A memory of `n` synthetic units plus the seed sentences, with some same-source duplicates (ties). */
export function memory(n: number, seed: number): UnitRecord[] {
  const units = [...syntheticUnits(material, n, seed)].map((u, i) => record(i + 1, u.source, u.target, i));
  material.sentences.forEach((s, i) => units.push(record(units.length + 1, s.source, s.target, i)));
  for (let i = 0; i < 40; i++) units.push(record(units.length + 1, (units[i * 7] as UnitRecord).source, `duplicate ${i}`, i % 3));
  return units;
}

/** A language pair of a test: tags as the index and the matcher take them. */
export interface Pair {
  source: LanguageTag;
  target: LanguageTag;
}
export const ZH_EN: Pair = { source: ZH, target: EN };

/** Brute force: the units held, each scored against the query by the matcher. */
export class Oracle {
  constructor(private readonly pair: Pair = ZH_EN) {}
  private readonly keys = new Map<number, MatchKey>();
  readonly units = new Map<number, UnitRecord>();
  set(u: UnitRecord): void {
    this.units.set(u.id, u);
    this.keys.delete(u.id);
  }
  delete(id: number): void {
    this.units.delete(id);
    this.keys.delete(id);
  }
  /** Brute force: score every unit. */
  rank(source: string, threshold: number, limit: number): TmMatch[] {
    const pq = prepareQuery({ source, sourceLang: this.pair.source, targetLang: this.pair.target }, vocabulary);
    const out: TmMatch[] = [];
    for (const u of this.units.values()) {
      let key = this.keys.get(u.id);
      if (!key) this.keys.set(u.id, (key = unitKey(pq, u)));
      const m = scoreUnit(pq, u, threshold, key);
      if (m) out.push(m);
    }
    return out.sort(compareMatches).slice(0, limit);
  }
}

/** The top `limit` matches at `threshold` found through the index, scored as the lookup service scores them. */
export function viaIndex(ix: NgramIndex, oracle: Oracle, source: string, threshold: number, limit: number, pair: Pair = ZH_EN): TmMatch[] {
  // A vocabulary of the query's own, as the service's matcher has: the seeker must not depend on sharing the index's.
  const pq = prepareQuery({ source, sourceLang: pair.source, targetLang: pair.target });
  const part = ix.partitionFor('m', pair.source.tag, pair.target.tag);
  const candidates = new TmSeeker(ix).fuzzy(part, source, threshold, limit).sort(compareCandidates);
  // As the service does: best base first, in small chunks, until nothing later can enter (ties
  // decided on the index's updatedAt); with the index's bases, so that units that cannot outrank
  // the limit-th match are skipped unscored.
  const collector = new MatchCollector(pq, threshold, limit);
  for (let i = 0, done = false; !done;) {
    const { chunk, next, done: end } = collector.take(candidates, i, 3);
    collector.add(chunk.map((c) => oracle.units.get(c.unitId) as UnitRecord), FIRST_MEMORY, new Map(chunk.map((c) => [c.unitId, c.base])));
    [i, done] = [next, end];
  }
  return collector.results();
}

/** Matches as [unit id, score] pairs, for comparisons. */
export const summary = (ms: TmMatch[]) => ms.map((m) => [m.unit.id, m.score]);

/** Twelve units with one source and other targets, each written a day earlier than the one before (ties broken by updatedAt). */
export function tiedUnits(): { ix: NgramIndex; oracle: Oracle; tied: UnitRecord[] } {
  const ix = new NgramIndex();
  const oracle = new Oracle();
  const tied = Array.from({ length: 12 }, (_, i) => record(i + 1, '鲁班工坊建设取得新进展', `target ${i + 1}`, 20 - i));
  for (const u of tied) {
    ix.stage(u);
    oracle.set(u);
  }
  ix.seal();
  return { ix, oracle, tied };
}

/** Checks `queries` synthetic queries (random thresholds and limits) through the index against brute force; how many found something. */
export function compareOn(ix: NgramIndex, oracle: Oracle, queries: number, seed: number): { matched: number } {
  const rnd = prng(seed);
  const sources = [...oracle.units.values()].map((u) => u.source);
  let matched = 0;
  for (const q of syntheticQueries(material, sources, queries, seed)) {
    const threshold = rnd() < 0.1 ? Math.floor(rnd() * 50) : 50 + Math.floor(rnd() * 51);
    const limit = 1 + Math.floor(rnd() * 10);
    const expected = oracle.rank(q.source, threshold, limit);
    expect(summary(viaIndex(ix, oracle, q.source, threshold, limit)), `${q.kind} query ${q.source} at ${threshold}, limit ${limit}`).toEqual(summary(expected));
    if (expected.length > 0) matched++;
  }
  return { matched };
}
