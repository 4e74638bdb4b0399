/**
 * Concordance in a partition that holds two scripts of one language: a zh partition keys its
 * zh-Latn units by character, as its zh ones (partitions.ts), so a phrase is found across the
 * spaces of pinyin, and its highlights are taken in that same mode, not the unit's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../../src/domain/auth/roles.js';
import { DEFAULT_COLLECTION } from '../../../src/domain/collections.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await t.services.tm.warm();
  await t.services.tm.addUnits(DEFAULT_COLLECTION, [
    { sourceLang: 'zh-CN', targetLang: 'en', source: '中国同中亚国家合作', target: 'cooperation' },
    { sourceLang: 'zh-Latn', targetLang: 'en', source: 'Zhongya guojia hezuo', target: 'cooperation of Central Asian countries' },
  ], SYSTEM_PRINCIPAL);
});
afterAll(() => t.close());

const search = (q: string, side?: 'source' | 'target') => t.services.tm.concordance({ q, memories: [DEFAULT_COLLECTION], ...(side ? { side } : {}) });

describe('concordance in a partition of two scripts', () => {
  it('highlights a zh-Latn hit found by character across a space', async () => {
    const r = await search('yaguo');
    expect(r.total).toBe(1);
    // "Zhongya guojia": y at 5, a space at 7, the o of guo at 10.
    expect(r.hits.map((h) => [h.unit.source, h.highlights])).toEqual([['Zhongya guojia hezuo', [{ start: 5, end: 11 }]]]);
  });

  it('highlights every hit it counts, in either script', async () => {
    for (const q of ['hezuo', 'guo jia', '合作', '中亚']) {
      const r = await search(q);
      expect(r.total, q).toBeGreaterThan(0);
      for (const h of r.hits) expect(h.highlights.length, `${q} in ${h.unit.source}`).toBeGreaterThan(0);
    }
  });

  it('keeps the target side in its own language mode (English by word)', async () => {
    const r = await search('asian countries', 'target');
    expect(r.hits.map((h) => [h.unit.target, h.highlights])).toEqual([['cooperation of Central Asian countries', [{ start: 23, end: 38 }]]]);
  });
});
