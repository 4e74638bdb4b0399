/** The TM engine behind the exchange ports: proposals, and imports the index learns. */
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../../src/domain/auth/roles.js';
import type { UnitRecord } from '../../../src/domain/tm/unit.js';
import { toTraditional } from '../../../src/domain/text/script.js';
import { tmMatches, tmSink } from '../../../src/services/exchange/tm-ports.js';
import { DEFAULT_COLLECTION } from '../../../src/domain/collections.js';
import { DEFAULT_MEMORY, SEED_MEMORY, type TestApp, makeTestApp } from '../../helpers/app.js';

let t: TestApp;
afterEach(() => t.close());

const unit = (source: string, target: string, extra: Record<string, unknown> = {}) => ({ sourceLang: 'zh-CN', targetLang: 'en', source, target, ...extra });

describe('tmMatches (MatchProvider)', () => {
  it('proposes in-context, exact and fuzzy matches as rich text, and nothing for a blank segment', async () => {
    t = await makeTestApp({ seed: true });
    const seeds = await t.stores.tm.listUnits({ limit: 200 });
    const u = seeds.find((s) => s.source.startsWith('2100多年前')) as UnitRecord;
    const matches = tmMatches(t.services.tm);
    const [inContext, plain, traditional, blank] = await matches.proposals([
      { source: u.source, previous: u.context.previous, next: u.context.next },
      { source: u.source },
      { source: toTraditional(u.source, 'tw') },
      { source: '  ' },
    ], 'zh-CN', 'en', 1, SEED_MEMORY);
    expect(inContext).toEqual([{ score: 101, matchType: 'in-context', source: { text: u.source, codes: [] }, target: { text: u.target, codes: [] },
      origin: `${u.origin.title}, ${u.origin.date}` }]);
    expect(plain?.map((p) => [p.score, p.matchType])).toEqual([[100, 'exact']]);
    expect(traditional?.map((p) => [p.score, p.matchType])).toEqual([[98, 'fuzzy']]);
    expect(blank).toEqual([]);
  });

  it('proposes down to 50 (the lowest analysis band) and honours the limit', async () => {
    t = await makeTestApp();
    await t.services.tm.addUnits(DEFAULT_COLLECTION, [unit('鲁班工坊建设', 'building Luban Workshops'), unit('鲁班工坊建设项目', 'Luban Workshop projects')], SYSTEM_PRINCIPAL);
    const [found] = await tmMatches(t.services.tm).proposals([{ source: '鲁班工坊' }], 'zh-CN', 'en', 5, DEFAULT_MEMORY);
    expect(found?.map((p) => p.score)).toEqual([66, 50]);
    const [one] = await tmMatches(t.services.tm).proposals([{ source: '鲁班工坊' }], 'zh-CN', 'en', 1, DEFAULT_MEMORY);
    expect(one).toHaveLength(1);
  });

  it('moves the target inline codes with a substituted number', async () => {
    t = await makeTestApp();
    await t.services.tm.addUnits(DEFAULT_COLLECTION, [unit('2100多年前', 'More than 2,100 years ago', {
      targetCodes: [{ id: '1', type: 'open', offset: 10 }, { id: '1', type: 'close', offset: 15 }, { id: '2', type: 'placeholder', offset: 25 }] })], SYSTEM_PRINCIPAL);
    const [proposals] = await tmMatches(t.services.tm).proposals([{ source: '12100多年前' }], 'zh-CN', 'en', 1, DEFAULT_MEMORY);
    expect(proposals?.[0]?.target).toEqual({ text: 'More than 12,100 years ago', codes: [{ id: '1', type: 'open', offset: 10 }, { id: '1', type: 'close', offset: 16 }, { id: '2', type: 'placeholder', offset: 26 }] });
  });
});

describe('tmSink (TmSink)', () => {
  it('writes units the next lookup finds', async () => {
    t = await makeTestApp();
    await t.services.tm.warm();
    const sink = tmSink(t.services.tm, t.stores.tmBulk);
    expect(await sink.addUnits(DEFAULT_COLLECTION, [unit('中亚五国。', 'The five Central Asian countries.')], 'xliff-import')).toEqual({ created: 1, updated: 0 });
    expect((await t.services.tm.lookup({ source: '中亚五国。', sourceLang: 'zh-CN', targetLang: 'en', memories: DEFAULT_MEMORY }))[0]).toMatchObject({ score: 100, unit: { createdBy: 'xliff-import' } });
  });

  it('learns a bulk write when it commits, not before', async () => {
    t = await makeTestApp({ seed: true });
    await t.services.tm.warm();
    const write = await tmSink(t.services.tm, t.stores.tmBulk).beginBulk(DEFAULT_COLLECTION, 'tmx-import');
    await write.stage([unit('上合组织峰会。', 'The SCO summit.'), unit('阿斯塔纳峰会。', 'The Astana summit.')]);
    const find = async (source: string) => (await t.services.tm.lookup({ source, sourceLang: 'zh-CN', targetLang: 'en', limit: 1, memories: [...DEFAULT_MEMORY, ...SEED_MEMORY] }))[0]?.score;
    expect(await find('上合组织峰会。')).toBeUndefined();
    expect(await write.commit()).toMatchObject({ created: 2, updated: 0 });
    expect(await find('上合组织峰会。')).toBe(100);
    expect(await find('阿斯塔納峰會。')).toBe(98);
  });

  it('does not build the index for a write when no lookup asked for it; the later build sees the write', async () => {
    t = await makeTestApp();
    await tmSink(t.services.tm, t.stores.tmBulk).addUnits(DEFAULT_COLLECTION, [unit('丝绸之路。', 'The Silk Road.')], 'cli');
    expect(t.services.tm.indexedUnits).toBe(0);
    expect((await t.services.tm.lookup({ source: '丝绸之路。', sourceLang: 'zh-CN', targetLang: 'en', memories: DEFAULT_MEMORY }))[0]?.score).toBe(100);
    expect(t.services.tm.indexedUnits).toBe(1);
  });
});
