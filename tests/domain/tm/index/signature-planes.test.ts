/**
 * The bit-sliced signature planes (signature-planes.ts) belong to a layout of the index's slots:
 * built ahead in steps or by the first sweep, and built again for a new layout; sweeps of them
 * equal counting shared buckets slot by slot (the sweep itself: plane-sweep.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { NgramIndex } from '../../../../src/domain/tm/index/ngram-index.js';
import { SlotPlanes } from '../../../../src/domain/tm/index/plane-sweep.js';
import { buildPlanesInSteps } from '../../../../src/domain/tm/index/signature-planes.js';
import { expected, swept, text } from './plane-oracle.js';

describe('signature planes', () => {
  it('planes belong to a layout: after a compaction they describe the new slots', () => {
    const small = new NgramIndex(1);
    const unit = (id: number, source: string) => ({ id, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source, target: 'x' });
    small.upsert(unit(1, '甲乙丙'));
    small.upsert(unit(2, '丁戊'));
    small.seal();
    const query = Int32Array.from(small.sourceOf(0));
    expect(swept(new SlotPlanes(small, query), 0, small.sortedEnd, 1).map(([, s]) => s)).toEqual(expected(small, query, 0, small.sortedEnd, 1).map(([, s]) => s));
    small.remove(2);
    small.upsert(unit(3, '甲乙'));
    small.compact();
    const again = Int32Array.from(small.sourceOf(small.sortedEnd - 1));
    expect(swept(new SlotPlanes(small, again), 0, small.sortedEnd, 0)).toEqual(expected(small, again, 0, small.sortedEnd, 0));
  });

  it('are built ahead in steps, with pauses, and a new layout during the steps ends them; sweeps then give the same answers', async () => {
    const big = new NgramIndex(1);
    for (let i = 1; i <= 40_000; i++) big.stage({ id: i, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: text(2 + (i % 30), 300), target: 'x' });
    big.seal();
    let pauses = 0;
    await buildPlanesInSteps(big, async () => { pauses++; });
    expect(pauses).toBeGreaterThan(1);
    const query = Int32Array.from(big.sourceOf(12_345));
    for (const [lo, hi] of [[0, 5000], [17_000, 17_100], [39_990, big.sortedEnd]] as const) {
      expect(swept(new SlotPlanes(big, query), lo, hi, 3)).toEqual(expected(big, query, lo, hi, 3));
    }
    // A compaction during the steps: the builder stops, and the new layout's planes are built by the sweeps.
    let after = 0;
    await buildPlanesInSteps(big, async () => {});
    big.remove(7);
    big.compact();
    const steps = buildPlanesInSteps(big, async () => {
      if (after++ === 0) {
        big.remove(8);
        big.compact();
      }
    });
    await steps;
    expect(after).toBe(1);
    expect(swept(new SlotPlanes(big, query), 0, big.sortedEnd, 4)).toEqual(expected(big, query, 0, big.sortedEnd, 4));
  });
});
