/**
 * A bulk import's fold adopted after its commit (bulk-fold.ts): while the staged units are
 * relabelled, those the commit found stored and refreshed leave the index's unit map step by
 * step, and the TM's size (the index's size less the units the fold counts out, tm.ts unitCount)
 * stays what it was before the commit until the fold ends, as a rollback keeps it; and a fold
 * whose memory is deleted between its pages counts out only the staged units still indexed; a
 * fold whose adoption throws part-way counts its staged units out until they are rolled back, and
 * once the committed units are learned from the store the size and the searches are a scan's.
 */
import { describe, expect, it } from 'vitest';
import { NgramIndex } from '../../../src/domain/tm/index/ngram-index.js';
import { TmSeeker } from '../../../src/domain/tm/index/seeker.js';
import type { UnitSlots } from '../../../src/domain/tm/index/unit-slots.js';
import { BulkFold } from '../../../src/services/tm/bulk-fold.js';
import type { BulkWriteCounts, UnitTexts } from '../../../src/store/types.js';
import { FailingSlots } from '../../helpers/failing-maps.js';

const STORED = 2_000;
const STAGED = 4_000;
const at = '2024-01-01T00:00:00.000Z';
const stamp = '2024-06-01T00:00:00.000Z';
/** Two CJK characters of their own for each n. */
const chars = (n: number) => String.fromCharCode(0x4e00 + (n % 400), 0x5200 + Math.floor(n / 400));
const unit = (id: number, n: number): UnitTexts => ({ id, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: `关于${chars(n)}的话。`, target: `Sentence ${n}.`, updatedAt: at });
/** Staging position p (1-based): every tenth is stored unit p / 10 (refreshed by the commit), the rest new. */
const refreshedAt = (p: number) => p % 10 === 0;

function stored(slots?: UnitSlots): NgramIndex {
  const ix = new NgramIndex(undefined, slots);
  for (let id = 1; id <= STORED; id++) ix.stage(unit(id, id));
  ix.seal();
  return ix;
}

/** What the commit reports: new ids given in reverse staging order, the refreshed positions with their stored units. */
function committed(): BulkWriteCounts {
  const positions = Array.from({ length: STAGED }, (_, k) => k + 1);
  const created = positions.filter((p) => !refreshedAt(p)).reverse();
  const refreshed = positions.filter(refreshedAt);
  return {
    created: created.length, updated: refreshed.length, createdIds: { from: 10_001, to: 10_000 + created.length },
    createdOrder: Int32Array.from(created), updatedOrder: Int32Array.from(refreshed), updatedIds: Int32Array.from(refreshed, (p) => p / 10),
  };
}

describe('a bulk fold adopted after its commit, with refreshed stored units among its staged ones', () => {
  it.each([['relabelled in the live index', false], ['relabelled in a layout laid out during the commit', true]])('%s, keeps the TM size as it was until it ends', async (_, laidOut) => {
    const ix = stored();
    const fold = new BulkFold(ix, 0);
    const page = Array.from({ length: STAGED }, (_, k) => unit(k + 1, refreshedAt(k + 1) ? (k + 1) / 10 : STORED + k + 1));
    await fold.feed(page, stamp, async () => undefined, STAGED);
    expect(ix.size - fold.countedOut).toBe(STORED);
    const seal = laidOut ? ix.pendingSeal(async () => undefined, 500) : undefined;
    const sizes = new Set<number>();
    let pauses = 0;
    const adopted = await fold.adopt(committed(), async () => {
      pauses++;
      sizes.add(ix.size - fold.countedOut);
    }, seal);
    expect(adopted).toBe(true);
    expect(seal?.installed ?? false).toBe(laidOut);
    expect(pauses, 'relabelled in four steps').toBeGreaterThanOrEqual(3);
    expect([...sizes]).toEqual([STORED]);
    expect(fold.countedOut).toBe(0);
    expect(ix.size).toBe(STORED + STAGED * 0.9);
  });
});

