/**
 * A memory whose pair mixes scripts scored in different modes (zh by character, zh-Latn by word):
 * its partition keys sources in the primary language's mode (partitions.ts), and a query scored
 * in the other mode cannot be bounded by the index's bases, so the lookup scores every unit of the
 * partition (tm-search.ts lookupOne). Its answers equal a scan's: rankUnits over the stored units.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../../src/domain/auth/roles.js';
import { DEFAULT_COLLECTION } from '../../../src/domain/collections.js';
import { createServices } from '../../../src/services/container.js';
import { canonicalizeLanguageTag } from '../../../src/domain/text/language-tag.js';
import { prepareQuery, rankUnits } from '../../../src/domain/tm/scoring/matcher.js';
import type { NewUnit } from '../../../src/domain/tm/unit.js';
import { DEFAULT_MEMORY, makeTestApp, type TestApp } from '../../helpers/app.js';

let open: TestApp[] = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.close()));
  open = [];
});

/** A memory of `units`, the first of them indexed first (it fixes the partition's mode). */
async function memoryOf(units: NewUnit[]): Promise<TestApp> {
  const t = await makeTestApp();
  open.push(t);
  await t.services.tm.warm();
  for (const u of units) await t.services.tm.addUnits(DEFAULT_COLLECTION, [u], SYSTEM_PRINCIPAL);
  return t;
}

/** The lookup's ids and scores, and the scan's, for one query. */
async function both(t: TestApp, source: string, sourceLang: string, threshold: number, tm = t.services.tm) {
  const got = await tm.lookup({ source, sourceLang, targetLang: 'en', threshold, limit: 5, memories: DEFAULT_MEMORY });
  const pq = prepareQuery({ source, sourceLang: canonicalizeLanguageTag(sourceLang), targetLang: canonicalizeLanguageTag('en') });
  const scan = rankUnits(pq, await t.stores.tm.listUnits({ limit: 1000 }), threshold, 5);
  return { got: got.map((m) => [m.unit.id, m.score]), scan: scan.map((m) => [m.unit.id, m.score]) };
}

const unit = (sourceLang: string, source: string, target: string): NewUnit => ({ sourceLang, targetLang: 'en', source, target });

