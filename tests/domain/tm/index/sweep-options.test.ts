/**
 * The sweep for the exchange (ngram-search.ts `SweepOptions`): the shorter lengths first return
 * the same candidates as the nearest first; with bands, the best match found is in the band of
 * the best a brute-force scan finds, for edited copies, joins of two units and unrelated
 * sentences; and both do less work where they are meant to.
 */
import { describe, expect, it } from 'vitest';
import { loadSeedMaterial, prng, syntheticQueries, syntheticUnits } from '../../../../bench/synthetic.js';
import { BAND_EDGES, bandOf } from '../../../../src/domain/analysis/bands.js';
import { NgramIndex } from '../../../../src/domain/tm/index/ngram-index.js';
import type { SearchStats, SweepOptions } from '../../../../src/domain/tm/index/ngram-search.js';
import { TmSeeker } from '../../../../src/domain/tm/index/seeker.js';
import { compareCandidates, compareMatches, FIRST_MEMORY, MatchCollector, prepareQuery, scoreUnit, type TmMatch } from '../../../../src/domain/tm/scoring/matcher.js';
import type { UnitRecord } from '../../../../src/domain/tm/unit.js';
import { canonicalizeLanguageTag } from '../../../../src/domain/text/language-tag.js';

const ZH = canonicalizeLanguageTag('zh-CN');
const EN = canonicalizeLanguageTag('en');
const material = loadSeedMaterial();

function record(id: number, source: string): UnitRecord {
  const at = `2024-01-${String(1 + (id % 28)).padStart(2, '0')}T00:00:00.000Z`;
  return { id, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source, target: `t${id}`, context: {}, origin: {}, note: null,
    createdBy: 't', createdAt: at, updatedBy: 't', updatedAt: at, usageCount: 0 };
}

function indexOf(units: readonly UnitRecord[]): { ix: NgramIndex; part: number; seeker: TmSeeker } {
  const ix = new NgramIndex();
  for (const u of units) ix.stage(u);
  ix.seal();
  return { ix, part: ix.partitionFor('m', 'zh-CN', 'en'), seeker: new TmSeeker(ix) };
}

/** As the service does: the candidates scored best base first until nothing later can enter. */
function best(seeker: TmSeeker, part: number, units: ReadonlyMap<number, UnitRecord>, source: string, options?: SweepOptions): TmMatch | undefined {
  const pq = prepareQuery({ source, sourceLang: ZH, targetLang: EN });
  const candidates = seeker.fuzzy(part, source, 50, 1, undefined, options).sort(compareCandidates);
  const collector = new MatchCollector(pq, 50, 1);
  for (let i = 0, done = false; !done;) {
    const { chunk, next, done: end } = collector.take(candidates, i, 2);
    collector.add(chunk.map((c) => units.get(c.unitId) as UnitRecord), FIRST_MEMORY, new Map(chunk.map((c) => [c.unitId, c.base])));
    [i, done] = [next, end];
  }
  return collector.results()[0];
}

/** Brute force: every unit scored. */
function scanBest(units: Iterable<UnitRecord>, source: string): TmMatch | undefined {
  const pq = prepareQuery({ source, sourceLang: ZH, targetLang: EN });
  const all: TmMatch[] = [];
  for (const u of units) {
    const m = scoreUnit(pq, u, 50);
    if (m) all.push(m);
  }
  return all.sort(compareMatches)[0];
}

/** A memory of synthetic units and the queries of a document: edited copies, joins of two units (as the benchmark's document makes them), unrelated sentences. */
function corpus(seed: number) {
  const units = [...syntheticUnits(material, 1500, seed)].map((u, i) => record(i + 1, u.source));
  const sources = units.map((u) => u.source);
  const rnd = prng(seed);
  const queries = syntheticQueries(material, sources, 150, seed).map((q) => q.source);
  for (let i = 0; i < 150; i++) {
    const a = sources[Math.floor(rnd() * sources.length)] as string;
    const b = sources[Math.floor(rnd() * sources.length)] as string;
    queries.push(`${a.replace(/[。！？]+$/u, '')}，${b}`);
  }
  return { units, queries };
}

