/**
 * The seed memory is findable the way a translator would find it: its own sentence in context
 * (101) and without (100), a Traditional copy (>= 95), a full/half-width copy (>= 97), a
 * changed number (95-99, substituted into the target).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../../src/domain/auth/roles.js';
import { prepareQuery, rankUnits, type TmMatch } from '../../../src/domain/tm/scoring/matcher.js';
import { canonicalizeLanguageTag } from '../../../src/domain/text/language-tag.js';
import { tmSink } from '../../../src/services/exchange/tm-ports.js';
import type { UnitRecord } from '../../../src/domain/tm/unit.js';
import { toTraditional } from '../../../src/domain/text/script.js';
import { TmService } from '../../../src/services/tm/tm.js';
import { DEFAULT_COLLECTION } from '../../../src/domain/collections.js';
import { DEFAULT_MEMORY, SEED_MEMORY, type TestApp, makeTestApp } from '../../helpers/app.js';

let t: TestApp;
let seeds: UnitRecord[];
beforeAll(async () => {
  t = await makeTestApp({ seed: true });
  seeds = await t.stores.tm.listUnits({ limit: 1000 });
});
afterAll(() => t.close());

const lookup = (source: string, extra: { sourceLang?: string; context?: { previous?: string; next?: string }; threshold?: number; limit?: number } = {}) =>
  t.services.tm.lookup({ source, sourceLang: 'zh-CN', targetLang: 'en', threshold: 0, limit: 50, memories: [...SEED_MEMORY, ...DEFAULT_MEMORY], ...extra });
const find = (matches: TmMatch[], id: number) => matches.find((m) => m.unit.id === id);

/** Full-width punctuation to half-width and back: a copy that differs only in width. */
const HALF: Record<string, string> = { '，': ',', '；': ';', '：': ':', '！': '!', '？': '?', '（': '(', '）': ')' };
const FULL: Record<string, string> = Object.fromEntries(Object.entries(HALF).map(([f, h]) => [h, f]));
const otherWidth = (s: string) => [...s].map((c) => HALF[c] ?? FULL[c] ?? c).join('');

describe('the seed memory', () => {
  it('has its 137 units indexed', async () => {
    expect(seeds).toHaveLength(137);
    await t.services.tm.warm();
    expect(t.services.tm.indexedUnits).toBe(137);
  });

  it('finds every seed unit as context 101 with its stored context, and as 100 without', async () => {
    for (const u of seeds) {
      const withContext = await lookup(u.source, { context: u.context });
      expect(withContext[0], u.source).toMatchObject({ score: 101, matchType: 'context', unit: { id: u.id } });
      const plain = find(await lookup(u.source), u.id);
      expect(plain, u.source).toMatchObject({ score: 100, matchType: 'exact' });
    }
  });

  it('scores a Traditional copy (Taiwan and Hong Kong forms) of every seed source at least 95', async () => {
    for (const u of seeds) {
      for (const variant of ['tw', 'hk'] as const) {
        const copy = toTraditional(u.source, variant);
        const m = find(await lookup(copy, { sourceLang: variant === 'tw' ? 'zh-TW' : 'zh-HK' }), u.id);
        expect(m?.score, `${variant}: ${copy}`).toBeGreaterThanOrEqual(95);
        if (copy !== u.source) expect(m?.penalties.map((p) => p.code)).toContain('script');
      }
    }
  });

  it('scores a copy that differs only in full/half-width punctuation at least 97', async () => {
    let changed = 0;
    for (const u of seeds) {
      const copy = otherWidth(u.source);
      if (copy === u.source) continue;
      changed++;
      const m = find(await lookup(copy), u.id);
      expect(m?.score, copy).toBeGreaterThanOrEqual(97);
      expect(m?.penalties, copy).toEqual([{ code: 'width', points: 1 }]);
    }
    expect(changed).toBeGreaterThan(100);
  });

  it('scores 2100多年前 -> 2200多年前 at 99 with a number penalty and the target substituted', async () => {
    const u = seeds.find((s) => s.source.startsWith('2100多年前')) as UnitRecord;
    const [m] = await lookup(u.source.replace('2100', '2200'), { limit: 1 });
    expect(m).toMatchObject({ score: 99, matchType: 'fuzzy', penalties: [{ code: 'number', points: 1 }], targetOriginal: u.target, unit: { id: u.id } });
    expect(m?.target).toBe(u.target.replace('2,100', '2,200'));
  });

  it('scores every seed unit whose numbers all change at 95-99 with a number penalty', async () => {
    const withNumbers = seeds.filter((s) => /\d/.test(s.source));
    expect(withNumbers.length).toBeGreaterThan(15);
    for (const u of withNumbers) {
      const copy = u.source.replace(/\d+/g, (d) => String(Number(d) + 1));
      const m = find(await lookup(copy), u.id);
      expect(m?.score, copy).toBeGreaterThanOrEqual(95);
      expect(m?.score, copy).toBeLessThanOrEqual(99);
      expect(m?.penalties.map((p) => p.code), copy).toEqual(['number']);
    }
  });

  it('finds Traditional queries and full-width digits through zh-HK, and nothing for an unknown pair', async () => {
    expect((await lookup('２１００多年前，中國漢代使者張騫自長安出發，出使西域，打開了中國同中亞友好交往的大門。', { sourceLang: 'zh-HK', limit: 1 }))[0]?.score).toBe(97);
    expect(await t.services.tm.lookup({ source: '谢谢大家。', sourceLang: 'zh-CN', targetLang: 'ru', memories: SEED_MEMORY })).toEqual([]);
  });
});