describe('a lookup in a partition keyed in the other mode', () => {
  it('finds, by word, a zh-Latn unit that the zh partition\'s characters score far lower', async () => {
    const t = await memoryOf([
      unit('zh-CN', '中国同中亚国家', 'China and the Central Asian countries'),
      unit('zh-Latn', 'cccccccccccccccccccc b', 'one'),
      unit('zh-Latn', 'zhongguo tong zhongya guojia hezuo', 'cooperation'),
    ]);
    // By word one of two words differs (50); by character 20 of 22 do.
    const { got, scan } = await both(t, 'aaaaaaaaaaaaaaaaaaaa b', 'zh-Latn', 50);
    expect(scan).toHaveLength(1);
    expect(got).toEqual(scan);
    for (const q of ['zhongguo tong zhongya guojia fazhan', 'zhongya guojia hezuo', 'zhongguo he zhongya']) {
      const r = await both(t, q, 'zh-Latn', 30);
      expect(r.got).toEqual(r.scan);
    }
  });

  it('finds, by character, zh units in a memory whose first unit is zh-Latn', async () => {
    const t = await memoryOf([
      unit('zh-Latn', 'zhongguo tong zhongya guojia', 'China and the Central Asian countries'),
      unit('zh-CN', '中国同中亚国家发展合作', 'cooperation for development'),
      unit('zh-CN', '中国同中亚国家深化合作', 'deeper cooperation'),
      unit('zh-CN', '鲁班工坊培养技术人才', 'Luban Workshop'),
    ]);
    // One run of Han characters is one word: by word a changed character changes the whole word.
    const { got, scan } = await both(t, '中国同中亚国家扩大合作', 'zh-CN', 70);
    expect(scan.length).toBeGreaterThanOrEqual(2);
    expect(got).toEqual(scan);
  });

  it('leaves out deleted units and takes those written since the last seal', async () => {
    const t = await memoryOf([
      unit('zh-CN', '中国同中亚国家', 'China and the Central Asian countries'),
      unit('zh-Latn', 'zhongya guojia hezuo', 'cooperation'),
      unit('zh-Latn', 'zhongya guojia fazhan', 'development'),
    ]);
    const sources = async (r: { got: (number | undefined)[][] }) =>
      Promise.all(r.got.map(async ([id]) => (await t.services.tm.getUnit(id as number, SYSTEM_PRINCIPAL)).source));
    const before = await both(t, 'zhongya guojia youyi', 'zh-Latn', 60);
    expect(await sources(before)).toEqual(expect.arrayContaining(['zhongya guojia hezuo', 'zhongya guojia fazhan']));
    const gone = (await t.stores.tm.listUnits({ limit: 100 })).find((u) => u.source === 'zhongya guojia hezuo');
    await t.services.tm.deleteUnit(gone?.id as number, SYSTEM_PRINCIPAL, async () => undefined);
    await t.services.tm.addUnits(DEFAULT_COLLECTION, [unit('zh-Latn', 'zhongya guojia anquan', 'security')], SYSTEM_PRINCIPAL);
    const after = await both(t, 'zhongya guojia youyi', 'zh-Latn', 60);
    expect((await sources(after)).sort()).toEqual(['zhongya guojia anquan', 'zhongya guojia fazhan']);
    expect(after.got).toEqual(after.scan);
  });
  it('scores a rebuilt (sealed) index\'s units alike, and a unit whose source was replaced once', async () => {
    const t = await memoryOf([
      unit('zh-CN', '中国同中亚国家', 'China and the Central Asian countries'),
      unit('zh-Latn', 'zhongya guojia hezuo', 'cooperation'),
      unit('zh-Latn', 'zhongya guojia fazhan', 'development'),
    ]);
    const moved = (await t.stores.tm.listUnits({ limit: 100 })).find((u) => u.source === 'zhongya guojia fazhan');
    await t.services.tm.replaceUnit(moved?.id as number, unit('zh-Latn', 'zhongya guojia youhao', 'friendship'), SYSTEM_PRINCIPAL, async () => undefined);
    const live = await both(t, 'zhongya guojia youyi', 'zh-Latn', 50);
    expect(live.got).toEqual(live.scan);
    expect(new Set(live.got.map(([id]) => id)).size).toBe(live.got.length);
    // A node that built its index from the store has every unit in sorted slots, none in a tail.
    const rebuilt = createServices(t.stores);
    await rebuilt.tm.warm();
    const sealed = await both(t, 'zhongya guojia youyi', 'zh-Latn', 50, rebuilt.tm);
    expect(sealed.got).toEqual(live.scan);
  });

  it('keys a partition by its primary language whichever unit came first: a running node and a rebuilt one find the same phrases', async () => {
    const t = await memoryOf([
      unit('zh-Latn', 'zhongya guojia hezuo', 'cooperation'),
      unit('zh-CN', '中国同中亚国家发展合作', 'cooperation for development'),
    ]);
    const rebuilt = createServices(t.stores);
    await rebuilt.tm.warm();
    const ids = async (tm: typeof rebuilt.tm, q: string) =>
      (await tm.concordance({ q, memories: [DEFAULT_COLLECTION] })).hits.map((h) => h.unit.source);
    // Spaces in a Chinese phrase are not words by character (a memory whose zh unit came first finds these too).
    for (const q of ['中亚国家', '中亚 国家', '国 家']) {
      expect(await ids(t.services.tm, q)).toEqual(['中国同中亚国家发展合作']);
      expect(await ids(rebuilt.tm, q)).toEqual(['中国同中亚国家发展合作']);
    }
  });
  it('lets the event loop turn between the chunks of units it scores', async () => {
    const t = await memoryOf([unit('zh-CN', '中国同中亚国家', 'China and the Central Asian countries')]);
    await t.services.tm.addUnits(DEFAULT_COLLECTION, Array.from({ length: 3_500 }, (_, i) => unit('zh-CN', `中亚国家合作第${i}项`, `item ${i}`)), SYSTEM_PRINCIPAL);
    let turns = 0;
    let done = false;
    const turn = () => {
      turns++;
      if (!done) setImmediate(turn);
    };
    setImmediate(turn);
    await t.services.tm.lookup({ source: 'zhongya guojia', sourceLang: 'zh-Latn', targetLang: 'en', threshold: 50, limit: 5, memories: DEFAULT_MEMORY });
    done = true;
    // Four chunks of 1,000 units: a turn after each.
    expect(turns).toBeGreaterThanOrEqual(4);
  });
});