describe('the sweep for the exchange', () => {
  it('returns the same candidates sweeping the shorter lengths first, at every limit and threshold', () => {
    const { units, queries } = corpus(31);
    const { seeker, part } = indexOf(units);
    const rnd = prng(5);
    for (const q of queries) {
      const threshold = Math.floor(rnd() * 101);
      const limit = 1 + Math.floor(rnd() * 5);
      const ids = (options?: SweepOptions) => seeker.fuzzy(part, q, threshold, limit, undefined, options).map((c) => [c.unitId, c.base]).sort((x, y) => (x[0] as number) - (y[0] as number));
      expect(ids({ shorterFirst: true }), `${q} at ${threshold}, limit ${limit}`).toEqual(ids());
    }
  });

  it('returns the same candidates in both orders for units at the window\'s longest length', () => {
    // Each query padded to floor(100 L / t) characters: a unit at the top of the window at threshold t.
    const queries = corpus(31).queries.filter((q) => /^[^\p{N}\p{Script=Latin}\s]+$/u.test(q)).slice(0, 30);
    const thresholds = [40, 50, 60, 70, 80, 90];
    const units = queries.flatMap((q) => thresholds.map((t) => q + '丨'.repeat(Math.floor((100 * [...q].length) / t) - [...q].length)))
      .map((source, i) => record(i + 1, source));
    const { seeker, part } = indexOf(units);
    expect(queries.length).toBeGreaterThan(10);
    for (const q of queries) {
      for (const t of thresholds) {
        for (const limit of [1, 3, 10]) {
          const ids = (options?: SweepOptions) => seeker.fuzzy(part, q, t, limit, undefined, options).map((c) => [c.unitId, c.base]).sort((x, y) => (x[0] as number) - (y[0] as number));
          const nearest = ids();
          expect(nearest.length).toBeGreaterThan(0);
          expect(ids({ shorterFirst: true }), `${q} at ${t}, limit ${limit}`).toEqual(nearest);
        }
      }
    }
  });

  it('finds a best match in the band of the scan\'s best, with bands, in either order', () => {
    const { units, queries } = corpus(47);
    const { seeker, part } = indexOf(units);
    const byId = new Map(units.map((u) => [u.id, u]));
    const bands = new Map<string, number>();
    let fewer = 0;
    for (const q of queries) {
      const expected = bandOf(scanBest(units, q)?.score);
      bands.set(expected, (bands.get(expected) ?? 0) + 1);
      for (const shorterFirst of [false, true]) {
        expect(bandOf(best(seeker, part, byId, q, { bands: BAND_EDGES, shorterFirst })?.score), `${q}, shorter first: ${shorterFirst}`).toBe(expected);
      }
      const plain = seeker.fuzzy(part, q, 50, 1).length;
      if (seeker.fuzzy(part, q, 50, 1, undefined, { bands: BAND_EDGES }).length < plain) fewer++;
    }
    // The queries reach every band the scan can tell apart, and the bands leave candidates out.
    expect([...bands.keys()].sort()).toEqual(['50-74', '75-84', '85-94', '95-99', 'exact', 'none'].sort());
    expect(fewer).toBeGreaterThan(3);
  });

  it('stops looking below the next edge once the best band is settled', () => {
    // The query is 20 characters; a unit of its first 16 scores 80 (at least 75 after any
    // penalty: the 75-84 band), and units of the same length with 3 or 4 characters changed
    // score 80-85: only those reaching 85 can lift the band.
    const q = '中国同中亚五国的合作不断深化拓展共创美好';
    const units = [record(1, q.slice(0, 16))];
    const rnd = prng(3);
    for (let i = 0; i < 40; i++) {
      const chars = [...q];
      for (let k = 0; k < 3 + (i % 2); k++) chars[Math.floor(rnd() * 20)] = '〇一二三四五六七八九'[Math.floor(rnd() * 10)] as string;
      units.push(record(units.length + 1, chars.join('')));
    }
    const { seeker, part } = indexOf(units);
    const work = (options?: SweepOptions): SearchStats & { found: number } => {
      const stats: SearchStats = { verified: 0, signed: 0, distances: 0 };
      const found = seeker.fuzzy(part, q, 50, 1, stats, options).length;
      return { ...stats, found };
    };
    const plain = work();
    const banded = work({ bands: BAND_EDGES, shorterFirst: true });
    expect(banded.found).toBeLessThan(plain.found);
    expect(banded.distances).toBeLessThan(plain.distances);
  });

  it('settles a join\'s band before sweeping the longer lengths when the shorter go first', () => {
    // A join of two clauses (23 characters): its best unit is the longer clause alone (16
    // characters, 69: the 50-74 band), and units of 24 characters sharing its first 13 score 54.
    const a = '中国同中亚五国的合作不断深化拓展';
    const q = `${a}，共创美好未来`;
    const units = [record(1, a)];
    for (let i = 0; i < 30; i++) units.push(record(units.length + 1, `${q.slice(0, 13)}${'〇一二三四五六七八九'.repeat(3).slice(i % 10, (i % 10) + 11)}`));
    const { seeker, part } = indexOf(units);
    const distances = (shorterFirst: boolean) => {
      const stats: SearchStats = { verified: 0, signed: 0, distances: 0 };
      seeker.fuzzy(part, q, 50, 1, stats, { bands: BAND_EDGES, shorterFirst });
      return stats.distances;
    };
    expect(distances(true)).toBeLessThan(distances(false));
  });
});