describe('TmService writes', () => {
  it('a written unit is found by the very next lookup, and a deleted one is not', async () => {
    const { ids: [id] } = await t.services.tm.addUnits(DEFAULT_COLLECTION, [{ sourceLang: 'zh-Hans', targetLang: 'en-GB', source: '鲁班工坊是职业教育合作的品牌。', target: 'Luban Workshops are a brand of vocational-education cooperation.' }], SYSTEM_PRINCIPAL);
    expect((await lookup('魯班工坊是職業教育合作的品牌。', { sourceLang: 'zh-TW', limit: 1 }))[0]).toMatchObject({ score: 98, unit: { id } });
    await t.services.tm.deleteUnit(id as number, SYSTEM_PRINCIPAL, async () => undefined);
    expect(find(await lookup('鲁班工坊是职业教育合作的品牌。'), id as number)).toBeUndefined();
  });
});

describe('ties at the limit-th score, decided on the updatedAt the index keeps', () => {
  const SOURCE = '鲁班工坊为中亚国家培养技术人才。';
  const ranked = async (tt: TestApp, limit: number) =>
    (await tt.services.tm.lookup({ source: SOURCE, sourceLang: 'zh-CN', targetLang: 'en', threshold: 50, limit, memories: DEFAULT_MEMORY })).map((m) => m.unit.id);
  /** The brute-force order over every stored unit (rankUnits), for the same query. */
  const bruteForce = async (tt: TestApp, limit: number) => {
    const pq = prepareQuery({ source: SOURCE, sourceLang: canonicalizeLanguageTag('zh-CN'), targetLang: canonicalizeLanguageTag('en') });
    return rankUnits(pq, await tt.stores.tm.listUnits({ limit: 1000 }), 50, limit).map((m) => m.unit.id);
  };
  /** Twelve units with the query's source and one time: all tied, the highest ids first. */
  const tiedMemory = async () => {
    const tt = await makeTestApp();
    await tt.services.tm.warm();
    const { ids } = await tt.services.tm.addUnits(DEFAULT_COLLECTION, Array.from({ length: 12 }, (_, i) => ({ sourceLang: 'zh-CN', targetLang: 'en', source: SOURCE, target: `Technicians ${i}.` })), SYSTEM_PRINCIPAL);
    return { tt, ids };
  };
  const later = () => new Promise((resolve) => setTimeout(resolve, 5));

  it('a unit written again with the same texts updates the index\'s updatedAt: it ranks first among its equals, as brute force says', async () => {
    const { tt, ids } = await tiedMemory();
    try {
      expect(await ranked(tt, 3)).toEqual([...ids].reverse().slice(0, 3));
      await later();
      // The lowest id written again (a CAT tool saving the same translation): a new updatedAt, the same texts.
      await tt.services.tm.addUnits(DEFAULT_COLLECTION, [{ sourceLang: 'zh-CN', targetLang: 'en', source: SOURCE, target: 'Technicians 0.' }], SYSTEM_PRINCIPAL);
      expect((await ranked(tt, 3))[0]).toBe(ids[0]);
      expect(await ranked(tt, 3)).toEqual(await bruteForce(tt, 3));
    } finally {
      await tt.close();
    }
  });

  it('a merge and a bulk import that refresh units leave the order equal to brute force', async () => {
    const { tt, ids } = await tiedMemory();
    try {
      await later();
      await tt.services.tm.mergeUnits([{ keep: ids[1] as number, remove: [ids[2] as number], usageCount: 2 }], 'test');
      expect(await ranked(tt, 5)).toEqual(await bruteForce(tt, 5));
      expect((await ranked(tt, 1))[0]).toBe(ids[1]);
      await later();
      // A bulk import refreshing unit ids[3]: the commit does not name it, so the index stops trusting its copy.
      const write = await tmSink(tt.services.tm, tt.stores.tmBulk).beginBulk(DEFAULT_COLLECTION, 'tmx-import');
      await write.stage([{ sourceLang: 'zh-CN', targetLang: 'en', source: SOURCE, target: 'Technicians 3.' }]);
      expect(await write.commit()).toMatchObject({ created: 0, updated: 1 });
      expect((await ranked(tt, 1))[0]).toBe(ids[3]);
      expect(await ranked(tt, 5)).toEqual(await bruteForce(tt, 5));
    } finally {
      await tt.close();
    }
  });
});

describe('TmService at scale', () => {
  it('counts a concordance with 130,000 hits (no argument spread of the hits)', async () => {
    const n = 130_000;
    const texts = (i: number) => ({ id: i + 1, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: `中国${i}号`, target: `China ${i}` });
    const store = {
      async countUnits() {
        return n;
      },
      async *scanUnitTexts() {
        yield Array.from({ length: n }, (_, i) => texts(i));
      },
      async getUnits(ids: number[]) {
        return ids.map((id) => ({ ...texts(id - 1), context: {}, origin: {}, note: null, createdBy: 's', createdAt: 'x', updatedBy: 's', updatedAt: 'x', usageCount: 0 }));
      },
    };
    const tm = new TmService(store as unknown as ConstructorParameters<typeof TmService>[0]);
    const result = await tm.concordance({ q: '中國', limit: 2, memories: ['m'] });
    expect(result.total).toBe(n);
    expect(result.hits.map((h) => [h.unit.id, h.highlights])).toEqual([[1, [{ start: 0, end: 2 }]], [2, [{ start: 0, end: 2 }]]]);
  }, 60_000);
});
