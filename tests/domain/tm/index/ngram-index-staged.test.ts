/**
 * The n-gram index's bulk batches staged before their ids are known (an import folded while it
 * commits): rolled back, relabelled, laid out in a pending seal and adopted or dropped, with every
 * search between the steps and after them equal to a brute-force scan (tests/helpers/index-oracle.ts).
 */
import { describe, expect, it } from 'vitest';
import { NgramIndex } from '../../../../src/domain/tm/index/ngram-index.js';
import { TmSeeker } from '../../../../src/domain/tm/index/seeker.js';
import { drain } from '../../../../src/domain/tm/index/steps.js';
import { planeChunks } from '../../../../src/domain/tm/index/signature-planes.js';
import type { UnitRecord } from '../../../../src/domain/tm/unit.js';
import { compareOn, memory, Oracle, summary, tiedUnits, viaIndex } from '../../../helpers/index-oracle.js';

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

