/**
 * A bulk import's fold adopted after its commit (bulk-fold.ts): while the staged units are
 * relabelled, those the commit found stored and refreshed leave the index's unit map step by
 * step, and the TM's size (the index's size less the units the fold counts out, tm.ts unitCount)
 * stays what it was before the commit until the fold ends, as a rollback keeps it; and a fold
 * whose memory is deleted between its pages counts out only the staged units still indexed.
 */
import { describe, expect, it } from 'vitest';
import { NgramIndex } from '../../../src/domain/tm/index/ngram-index.js';
import { BulkFold } from '../../../src/services/tm/bulk-fold.js';
import type { BulkWriteCounts, UnitTexts } from '../../../src/store/types.js';

const STORED = 2_000;
const STAGED = 4_000;
const at = '2024-01-01T00:00:00.000Z';
const stamp = '2024-06-01T00:00:00.000Z';
/** Two CJK characters of their own for each n. */
const chars = (n: number) => String.fromCharCode(0x4e00 + (n % 400), 0x5200 + Math.floor(n / 400));
const unit = (id: number, n: number): UnitTexts => ({ id, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: `关于${chars(n)}的话。`, target: `Sentence ${n}.`, updatedAt: at });
/** Staging position p (1-based): every tenth is stored unit p / 10 (refreshed by the commit), the rest new. */
const refreshedAt = (p: number) => p % 10 === 0;

function stored(): NgramIndex {
  const ix = new NgramIndex();
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
