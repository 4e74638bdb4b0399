/**
 * The index is lossless: for any query, threshold and limit, index + matcher return exactly what
 * a brute-force scan of every unit returns (same scorer, same tie order). The bulk batches staged
 * before their ids are known are in ngram-index-staged.test.ts, relabels and adoptions that throw
 * part-way in ngram-index-undo.test.ts; the oracle is tests/helpers/index-oracle.ts.
 */
import { describe, expect, it } from 'vitest';
import { prng, syntheticQueries, syntheticUnits } from '../../../../bench/synthetic.js';
import { NgramIndex } from '../../../../src/domain/tm/index/ngram-index.js';
import { TmSeeker } from '../../../../src/domain/tm/index/seeker.js';
import type { UnitRecord } from '../../../../src/domain/tm/unit.js';
import { canonicalizeLanguageTag } from '../../../../src/domain/text/language-tag.js';
import { compareOn, material, memory, Oracle, type Pair, record, summary, tiedUnits, viaIndex } from '../../../helpers/index-oracle.js';
import { wordQueries, wordUnits } from '../../../helpers/word-units.js';

describe('n-gram index: lossless against brute force', () => {
  it('returns exactly the brute-force top N on 2,000 random queries (thresholds 0-100, limits 1-10)', () => {
    const units = memory(3000, 11);
    const ix = new NgramIndex();
    const oracle = new Oracle();
    for (const u of units) {
      ix.stage(u);
      oracle.set(u);
    }
    ix.seal();
    const { matched } = compareOn(ix, oracle, 2000, 5);
    expect(matched).toBeGreaterThan(1000); // the queries do find things
  }, 120_000);

  it('stays exact through inserts, replacements, rewrites with the same texts, deletes and compaction', () => {
    const units = memory(1500, 23);
    const ix = new NgramIndex(100);
    const oracle = new Oracle();
    for (const u of units) {
      ix.stage(u);
      oracle.set(u);
    }
    ix.seal();
    const rnd = prng(99);
    const fresh = [...syntheticUnits(material, 800, 77)];
    let nextId = units.length + 1;
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 200; i++) {
        const ids = [...oracle.units.keys()];
        const r = rnd();
        if (r < 0.4) {
          const u = fresh.pop();
          if (!u) break;
          const rec = record(nextId++, u.source, u.target, i);
          ix.upsert(rec);
          oracle.set(rec);
        } else if (r < 0.55) {
          // Written again with the same texts (an edit of its note, a re-import): only its updatedAt
          // changes, which the ranking's tie-break reads from the index.
          const id = ids[Math.floor(rnd() * ids.length)] as number;
          const rec = { ...(oracle.units.get(id) as UnitRecord), updatedAt: `2024-02-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00.000Z` };
          ix.upsert(rec);
          oracle.set(rec);
        } else if (r < 0.7) {
          const id = ids[Math.floor(rnd() * ids.length)] as number;
          const old = oracle.units.get(id) as UnitRecord;
          const other = oracle.units.get(ids[Math.floor(rnd() * ids.length)] as number) as UnitRecord;
          const rec = { ...old, source: other.source, target: `${old.target} (replaced)`, updatedAt: '2024-03-01T00:00:00.000Z' };
          ix.upsert(rec);
          oracle.set(rec);
        } else {
          const id = ids[Math.floor(rnd() * ids.length)] as number;
          expect(ix.remove(id)).toBe(true);
          oracle.delete(id);
        }
      }
      expect(ix.size).toBe(oracle.units.size);
      compareOn(ix, oracle, 300, 1000 + round);
    }
    expect(ix.slotCount).toBeLessThan(units.length + 800); // compaction dropped tombstones
  }, 120_000);

  it('breaks ties on the updatedAt it holds: a unit written again with the same texts then ranks first among its equals, as brute force says', () => {
    const { ix, oracle, tied } = tiedUnits();
    const query = '鲁班工坊建设取得了新进展';
    expect(summary(viaIndex(ix, oracle, query, 70, 1))).toEqual([[1, 91]]);
    // The last of them touched later (its note edited, a re-import): same texts, the latest
    // updatedAt. Past the first chunk, its row is read only if the index knows it is newer.
    const touched = { ...(tied[11] as UnitRecord), updatedAt: '2024-05-01T00:00:00.000Z' };
    ix.upsert(touched);
    oracle.set(touched);
    expect(summary(oracle.rank(query, 70, 1))).toEqual([[12, 91]]);
    expect(summary(viaIndex(ix, oracle, query, 70, 1))).toEqual([[12, 91]]);
    // And through a seal, which lays the slots out again.
    ix.seal();
    expect(summary(viaIndex(ix, oracle, query, 70, 2))).toEqual(summary(oracle.rank(query, 70, 2)));
  });

  it('seals a staged bulk batch in steps: searches between the steps see the index as it was, and after the last one every unit', async () => {
    const units = memory(2000, 31);
    const ix = new NgramIndex(100);
    const before = new Oracle();
    for (const u of units.slice(0, 1200)) {
      ix.stage(u);
      before.set(u);
    }
    ix.seal();
    // A deleted unit (a tombstone the seal drops) and a bulk batch staged on top, as an import does.
    const gone = (units[5] as UnitRecord).id;
    ix.remove(gone);
    before.delete(gone);
    const after = new Oracle();
    for (const u of before.units.values()) after.set(u);
    // Room made first, as an import does: staging the batch then grows no array.
    ix.reserve(units.length - 1200);
    const sized = { unitIds: ix.unitIds, arena: ix.arena.data };
    for (const u of units.slice(1200)) {
      ix.stage(u);
      after.set(u);
    }
    expect(ix.unitIds === sized.unitIds && ix.arena.data === sized.arena, 'the same arrays, not regrown').toBe(true);
    let pauses = 0;
    await ix.sealInSteps(async () => {
      pauses++;
      compareOn(ix, before, 5, 3000 + pauses);
    }, 97);
    expect(pauses).toBeGreaterThan(10);
    expect(ix.size).toBe(after.units.size);
    compareOn(ix, after, 500, 4000);
    // And it stays exact for the writes that follow.
    const fresh = [...syntheticUnits(material, 300, 78)].map((u, i) => record(units.length + 1 + i, u.source, u.target, i));
    for (const u of fresh) {
      ix.upsert(u);
      after.set(u);
    }
    compareOn(ix, after, 300, 5000);
  }, 120_000);
});

