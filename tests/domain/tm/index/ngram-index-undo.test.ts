/**
 * The n-gram index's relabels of staged units that throw part-way (an allocation) or are stopped:
 * a pending seal's adoption is all or nothing, a live relabel undoes itself, and what the import
 * does then (roll back, learn from the store) is exact against a brute-force scan.
 */
import { describe, expect, it } from 'vitest';
import { NgramIndex } from '../../../../src/domain/tm/index/ngram-index.js';
import { PendingSeal } from '../../../../src/domain/tm/index/index-growth.js';
import { drain } from '../../../../src/domain/tm/index/steps.js';
import type { UnitRecord } from '../../../../src/domain/tm/unit.js';
import { FailingNumbers, FailingSlots } from '../../../helpers/failing-maps.js';
import { compareOn, memory, Oracle } from '../../../helpers/index-oracle.js';

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
