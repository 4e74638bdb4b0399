/**
 * The index is lossless: for any query, threshold and limit, index + matcher return exactly what
 * a brute-force scan of every unit returns (same scorer, same tie order).
 */
import { describe, expect, it } from 'vitest';
import { loadSeedMaterial, prng, syntheticQueries, syntheticUnits } from '../../../../bench/synthetic.js';
import type { MatchKey } from '../../../../src/domain/tm/match-key.js';
import { Vocabulary } from '../../../../src/domain/tm/vocabulary.js';
import { compareCandidates, compareMatches, FIRST_MEMORY, MatchCollector, prepareQuery, scoreUnit, type TmMatch, unitKey } from '../../../../src/domain/tm/scoring/matcher.js';
import { NgramIndex } from '../../../../src/domain/tm/index/ngram-index.js';
import { TmSeeker } from '../../../../src/domain/tm/index/seeker.js';
import { PendingSeal } from '../../../../src/domain/tm/index/index-growth.js';
import { drain } from '../../../../src/domain/tm/index/steps.js';
import { planeChunks } from '../../../../src/domain/tm/index/signature-planes.js';
import type { UnitRecord } from '../../../../src/domain/tm/unit.js';
import { canonicalizeLanguageTag, type LanguageTag } from '../../../../src/domain/text/language-tag.js';
import { FailingNumbers, FailingSlots } from '../../../helpers/failing-maps.js';
import { wordQueries, wordUnits } from '../../../helpers/word-units.js';

const ZH = canonicalizeLanguageTag('zh-CN');
const EN = canonicalizeLanguageTag('en');
const material = loadSeedMaterial();
const vocabulary = new Vocabulary();

function record(id: number, source: string, target: string, day: number, sourceLang = 'zh-CN', targetLang = 'en'): UnitRecord {
  const at = `2024-01-${String(1 + (day % 28)).padStart(2, '0')}T00:00:00.000Z`;
  return { id, memory: 'm', sourceLang, targetLang, source, target, context: {}, origin: {}, note: null, createdBy: 't', createdAt: at, updatedBy: 't', updatedAt: at, usageCount: 0 };
}

/** A memory of `n` synthetic units plus the seed sentences, with some same-source duplicates (ties). */
function memory(n: number, seed: number): UnitRecord[] {
  const units = [...syntheticUnits(material, n, seed)].map((u, i) => record(i + 1, u.source, u.target, i));
  material.sentences.forEach((s, i) => units.push(record(units.length + 1, s.source, s.target, i)));
  for (let i = 0; i < 40; i++) units.push(record(units.length + 1, (units[i * 7] as UnitRecord).source, `duplicate ${i}`, i % 3));
  return units;
}

/** A language pair of a test: tags as the index and the matcher take them. */
interface Pair {
  source: LanguageTag;
  target: LanguageTag;
}
const ZH_EN: Pair = { source: ZH, target: EN };

