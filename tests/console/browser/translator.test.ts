/**
 * The translator's walk: look up a seed sentence written in Traditional script and edited,
 * read its score, match type, penalties, the highlighted differences, the memory and the
 * recognised terms with their translations; look it up again in one memory with a penalty
 * and one glossary (each term with its glossary);
 * search the concordance (each hit with its memory); see typed markup stay text; see a 400
 * shown at the form; and return to sign-in when the key is revoked (401).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { toTraditional } from '../../../src/domain/text/script.js';
import { PACKAGE_ROOT } from '../../../src/version.js';
import { expectCleanAndAccessible, screenshots, signIn, walkInBrowser } from './harness.js';

/** The seed memory and the seed glossary share this id. */
const SEED_MEMORY = 'china-central-asia-summits';

interface LookupAnswer {
  matches: { score: number; matchType: string; memory: string; penalties: { code: string; points: number }[] }[];
  terms: { text: string; translations: Record<string, { term: string }[]> }[];
}

walkInBrowser('console: the translator', 'looks up a Traditional segment, reads matches and terms, searches the concordance, and is signed out by a 401', async (run) => {
  const { units } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'memory', 'tm', '2023-xian-keynote.json'), 'utf8')) as { units: { source: string }[] };
  const seed = units[3]?.source ?? '';
  const query = toTraditional(seed.replace('共商', '共同商讨'), 'tw');
  const expected = (await (await run.api('POST', '/api/v1/tm/lookup', run.keys.translator, { source: query, sourceLang: 'zh-TW', targetLang: 'en' })).json()) as LookupAnswer;
  const best = expected.matches[0];
  expect(best?.penalties.some((p) => p.code === 'script')).toBe(true);

  const w = await run.newPage();
  const { page } = w;
  await signIn(w, run.url, run.keys.translator);
  expect(await page.getByRole('link', { name: 'API keys' }).count()).toBe(0);
  await page.getByRole('link', { name: 'Lookup' }).click();
  await page.getByLabel('Source segment').fill(query);
  await page.getByLabel('Source script').selectOption('zh-TW');
  await page.getByRole('button', { name: 'Look up' }).click();
  const card = page.locator('article.match').first();
  await card.waitFor();
  expect(await card.locator('.score').textContent()).toBe(`${best?.score}%`);
  expect(await card.locator('.badge').first().textContent()).toBe(best?.matchType);
  expect(await card.getByRole('list', { name: 'Penalties' }).textContent()).toContain('Traditional/Simplified −2');
  expect(await card.locator('.diff ins, .diff del').count()).toBeGreaterThan(0);
  expect(await page.locator('.source-text mark.term-hit').count()).toBe(expected.terms.length);
  const summit = expected.terms.find((x) => x.translations.en?.length);
  expect(await page.locator('.term-table').textContent()).toContain(summit?.translations.en?.[0]?.term ?? '(no term)');
  expect(await card.locator('.memory-id').textContent()).toBe(best?.memory);

  // Only the seed memory, with a penalty of 7 points: the memory penalty is one of the match's penalties.
  const picker = page.getByRole('group', { name: 'Memories, in priority order' });
  // The list is filled by its own request, which may answer after the lookup's (a full run's load).
  await picker.locator('li[data-collection="default"]').waitFor();
  expect(await picker.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-collection')))).toEqual(['china-central-asia-summits', 'default']);
  await picker.locator(`li[data-collection="${SEED_MEMORY}"]`).getByRole('checkbox').check();
  await picker.getByLabel('Penalty for China–Central Asia summits (points)').fill('7');
  await picker.getByRole('button', { name: 'Move China–Central Asia summits down' }).click();
  await page.getByRole('group', { name: 'Glossaries, in priority order' }).locator(`li[data-collection="${SEED_MEMORY}"]`).getByRole('checkbox').check();
  expect(await picker.locator('li').first().getAttribute('data-collection')).toBe('default');
  const penalised = (await (await run.api('POST', '/api/v1/tm/lookup', run.keys.translator, { source: query, sourceLang: 'zh-TW', targetLang: 'en', memories: [{ id: SEED_MEMORY, penalty: 7 }] })).json()) as LookupAnswer;
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect.poll(() => card.locator('.score').textContent()).toBe(`${penalised.matches[0]?.score}%`);
  expect(penalised.matches[0]?.score).toBe((best?.score ?? 0) - 7);
  expect(await card.getByRole('list', { name: 'Penalties' }).textContent()).toContain('memory penalty −7');
  expect(await card.locator('dd').last().textContent()).toContain('China–Central Asia summits china-central-asia-summits');
  expect(new Set(await page.locator('.term-table tbody td:nth-child(4)').allTextContents())).toEqual(new Set([SEED_MEMORY]));
  await screenshots(page, 'translator-lookup');
  await expectCleanAndAccessible(w);

  await page.getByLabel('Text to find').fill('丝绸之路');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(/^Units found: \d+/).waitFor();
  expect(await page.locator('table.concordance mark').count()).toBeGreaterThan(0);
  expect(new Set(await page.locator('table.concordance tbody td:nth-child(3)').allTextContents())).toEqual(new Set([SEED_MEMORY]));
  await screenshots(page, 'translator-concordance');

  // Markup typed by a user is shown as text and never runs.
  await page.getByLabel('Source segment').fill('<img src=x onerror="window.__typed=1">中亚');
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.locator('.source-text', { hasText: '<img src=x onerror="window.__typed=1">' }).waitFor();
  expect(await page.locator('main img').count()).toBe(0);
  expect(await page.evaluate('window.__typed')).toBeUndefined();

  // A segment over the contract's 10,000 characters: the 400's title and detail at the form.
  await page.getByLabel('Source segment').fill('中'.repeat(10_001));
  await page.getByRole('button', { name: 'Look up' }).click();
  const problem = page.locator('form').getByRole('alert');
  await problem.getByText('Invalid request').waitFor();
  expect(await problem.textContent()).toContain('source');

  // The key is revoked: the next call returns to sign-in with the 401's title and detail.
  const keys = (await (await run.api('GET', '/api/v1/keys', run.adminKey)).json()) as { keys: { id: number; name: string }[] };
  const mine = keys.keys.find((k) => k.name === 'browser-translator');
  expect((await run.api('DELETE', `/api/v1/keys/${mine?.id}`, run.adminKey)).status).toBe(204);
  await page.getByLabel('Source segment').fill('中亚');
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByRole('heading', { name: 'Sign in to Caravan' }).waitFor();
  expect(await page.getByRole('alert').textContent()).toContain('Unauthorized');
  expect(await page.getByRole('alert').textContent()).toContain('The API key is not known');
  expect(await page.evaluate(`sessionStorage.getItem('caravan.key')`)).toBeNull();
  await screenshots(page, 'translator-signed-out');
  expect(w.outside).toEqual([]);
  expect(w.errors).toEqual([]);
});
