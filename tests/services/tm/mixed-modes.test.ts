/**
 * A memory whose pair mixes scripts scored in different modes (zh by character, zh-Latn by word):
 * its partition keys sources in the primary language's mode (partitions.ts), and a query scored
 * in the other mode cannot be bounded by the index's bases, so the lookup does not search the
 * index's way. A word-mode query there (zh-Latn in a zh partition) reads only the units
 * whose character symbols can supply enough of its tokens (word-bound.ts); a character-mode query
 * in a word partition reads every unit (tm-search.ts lookupOne). Its answers equal a scan's:
 * rankUnits over the stored units.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { prng } from '../../../bench/synthetic.js';
import { SYSTEM_PRINCIPAL } from '../../../src/domain/auth/roles.js';
import { DEFAULT_COLLECTION } from '../../../src/domain/collections.js';
import { createServices } from '../../../src/services/container.js';
import { canonicalizeLanguageTag } from '../../../src/domain/text/language-tag.js';
import { prepareQuery, rankUnits } from '../../../src/domain/tm/scoring/matcher.js';
import type { NewUnit, UnitRecord } from '../../../src/domain/tm/unit.js';
import type { ReadMemory } from '../../../src/services/tm/memories.js';
import { DEFAULT_MEMORY, makeTestApp, type TestApp } from '../../helpers/app.js';
import { mixedText } from '../../helpers/mixed-texts.js';

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
  const scan = rankUnits(pq, await t.stores.tm.listUnits({ limit: 10_000 }), threshold, 5);
  return { got: got.map((m) => [m.unit.id, m.score]), scan: scan.map((m) => [m.unit.id, m.score]) };
}

const unit = (sourceLang: string, source: string, target: string): NewUnit => ({ sourceLang, targetLang: 'en', source, target });

/** A zh unit first (the partition is keyed by character), then two zh-Latn units. */
const twoPinyinUnits = (): NewUnit[] => [
  unit('zh-CN', '中国同中亚国家', 'China and the Central Asian countries'),
  unit('zh-Latn', 'zhongya guojia hezuo', 'cooperation'),
  unit('zh-Latn', 'zhongya guojia fazhan', 'development'),
];

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
    const t = await memoryOf(twoPinyinUnits());
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
    const t = await memoryOf(twoPinyinUnits());
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
  it('finds a unit whose word base is the threshold exactly, and none past it (the bound\'s bar is not one point too strict)', async () => {
    const t = await memoryOf([
      unit('zh-CN', '中国同中亚国家', 'China and the Central Asian countries'),
      unit('zh-Latn', 'zhongya guojia youyi', 'friendship'),
    ]);
    // Two of three words shared: base floor(100 * 2 / 3) = 66.
    const at66 = await both(t, 'zhongya guojia hezuo', 'zh-Latn', 66);
    expect(at66.got).toEqual(at66.scan);
    expect(at66.got.map(([, score]) => score)).toEqual([66]);
    const at67 = await both(t, 'zhongya guojia hezuo', 'zh-Latn', 67);
    expect(at67.got).toEqual([]);
    expect(at67.scan).toEqual([]);
  });

  it('lets the event loop turn between the chunks of units it scores', async () => {
    const t = await memoryOf([unit('zh-CN', '中国同中亚国家', 'China and the Central Asian countries')]);
    // Units whose characters hold both of the query's words: each can reach 50, so each is scored.
    await t.services.tm.addUnits(DEFAULT_COLLECTION, Array.from({ length: 3_500 }, (_, i) => unit('zh-CN', `zhongya guojia 第${i}项`, `item ${i}`)), SYSTEM_PRINCIPAL);
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

  it('reads only the units whose characters can supply the query\'s words', async () => {
    const t = await memoryOf([unit('zh-CN', '中国同中亚国家', 'China and the Central Asian countries')]);
    await t.services.tm.addUnits(DEFAULT_COLLECTION, Array.from({ length: 2_000 }, (_, i) => unit('zh-CN', `中亚国家合作第${i}项`, `item ${i}`)), SYSTEM_PRINCIPAL);
    await t.services.tm.addUnits(DEFAULT_COLLECTION, [unit('zh-Latn', 'zhongya guojia hezuo', 'cooperation'), unit('zh-CN', 'zhongya 国家合作', 'half')], SYSTEM_PRINCIPAL);
    const store = t.stores.tm;
    const getUnits = store.getUnits.bind(store);
    let rows = 0;
    store.getUnits = async (ids) => {
      rows += ids.length;
      return getUnits(ids);
    };
    const { got, scan } = await both(t, 'zhongya guojia youyi', 'zh-Latn', 30);
    expect(got).toEqual(scan);
    expect(got).toHaveLength(2);
    // The 2,001 Han units have none of the letters: only the two units with Latin words are read.
    expect(rows).toBe(2);
    rows = 0;
    // At threshold 0 every unit can reach the bar, and every one is read.
    await t.services.tm.lookup({ source: 'zhongya guojia youyi', sourceLang: 'zh-Latn', targetLang: 'en', threshold: 0, limit: 5, memories: DEFAULT_MEMORY });
    expect(rows).toBe(2_003);
  });

  it('answers as a scan on random mixed texts: thresholds 0-100, limits 1-10, penalties, deletes, sorted slots and the tail', async () => {
    const rnd = prng(57);
    const t = await memoryOf([]);
    for (const id of ['mix-a', 'mix-b']) await t.services.memories.create({ id, name: id }, SYSTEM_PRINCIPAL);
    const randomUnits = (n: number) => Array.from({ length: n }, (_, i) => unit(rnd() < 0.3 ? 'zh-Latn' : 'zh-CN', mixedText(rnd, 8) || '中', `t${i}`));
    for (const id of ['mix-a', 'mix-b']) await t.services.tm.addUnits(id, randomUnits(300), SYSTEM_PRINCIPAL);
    // A node that built its index from the store (sorted slots), then writes and deletes (its tail, tombstones).
    const node = createServices(t.stores);
    await node.tm.warm();
    for (const id of ['mix-a', 'mix-b']) await node.tm.addUnits(id, randomUnits(80), SYSTEM_PRINCIPAL);
    const stored: UnitRecord[] = await t.stores.tm.listUnits({ limit: 10_000 });
    for (const u of stored.filter((_, i) => i % 17 === 0)) await node.tm.deleteUnit(u.id, SYSTEM_PRINCIPAL, async () => undefined);
    const all: UnitRecord[] = await t.stores.tm.listUnits({ limit: 10_000 });
    expect(all.length).toBeLessThan(stored.length);
    const zhLatn = canonicalizeLanguageTag('zh-Latn');
    const en = canonicalizeLanguageTag('en');
    let found = 0;
    for (let q = 0; q < 150; q++) {
      const source = (q % 4 === 0 ? all[Math.floor(rnd() * all.length)]?.source : mixedText(rnd, 8)) || 'zhongya';
      const threshold = Math.floor(rnd() * 101);
      const limit = 1 + Math.floor(rnd() * 10);
      const memories: ReadMemory[] = (rnd() < 0.5 ? ['mix-a', 'mix-b'] : ['mix-b', 'mix-a']).map((id) => ({ id, penalty: rnd() < 0.5 ? 0 : Math.floor(rnd() * 40) / 4 }));
      const got = await node.tm.lookup({ source, sourceLang: 'zh-Latn', targetLang: 'en', threshold, limit, memories });
      const standing = new Map(memories.map((m, rank) => [m.id, { rank, penalty: m.penalty }]));
      const scan = rankUnits(prepareQuery({ source, sourceLang: zhLatn, targetLang: en }), all, threshold, limit, (u) => standing.get(u.memory));
      expect(got.map((m) => [m.unit.id, m.score]), `${source} at ${threshold}, limit ${limit}, ${JSON.stringify(memories)}`).toEqual(scan.map((m) => [m.unit.id, m.score]));
      found += scan.length;
    }
    expect(found).toBeGreaterThan(100);
  }, 60_000);
});