describe('a bulk fold whose memory is deleted between its pages (the import will answer 404)', () => {
  it('counts out only the staged units still in the index, so the TM size is what the store holds at every step, through the rollback', async () => {
    const ix = stored();
    const fold = new BulkFold(ix, 0);
    const doomed = (k: number): UnitTexts => ({ ...unit(k + 1, STORED + k + 1), memory: 'doomed' });
    const half = STAGED / 2;
    await fold.feed(Array.from({ length: half }, (_, k) => doomed(k)), stamp, async () => undefined, STAGED);
    expect(ix.size - fold.countedOut).toBe(STORED);
    // The memory goes between two pages (tm.ts reindex, in the queue): its staged slots are killed.
    ix.dropMemory('doomed');
    expect(ix.size - fold.countedOut, 'after the delete').toBe(STORED);
    // Pages staged after it are in the index again, under the partition the memory had.
    await fold.feed(Array.from({ length: half }, (_, k) => doomed(half + k)), stamp, async () => undefined, STAGED);
    expect(ix.size - fold.countedOut, 'after the next page').toBe(STORED);
    const sizes = new Set<number>();
    await fold.rollback(async () => { sizes.add(ix.size - fold.countedOut); });
    expect([...sizes]).toEqual([STORED]);
    expect(fold.countedOut).toBe(0);
    expect(ix.size).toBe(STORED);
  });
});

describe('a bulk fold whose adoption throws part-way in the live index (an allocation: the relabel undoes itself)', () => {
  /** The store after the commit: the stored units and the created ones under their ids (committed(): reverse staging order from 10,001). */
  const storeAfter = (): UnitTexts[] => {
    const created = committed().createdOrder as Int32Array;
    return [...Array.from({ length: STORED }, (_, k) => unit(k + 1, k + 1)), ...Array.from(created, (p, j) => unit(10_001 + j, STORED + p))];
  };
  /** Every candidate of some queries at thresholds 50 and 80, in the seeker's order. */
  const search = (ix: NgramIndex) => {
    const seeker = new TmSeeker(ix);
    const part = ix.partitionFor('m', 'zh-CN', 'en');
    return JSON.stringify([1, 7, 400, 1_999, 2_500, 4_100, 5_999].map((n) => [50, 80].map((t) => seeker.fuzzy(part, `关于${chars(n)}的话。`, t, 10).map((c) => [c.unitId, c.base]))));
  };

  it.each([['first', 1], ['second step\'s', 1_500], ['last', 3_600]])('thrown at its %s new id: counted out until rolled back, then the TM size is what a scan of the store counts, and searches find what they find there', async (_, failAt) => {
    const slots = new FailingSlots();
    const ix = stored(slots);
    const fold = new BulkFold(ix, 0);
    const page = Array.from({ length: STAGED }, (_u, k) => unit(k + 1, refreshedAt(k + 1) ? (k + 1) / 10 : STORED + k + 1));
    await fold.feed(page, stamp, async () => undefined, STAGED);
    const sizes = new Set<number>();
    const pause = async () => {
      sizes.add(ix.size - fold.countedOut);
    };
    slots.failAt = failAt;
    await expect(fold.adopt(committed(), pause)).rejects.toThrow(RangeError);
    slots.failAt = 0;
    // Every staged unit is back under its provisional id, counted out: the size is the one before the commit.
    expect({ provisional: ix.provisionalUnits, countedOut: fold.countedOut, size: ix.size - fold.countedOut }).toEqual({ provisional: STAGED, countedOut: STAGED, size: STORED });
    // What the fold's caller does then (bulk-import.ts commitFolded): roll back, learn the created units from the store.
    await fold.rollback(pause);
    expect([...sizes]).toEqual([STORED]);
    expect(fold.countedOut).toBe(0);
    const store = storeAfter();
    for (const u of store.slice(STORED)) ix.upsert(u);
    expect(ix.size - fold.countedOut).toBe(store.length);
    const scan = new NgramIndex();
    for (const u of store) scan.stage(u);
    scan.seal();
    expect(search(ix)).toBe(search(scan));
    expect(search(ix).match(/\[\d+,\d+\]/g)?.length, 'the queries find units').toBeGreaterThan(10);
  });
});