describe('n-gram index: the sweep of the signature planes at the thresholds of analyses and exports', () => {
  it('equals brute force at thresholds 45-60 and limits 1-3, over deleted slots, tail slots and a bar that rises mid-sweep', () => {
    const units = memory(2500, 53);
    const ix = new NgramIndex(100_000); // no compaction: the deleted slots stay in the planes
    const oracle = new Oracle();
    for (const u of units.slice(0, 2200)) {
      ix.stage(u);
      oracle.set(u);
    }
    ix.seal();
    const rnd = prng(21);
    for (let i = 0; i < 150; i++) {
      const id = 1 + Math.floor(rnd() * 2200);
      if (oracle.units.has(id)) {
        ix.remove(id);
        oracle.delete(id);
      }
    }
    for (const u of units.slice(2200)) {
      ix.upsert(u);
      oracle.set(u);
    }
    expect(ix.slotCount - ix.sortedEnd).toBe(units.length - 2200);
    const sources = [...oracle.units.values()].map((u) => u.source);
    const queries = syntheticQueries(material, sources, 400, 61).map((q) => q.source);
    // Joins of two units, as the analysed document has: their best match is near the threshold.
    for (let i = 0; i < 100; i++) queries.push(`${sources[Math.floor(rnd() * sources.length)]}${sources[Math.floor(rnd() * sources.length)]}`);
    for (const [i, q] of queries.entries()) {
      const threshold = 45 + (i % 16);
      const limit = 1 + (i % 3);
      expect(summary(viaIndex(ix, oracle, q, threshold, limit)), `${q} at ${threshold}, limit ${limit}`).toEqual(summary(oracle.rank(q, threshold, limit)));
    }
  }, 120_000);
});