class Oracle {
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

function viaIndex(ix: NgramIndex, oracle: Oracle, source: string, threshold: number, limit: number, pair: Pair = ZH_EN): TmMatch[] {
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

const summary = (ms: TmMatch[]) => ms.map((m) => [m.unit.id, m.score]);

/** Twelve units with one source and other targets, each written a day earlier than the one before (ties broken by updatedAt). */
function tiedUnits(): { ix: NgramIndex; oracle: Oracle; tied: UnitRecord[] } {
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

function compareOn(ix: NgramIndex, oracle: Oracle, queries: number, seed: number): { matched: number } {
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

describe('n-gram index: a bulk batch staged before its ids are known (an import folded while it commits)', () => {
  function built(): { ix: NgramIndex; oracle: Oracle; batch: UnitRecord[] } {
    const units = memory(1500, 41);
    const ix = new NgramIndex(100);
    const oracle = new Oracle();
    for (const u of units.slice(0, 1000)) {
      ix.stage(u);
      oracle.set(u);
    }
    ix.seal();
    return { ix, oracle, batch: units.slice(1000) };
  }

  it('rolled back in steps, searches between them exact, leaves the index as it was: same searches, size, slots and arena, and writes after it stay exact', () => {
    const { ix, oracle, batch } = built();
    const was = { size: ix.size, slots: ix.slotCount, arena: ix.arena.length };
    const mark = ix.mark();
    batch.forEach((u, k) => ix.stage({ ...u, id: -(k + 1) }));
    compareOn(ix, oracle, 100, 6000);
    let steps = 0;
    for (const _ of ix.rollbackInSteps(mark, 97)) compareOn(ix, oracle, 5, 6050 + steps++);
    expect(steps).toBe(Math.ceil(batch.length / 97) - 1);
    expect({ size: ix.size, slots: ix.slotCount, arena: ix.arena.length }).toEqual(was);
    expect(ix.has(-1)).toBe(false);
    compareOn(ix, oracle, 300, 6100);
    for (const u of batch.slice(0, 200)) {
      ix.upsert(u);
      oracle.set(u);
    }
    compareOn(ix, oracle, 300, 6200);
  });

  it('rolled back after some staged units were removed meanwhile, counts each partition\'s live slots once', () => {
    const { ix, oracle, batch } = built();
    const was = { size: ix.size, slots: ix.slotCount };
    const mark = ix.mark();
    batch.forEach((u, k) => ix.stage({ ...u, id: -(k + 1) }));
    // Removed between two pages of the fold (a memory dropped): killed, not cut off yet; the fold
    // holds compactions meanwhile (bulk-fold.ts), as here.
    ix.holds++;
    for (const id of [-1, -7, -200]) ix.remove(id);
    drain(ix.rollbackInSteps(mark, 97));
    ix.holds--;
    expect({ size: ix.size, slots: ix.slotCount }).toEqual(was);
    const live = ix.partitions.map(() => 0);
    for (let s = 0; s < ix.slotCount; s++) if (ix.alive[s]) live[ix.partitionOf[s] as number]! += 1;
    expect(ix.partitions.map((p) => p.alive)).toEqual(live);
    compareOn(ix, oracle, 300, 6300);
  });

  it('relabelled with the ids the store gave (in another order) and sealed, finds every unit under its id', async () => {
    const { ix, oracle, batch } = built();
    const mark = ix.mark();
    batch.forEach((u, k) => ix.stage({ ...u, id: -(k + 1) }));
    // The store gives ids in its own order: here the batch reversed, from 5001.
    const ids = new Float64Array(batch.map((_, k) => 5001 + batch.length - 1 - k));
    drain(ix.relabelStagedInSteps(Uint32Array.from(batch, (_, k) => mark.slots + k), (k) => -(k + 1), ids));
    batch.forEach((u, k) => oracle.set({ ...u, id: ids[k] as number }));
    await ix.sealInSteps(async () => undefined);
    expect(ix.size).toBe(oracle.units.size);
    expect(ix.has(-1)).toBe(false);
    compareOn(ix, oracle, 500, 6300);
  }, 60_000);

  it('laid out before its ids are known (a pending seal) and then relabelled in that layout, finds every unit under its id', async () => {
    const { ix, oracle, batch } = built();
    batch.forEach((u, k) => ix.stage({ ...u, id: -(k + 1) }));
    let steps = 0;
    const seal = ix.pendingSeal(async () => { steps++; }, 50);
    await seal.built;
    // Built, not installed: searches still answer from the old layout (the batch not found).
    compareOn(ix, oracle, 100, 6350);
    const ids = new Float64Array(batch.map((_, k) => 7001 + batch.length - 1 - k));
    await seal.adopt((k) => -(k + 1), ids, async () => undefined);
    expect(seal.installed).toBe(true);
    expect(steps).toBeGreaterThan(10);
    batch.forEach((u, k) => oracle.set({ ...u, id: ids[k] as number }));
    expect(ix.size).toBe(oracle.units.size);
    expect(ix.has(-1)).toBe(false);
    expect(ix.sortedEnd).toBe(ix.slotCount);
    compareOn(ix, oracle, 500, 6400);
    // Writes after it find the units' slots by their ids.
    for (const u of batch.slice(0, 100)) {
      expect(ix.remove(ids[batch.indexOf(u)] as number)).toBe(true);
      oracle.delete(ids[batch.indexOf(u)] as number);
    }
    compareOn(ix, oracle, 300, 6500);
  }, 60_000);

  it('with units the commit found stored (NaN ids), adopted in its pending layout: those are tombstones there, the rest found under their ids, and writes and a compaction after it stay exact', async () => {
    const { ix, oracle, batch } = built();
    batch.forEach((u, k) => ix.stage({ ...u, id: -(k + 1) }));
    // The search's planes of the new layout built while the commit would run, before the install.
    let planes: Promise<void> | undefined;
    const seal = ix.pendingSeal(async () => undefined, 50, (layout) => (planes = new TmSeeker(ix).prepareAhead(layout, async () => undefined)));
    await seal.built;
    await planes;
    // Every seventh staged unit was stored already: the store refreshed it and gave it no new id.
    const ids = new Float64Array(batch.map((_, k) => (k % 7 === 3 ? NaN : 8001 + k)));
    await seal.adopt((k) => -(k + 1), ids, async () => undefined);
    expect(seal.installed).toBe(true);
    const chunks = planeChunks(ix);
    expect(chunks.built, 'every chunk of the planes built before any search').toBe(chunks.of);
    batch.forEach((u, k) => { if (k % 7 !== 3) oracle.set({ ...u, id: ids[k] as number }); });
    expect(ix.size).toBe(oracle.units.size);
    expect(batch.some((_, k) => ix.has(-(k + 1)))).toBe(false);
    const slots = ix.slotCount;
    compareOn(ix, oracle, 400, 6450);
    // The tombstones count: removals that bring them to a quarter of the slots compact the index.
    const live = [...oracle.units.keys()];
    const removals = Math.ceil(slots / 4) - batch.filter((_, k) => k % 7 === 3).length;
    for (const id of live.slice(0, removals)) {
      expect(ix.remove(id)).toBe(true);
      oracle.delete(id);
    }
    expect(ix.slotCount, 'compacted: tombstones dropped').toBe(oracle.units.size);
    compareOn(ix, oracle, 300, 6460);
  }, 60_000);

  it('with units the commit found stored (NaN ids), relabelled in the live index: those removed, and the seal after it drops them', async () => {
    const { ix, oracle, batch } = built();
    const mark = ix.mark();
    batch.forEach((u, k) => ix.stage({ ...u, id: -(k + 1) }));
    const ids = new Float64Array(batch.map((_, k) => (k % 5 === 0 ? NaN : 9001 + k)));
    drain(ix.relabelStagedInSteps(Uint32Array.from(batch, (_, k) => mark.slots + k), (k) => -(k + 1), ids, 64));
    batch.forEach((u, k) => { if (k % 5 !== 0) oracle.set({ ...u, id: ids[k] as number }); });
    expect(ix.size).toBe(oracle.units.size);
    await ix.sealInSteps(async () => undefined);
    expect(ix.slotCount).toBe(oracle.units.size);
    compareOn(ix, oracle, 400, 6470);
  }, 60_000);

  it('takes the updatedAt of units refreshed outside it: a refreshed unit then ranks first among its ties, as brute force says', () => {
    const { ix, oracle, tied } = tiedUnits();
    const later = '2024-05-01T00:00:00.000Z';
    drain(ix.touchInSteps([12, 999], later, 1));
    oracle.set({ ...(tied[11] as UnitRecord), updatedAt: later });
    const query = '鲁班工坊建设取得了新进展';
    expect(summary(viaIndex(ix, oracle, query, 70, 2))).toEqual(summary(oracle.rank(query, 70, 2)));
    expect(summary(viaIndex(ix, oracle, query, 70, 1))).toEqual([[12, 91]]);
  });

  it('dropped while its layout is still being built, stops building at once and leaves the index as it was', async () => {
    const { ix, oracle, batch } = built();
    const was = { size: ix.size, slots: ix.slotCount, layout: ix.layout };
    const mark = ix.mark();
    batch.forEach((u, k) => ix.stage({ ...u, id: -(k + 1) }));
    // How many steps a whole layout takes, on a copy of the same index.
    const whole = built().ix;
    batch.forEach((u, k) => whole.stage({ ...u, id: -(k + 1) }));
    let wholeSteps = 0;
    await whole.pendingSeal(async () => { wholeSteps++; }, 50).built;
    let steps = 0;
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    const seal = ix.pendingSeal(async () => { steps++; await turn(); }, 50);
    await turn();
    await turn();
    await seal.drop(async () => undefined);
    expect(steps, `a whole layout takes ${wholeSteps} steps`).toBeLessThan(wholeSteps / 4);
    drain(ix.rollbackInSteps(mark, 97));
    expect({ size: ix.size, slots: ix.slotCount, layout: ix.layout }).toEqual(was);
    compareOn(ix, oracle, 200, 6480);
    // The unit map points at the live slots again: removing and rewriting units works.
    for (const u of [...oracle.units.values()].slice(0, 150)) {
      expect(ix.remove(u.id)).toBe(true);
      oracle.delete(u.id);
    }
    compareOn(ix, oracle, 200, 6490);
  }, 60_000);

  it('laid out, its planes being built ahead, and then dropped: the planes stop at their next chunk, ending the loop that holds the layout', async () => {
    // Twenty thousand units, half sealed and half staged: the new layout's planes are 10 chunks.
    const units = memory(20_000, 43);
    const ix = new NgramIndex();
    const oracle = new Oracle();
    const half = units.length >> 1;
    for (const u of units.slice(0, half)) {
      ix.stage(u);
      oracle.set(u);
    }
    ix.seal();
    const mark = ix.mark();
    units.slice(half).forEach((u, k) => ix.stage({ ...u, id: -(k + 1) }));
    const chunksOfLayout = Math.ceil(ix.slotCount / 2048);
    let chunks = 0;
    let planes: Promise<void> | undefined;
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    const seal = ix.pendingSeal(async () => undefined, 1000, (layout, dropped) => (planes = new TmSeeker(ix).prepareAhead(layout, async () => { chunks++; await turn(); }, dropped)));
    await seal.built;
    await seal.drop(async () => undefined);
    const atDrop = chunks;
    await planes;
    expect(chunksOfLayout).toBeGreaterThanOrEqual(10);
    expect(chunks - atDrop, `chunks built after the drop (of ${chunksOfLayout})`).toBeLessThanOrEqual(1);
    drain(ix.rollbackInSteps(mark, 997));
    compareOn(ix, oracle, 100, 6590);
  }, 60_000);

  it('laid out and then dropped (the commit failed), leaves the index as it was, and writes after it stay exact', async () => {
    const { ix, oracle, batch } = built();
    const was = { size: ix.size, slots: ix.slotCount, arena: ix.arena.length, layout: ix.layout };
    const mark = ix.mark();
    batch.forEach((u, k) => ix.stage({ ...u, id: -(k + 1) }));
    const seal = ix.pendingSeal(async () => undefined, 50);
    await seal.built;
    await seal.drop(async () => undefined);
    drain(ix.rollbackInSteps(mark, 97));
    expect(seal.installed).toBe(false);
    expect({ size: ix.size, slots: ix.slotCount, arena: ix.arena.length, layout: ix.layout }).toEqual(was);
    expect(ix.has(-1)).toBe(false);
    compareOn(ix, oracle, 300, 6600);
    // The unit map points at the live slots again: removing and rewriting units works.
    for (const u of [...oracle.units.values()].slice(0, 150)) {
      expect(ix.remove(u.id)).toBe(true);
      oracle.delete(u.id);
    }
    for (const u of batch.slice(0, 200)) {
      ix.upsert(u);
      oracle.set(u);
    }
    compareOn(ix, oracle, 300, 6700);
  }, 60_000);
});

/** Every seventh staged unit was stored already (NaN: removed); the rest get ids from 20001; relabelled 50 a step. */
const RELABEL_STEP = 50;
const relabelIds = (n: number) => Float64Array.from({ length: n }, (_, k) => (k % 7 === 3 ? NaN : 20_001 + k));
/** Where a relabel's writes throw: the `map`-th new id put in the unit map, or the `numbers`-th folded numbers moved to a new id. */
const RELABEL_FAILURES: [string, { map?: number; numbers?: number }][] = [
  ['the first new id put in the unit map', { map: 1 }],
  ['the last new id of the first step', { map: 43 }],
  ['the first new id of the second step', { map: 44 }],
  ['a new id in the fifth step', { map: 190 }],
  ['the last new id', { map: 429 }],
  ['the first folded numbers moved to a new id', { numbers: 1 }],
  ['folded numbers moved in a later step', { numbers: 60 }],
];

/** 1,000 stored units sealed in an index whose unit map and folded numbers fail on demand, and the rest of a memory staged under provisional ids. */
function stagedOverStored() {
  const units = memory(1500, 41);
  const slots = new FailingSlots();
  const ix = new NgramIndex(100, slots);
  const numbers = new FailingNumbers();
  ix.numbers = numbers;
  const oracle = new Oracle();
  for (const u of units.slice(0, 1000)) {
    ix.stage(u);
    oracle.set(u);
  }
  ix.seal();
  const batch = units.slice(1000);
  const was = { size: ix.size, slots: ix.slotCount, arena: ix.arena.length, layout: ix.layout, numbers: [...numbers.keys()].sort() };
  const mark = ix.mark();
  batch.forEach((u, k) => ix.stage({ ...u, id: -(k + 1) }));
  return { ix, slots, numbers, oracle, batch, was, mark };
}

/** After a failed relabel and its rollback, what bulk-import.ts then does: the committed units learned from the store, exactly. */
function learnedAfter(ix: NgramIndex, oracle: Oracle, batch: readonly UnitRecord[], ids: Float64Array, seed: number): void {
  batch.forEach((u, k) => {
    const id = ids[k] as number;
    if (Number.isNaN(id)) return;
    ix.upsert({ ...u, id });
    oracle.set({ ...u, id });
  });
  expect(ix.size).toBe(oracle.units.size);
  compareOn(ix, oracle, 120, seed);
}

describe('n-gram index: a pending seal whose adoption throws part-way (an allocation) is adopted all or nothing', () => {
  const failures: [string, { map?: number; numbers?: number; install?: boolean }][] = [['the install being prepared', { install: true }], ...RELABEL_FAILURES];

  it.each(failures)('thrown at %s: the index is as it was, the staged units roll back, and the units learned after are exact', async (_, at) => {
    const { ix, slots, numbers, oracle, batch, was, mark } = stagedOverStored();
    expect(numbers.size - was.numbers.length, 'staged units with folded numbers').toBeGreaterThan(60);
    // The install's allocations fail: a pending seal made with an installer that throws.
    const seal = at.install ? new PendingSeal(ix, slots, async () => undefined, 50, () => { throw new RangeError('Array buffer allocation failed'); })
      : ix.pendingSeal(async () => undefined, 50);
    await seal.built;
    slots.failAt = at.map ?? 0;
    numbers.failAt = at.numbers ?? 0;
    const ids = relabelIds(batch.length);
    let pauses = 0;
    await expect(seal.adopt((k) => -(k + 1), ids, async () => { pauses++; }, RELABEL_STEP)).rejects.toThrow(RangeError);
    slots.failAt = 0;
    numbers.failAt = 0;
    if (at.map !== undefined && at.map > 43) expect(pauses, 'thrown after a step').toBeGreaterThan(0);
    expect(seal.installed).toBe(false);
    // What the fold's caller does then (bulk-import.ts commitFolded): drop, roll back, learn from the store.
    await seal.drop(async () => undefined);
    drain(ix.rollbackInSteps(mark, 97));
    expect({ size: ix.size, slots: ix.slotCount, arena: ix.arena.length, layout: ix.layout, numbers: [...numbers.keys()].sort() }).toEqual(was);
    expect(ix.provisionalUnits).toBe(0);
    expect(batch.some((_, k) => ix.has(20_001 + k) || ix.has(-(k + 1)))).toBe(false);
    compareOn(ix, oracle, 60, 6800);
    learnedAfter(ix, oracle, batch, ids, 6810);
  }, 60_000);
});

describe('n-gram index: a relabel of staged units in the live index that throws part-way, or is stopped, undoes itself', () => {
  const failures: [string, { map?: number; numbers?: number; stopAfter?: number }][] = [...RELABEL_FAILURES, ['a caller that stops after the relabel\'s third step', { stopAfter: 3 }]];

  it.each(failures)('thrown at %s: the staged units are back under their provisional ids, and rolled back and learned from the store they are found as a scan finds them', (_, at) => {
    const { ix, slots, numbers, oracle, batch, mark } = stagedOverStored();
    const staged = { size: ix.size, slots: ix.slotCount, layout: ix.layout, numbers: [...numbers.keys()].sort(), alive: ix.alive.slice(0, ix.slotCount) };
    expect(staged.numbers.filter((id) => id < 0).length, 'staged units with folded numbers').toBeGreaterThan(60);
    slots.failAt = at.map ?? 0;
    numbers.failAt = at.numbers ?? 0;
    const ids = relabelIds(batch.length);
    const steps = ix.relabelStagedInSteps(Uint32Array.from(batch, (_u, k) => mark.slots + k), (k) => -(k + 1), ids, RELABEL_STEP);
    let yields = 0;
    if (at.stopAfter !== undefined) {
      // The live slots are looked up first, a step of STEP units a yield; then the relabel's steps.
      const stop = Math.ceil(batch.length / RELABEL_STEP) - 1 + at.stopAfter;
      for (const _step of steps) if (++yields === stop) break;
    } else {
      expect(() => {
        for (const _step of steps) yields++;
      }).toThrow(RangeError);
    }
    slots.failAt = 0;
    numbers.failAt = 0;
    if ((at.map ?? 0) > 43 || at.stopAfter !== undefined) expect(yields, 'undone after a step').toBeGreaterThan(0);
    expect({ size: ix.size, slots: ix.slotCount, layout: ix.layout, numbers: [...numbers.keys()].sort(), alive: ix.alive.slice(0, ix.slotCount) }).toEqual(staged);
    expect(ix.provisionalUnits).toBe(batch.length);
    expect(batch.every((_u, k) => ix.has(-(k + 1)) && !ix.has(20_001 + k))).toBe(true);
    // Staged slots are not searched: the index answers as a scan of the stored units.
    compareOn(ix, oracle, 60, 6900);
    // What the fold's caller does then (bulk-import.ts commitFolded): roll back, learn from the store.
    drain(ix.rollbackInSteps(mark, 97));
    expect(ix.provisionalUnits).toBe(0);
    learnedAfter(ix, oracle, batch, ids, 6910);
  }, 60_000);
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
