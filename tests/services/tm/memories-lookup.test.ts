/**
 * Lookups over several memories (issue 10) equal a brute-force ranking of every unit of the
 * memories asked for (with their priority and penalties); and lookups of space-delimited
 * sources (issue 8 §1) find exact, in-context, fuzzy and number-changed matches for English,
 * Russian, German and French sources into Chinese, English and Russian.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedMaterial, prng, syntheticQueries, syntheticUnits } from '../../../bench/synthetic.js';
import { SYSTEM_PRINCIPAL } from '../../../src/domain/auth/roles.js';
import { canonicalizeLanguageTag } from '../../../src/domain/text/language-tag.js';
import { prepareQuery, rankUnits, type TmMatch } from '../../../src/domain/tm/scoring/matcher.js';
import type { UnitRecord } from '../../../src/domain/tm/unit.js';
import type { ReadMemory } from '../../../src/services/tm/memories.js';
import { type TestApp, makeTestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const MEMORIES = ['m-a', 'm-b', 'm-c', 'm-d'];
const summary = (ms: TmMatch[]) => ms.map((m) => [m.unit.id, m.unit.memory, m.score]);

describe('lookups over several memories equal brute force', () => {
  it('for random memory lists, orders, penalties, thresholds and limits', async () => {
    for (const id of MEMORIES) await t.services.memories.create({ id, name: id }, SYSTEM_PRINCIPAL);
    const material = loadSeedMaterial();
    const rnd = prng(21);
    const units = [...syntheticUnits(material, 2400, 13)];
    // Every memory gets its share, and some units go to two memories (the same sentence, trusted differently).
    for (const [i, id] of MEMORIES.entries()) {
      const share = units.filter((_, k) => k % MEMORIES.length === i || rnd() < 0.05);
      for (let k = 0; k < share.length; k += 500) await t.services.tm.addUnits(id, share.slice(k, k + 500), SYSTEM_PRINCIPAL);
    }
    const all: UnitRecord[] = await t.stores.tm.listUnits({ limit: 100_000 });
    const sources = all.map((u) => u.source);
    const zh = canonicalizeLanguageTag('zh-CN');
    const en = canonicalizeLanguageTag('en');
    let nonEmpty = 0;
    for (const q of syntheticQueries(material, sources, 250, 9)) {
      const chosen = MEMORIES.filter(() => rnd() < 0.7).sort(() => rnd() - 0.5);
      // Whole penalties, and quarters (a penalty may have decimals, `m-a:0.75`).
      const memories: ReadMemory[] = chosen.map((id) => ({ id, penalty: rnd() < 0.5 ? 0 : rnd() < 0.5 ? Math.floor(rnd() * 20) : Math.floor(rnd() * 80) / 4 }));
      const threshold = 40 + Math.floor(rnd() * 61);
      const limit = 1 + Math.floor(rnd() * 8);
      const got = await t.services.tm.lookup({ source: q.source, sourceLang: 'zh-CN', targetLang: 'en', threshold, limit, memories });
      const standing = new Map(memories.map((m, rank) => [m.id, { rank, penalty: m.penalty }]));
      const expected = rankUnits(prepareQuery({ source: q.source, sourceLang: zh, targetLang: en }), all, threshold, limit, (u) => standing.get(u.memory));
      expect(summary(got), `${q.kind} ${q.source} in ${JSON.stringify(memories)} at ${threshold}, limit ${limit}`).toEqual(summary(expected));
      if (expected.length) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(100);
  }, 180_000);

  it('keep a later memory\'s whole base that beats a score with decimals (a penalty of 0.75 before it)', async () => {
    for (const id of ['frac-a', 'frac-b']) await t.services.memories.create({ id, name: id }, SYSTEM_PRINCIPAL);
    const unit = (source: string, target: string) => ({ sourceLang: 'zh-CN', targetLang: 'en', source, target });
    // Against the query, each unit's base is 75 (5 of 20 characters changed): 74.25 after frac-a's penalty, 75 in frac-b.
    await t.services.tm.addUnits('frac-a', [unit('甲乙丙丁戊五国的合作不断深化拓展共创美好', 'a')], SYSTEM_PRINCIPAL);
    await t.services.tm.addUnits('frac-b', [unit('中国同中亚五国的合作不断深化拓甲乙丙丁戊', 'b')], SYSTEM_PRINCIPAL);
    const ask = (limit: number) => t.services.tm.lookup({ source: '中国同中亚五国的合作不断深化拓展共创美好', sourceLang: 'zh-CN', targetLang: 'en', threshold: 50, limit,
      memories: [{ id: 'frac-a', penalty: 0.75 }, { id: 'frac-b', penalty: 0 }] });
    expect((await ask(2)).map((m) => [m.unit.memory, m.score])).toEqual([['frac-b', 75], ['frac-a', 74.25]]);
    expect((await ask(1)).map((m) => [m.unit.memory, m.score])).toEqual([['frac-b', 75]]);
  });
});

describe('space-delimited sources', () => {
  const cases = [
    { sourceLang: 'en', targetLang: 'zh-CN', sentences: ['The Belt and Road Initiative is a public good.', 'Trade between China and Central Asia reached 70 billion dollars in 2022.', 'We will open a Luban Workshop in every country.'] },
    { sourceLang: 'ru', targetLang: 'zh-CN', sentences: ['Инициатива «Один пояс, один путь» является общественным благом.', 'Товарооборот Китая и Центральной Азии в 2022 году достиг 70 миллиардов долларов.', 'Мы откроем мастерскую Лу Баня в каждой стране.'] },
    { sourceLang: 'de', targetLang: 'en', sentences: ['Die Seidenstraße verband Ost und West.', 'Der Handel erreichte im Jahr 2022 70 Milliarden Dollar.', 'Wir eröffnen in jedem Land eine Luban-Werkstatt.'] },
    { sourceLang: 'fr', targetLang: 'ru', sentences: ['La Route de la soie reliait l\'Orient et l\'Occident.', 'Le commerce a atteint 70 milliards de dollars en 2022.', 'Nous ouvrirons un atelier Luban dans chaque pays.'] },
    { sourceLang: 'en', targetLang: 'ru', sentences: ['Our peoples share a common future.', 'The railway carried 5,000 trains in 2023.', 'The summit will be held in Astana.'] },
  ];
  for (const c of cases) {
    it(`${c.sourceLang} → ${c.targetLang}: exact 100, context 101, fuzzy, and a changed number substituted`, async () => {
      const memory = `words-${c.sourceLang}-${c.targetLang}`.toLowerCase();
      await t.services.memories.create({ id: memory, name: memory }, SYSTEM_PRINCIPAL);
      const units = c.sentences.map((source, i) => ({ sourceLang: c.sourceLang, targetLang: c.targetLang, source, target: `${c.targetLang}:${i}:${(source.match(/\d[\d,]*/g) ?? []).join(' ')}`,
        context: { previous: c.sentences[i - 1], next: c.sentences[i + 1] } }));
      await t.services.tm.addUnits(memory, units, SYSTEM_PRINCIPAL);
      const look = (source: string, extra: Record<string, unknown> = {}) =>
        t.services.tm.lookup({ source, sourceLang: c.sourceLang, targetLang: c.targetLang, memories: [{ id: memory, penalty: 0 }], threshold: 50, ...extra });
      const [first, second, third] = c.sentences as [string, string, string];
      expect((await look(first))[0]).toMatchObject({ score: 100, matchType: 'exact', unit: { source: first } });
      expect((await look(second, { context: { previous: first, next: third } }))[0]).toMatchObject({ score: 101, matchType: 'context' });
      const edited = third.replace(/\S+\.$/, 'x.'); // the last word changed
      const fuzzy = (await look(edited))[0];
      expect(fuzzy?.matchType).toBe('fuzzy');
      expect(fuzzy?.unit.source).toBe(third);
      expect(fuzzy?.score).toBeGreaterThanOrEqual(70);
      const renumbered = second.replace(/70|5,000/, '85');
      const number = (await look(renumbered))[0];
      expect(number).toMatchObject({ matchType: 'fuzzy', penalties: [{ code: 'number', points: 1 }], unit: { source: second } });
      expect(number?.score).toBe(99);
      expect(number?.target).toContain('85');
    });
  }
});