describe('n-gram index: lossless for space-delimited sources (words, inflection, punctuation, numbers)', () => {
  for (const [lang, target] of [['en', 'zh-CN'], ['ru', 'zh-CN'], ['de', 'en'], ['fr', 'ru']] as const) {
    it(`${lang} → ${target}: index + matcher equal brute force on random queries, thresholds and limits`, () => {
      const pair: Pair = { source: canonicalizeLanguageTag(lang), target: canonicalizeLanguageTag(target) };
      const units = wordUnits(lang, 1200, 7).map((u, i) => record(i + 1, u.source, u.target, i, lang, target));
      const ix = new NgramIndex();
      const oracle = new Oracle(pair);
      units.slice(0, 1000).forEach((u) => { ix.stage(u); oracle.set(u); });
      ix.seal();
      units.slice(1000).forEach((u) => { ix.upsert(u); oracle.set(u); }); // some in the unsorted tail
      const rnd = prng(3);
      let matched = 0;
      for (const q of wordQueries(lang, units.map((u) => u.source), 300, 5)) {
        const threshold = rnd() < 0.1 ? Math.floor(rnd() * 50) : 50 + Math.floor(rnd() * 51);
        const limit = 1 + Math.floor(rnd() * 10);
        const expected = oracle.rank(q, threshold, limit);
        expect(summary(viaIndex(ix, oracle, q, threshold, limit, pair)), `${q} at ${threshold}, limit ${limit}`).toEqual(summary(expected));
        if (expected.some((m) => m.score >= 100)) matched++;
      }
      expect(matched).toBeGreaterThan(50); // exact copies are found
    }, 60_000);
  }
});

describe('n-gram index: updates', () => {
  it('is exact on units written one by one after an empty build (all in the unsorted tail)', () => {
    const ix = new NgramIndex();
    ix.seal();
    const oracle = new Oracle();
    for (const u of memory(800, 41)) {
      ix.upsert(u);
      oracle.set(u);
    }
    expect(ix.sortedEnd).toBe(0);
    compareOn(ix, oracle, 300, 8);
  }, 60_000);

  it('finds a unit by the very next search, and not after it is removed', () => {
    const ix = new NgramIndex();
    const oracle = new Oracle();
    const u = record(1, '中国同中亚国家的交往合作。', 'x', 0);
    ix.upsert(u);
    oracle.set(u);
    expect(summary(viaIndex(ix, oracle, '中国同中亚国家的交往合作。', 70, 5))).toEqual([[1, 100]]);
    ix.remove(1);
    expect(viaIndex(ix, oracle, '中国同中亚国家的交往合作。', 70, 5)).toEqual([]);
    expect(ix.remove(1)).toBe(false);
  });

  it('upserting unchanged texts keeps the slot; changed texts move the unit', () => {
    const ix = new NgramIndex();
    ix.upsert(record(1, '鲁班工坊。', 'Luban Workshop.', 0));
    ix.upsert(record(1, '鲁班工坊。', 'Luban Workshop.', 1));
    expect(ix.slotCount).toBe(1);
    ix.upsert(record(1, '鲁班工坊建设。', 'Luban Workshop.', 1));
    expect([ix.slotCount, ix.size]).toEqual([2, 1]);
  });

  it('puts zh-TW and zh-CN sources of a memory in one partition, en-US and en in one target; other memories apart', () => {
    const ix = new NgramIndex();
    expect(ix.partitionFor('m', 'zh-TW', 'en-US')).toBe(ix.partitionFor('m', 'zh-CN', 'en'));
    expect(ix.partitionFor('m', 'zh-CN', 'ru')).not.toBe(ix.partitionFor('m', 'zh-CN', 'en'));
    expect(ix.partitionFor('n', 'zh-CN', 'en')).not.toBe(ix.partitionFor('m', 'zh-CN', 'en'));
  });

  it('moves a unit to the partition of its new memory, and drops a deleted memory', () => {
    const ix = new NgramIndex();
    ix.upsert(record(1, '鲁班工坊。', 'Luban Workshop.', 0));
    ix.upsert({ ...record(2, '鲁班工坊建设。', 'Luban Workshops.', 0), memory: 'n' });
    const seeker = new TmSeeker(ix);
    const m = ix.partitionFor('m', 'zh-CN', 'en');
    const n = ix.partitionFor('n', 'zh-CN', 'en');
    expect(seeker.fuzzy(n, '鲁班工坊。', 50, 5).map((c) => c.unitId)).toEqual([2]);
    ix.upsert({ ...record(1, '鲁班工坊。', 'Luban Workshop.', 0), memory: 'n' });
    expect(seeker.fuzzy(m, '鲁班工坊。', 50, 5)).toEqual([]);
    expect(seeker.fuzzy(n, '鲁班工坊。', 50, 5).map((c) => c.unitId).sort()).toEqual([1, 2]);
    ix.dropMemory('n');
    expect(ix.size).toBe(0);
    expect(seeker.fuzzy(n, '鲁班工坊。', 0, 5)).toEqual([]);
  });
});
