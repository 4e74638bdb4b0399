/**
 * The terminologist's walk: search the term base filtered by glossary, edit an entry while
 * someone else saves it (412: both versions side by side, re-apply, save), read the history with
 * field diffs, see an entry of a read-only glossary without edit controls, meet a 409 shown next
 * to Save, write a new entry into a chosen glossary, check a TBX import into a chosen glossary
 * with a dry run before committing it, export TBX.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { expectCleanAndAccessible, screenshots, signIn, walkInBrowser } from './harness.js';

const TBX = `<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>console test</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="c1"><langSet xml:lang="zh-CN"><tig><term>数字经济伙伴关系</term></tig></langSet><langSet xml:lang="en"><tig><term>digital economy partnership</term></tig></langSet></termEntry>
<termEntry id="c2"><langSet xml:lang="en"><tig><term>No Chinese here</term></tig></langSet></termEntry>
</body></text></martif>`;

const SEED_GLOSSARY = 'china-central-asia-summits';

walkInBrowser('console: the terminologist', 'edits through a 412 conflict, reads the history, writes into a chosen glossary, and imports TBX after a dry run', async (run) => {
  // A client's glossary, and an archived one that is read-only.
  for (const [id, name] of [['client-a-terms', 'Client A terms'], ['legacy-terms', 'Legacy terms']] as const) {
    expect((await run.api('POST', '/api/v1/glossaries', run.adminKey, { id, name })).status).toBe(201);
  }
  const old = await run.api('POST', '/api/v1/glossaries/legacy-terms/entries', run.adminKey, { id: 'old-term', languages: { 'zh-CN': [{ term: '旧式术语', status: 'preferred' }], en: [{ term: 'old-style term', status: 'preferred' }] } });
  expect(old.status).toBe(201);
  expect((await run.api('PATCH', '/api/v1/glossaries/legacy-terms', run.adminKey, { readOnly: true })).status).toBe(200);

  const w = await run.newPage();
  const { page } = w;
  await signIn(w, run.url, run.keys.terminologist);
  expect(await page.getByRole('link', { name: 'API keys' }).count()).toBe(0);

  const search = page.getByRole('search');
  await search.getByLabel('Glossary').selectOption(SEED_GLOSSARY);
  await page.getByLabel('Search (Chinese, English, Russian)').fill('鲁班工坊');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('.entry-list a', { hasText: '鲁班工坊' }).first().click();
  await page.getByRole('heading', { name: 'luban-workshop' }).waitFor();
  expect(new Set(await page.locator('.entry-list .entry-glossary').allTextContents())).toEqual(new Set([SEED_GLOSSARY]));
  await screenshots(page, 'terminologist-entry');

  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Definition').fill('Vocational training centres China builds with partner countries (edited in the console).');
  // Someone else saves the entry in the meantime.
  const current = await run.api('GET', '/api/v1/glossary/entries/luban-workshop', run.adminKey);
  const theirs = (await current.json()) as Record<string, unknown>;
  const put = await run.api('PUT', '/api/v1/glossary/entries/luban-workshop', run.adminKey,
    { languages: theirs.languages, subjectField: theirs.subjectField, definition: theirs.definition, source: theirs.source, note: 'Changed by another terminologist.' },
    { 'If-Match': current.headers.get('ETag') ?? '' });
  expect(put.status).toBe(200);

  await page.getByRole('button', { name: 'Save' }).click();
  const conflict = page.getByRole('region', { name: 'Someone else changed this entry' });
  await conflict.waitFor();
  await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Precondition failed');
  expect(await conflict.locator('tbody th').allTextContents()).toEqual(['definition', 'note']);
  expect(await conflict.locator('tbody tr').nth(1).textContent()).toContain('Changed by another terminologist.');
  await screenshots(page, 'terminologist-conflict');
  await expectCleanAndAccessible(w);

  await page.getByRole('button', { name: 'Re-apply my changes to the current version' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Version 3, last changed by browser-terminologist').waitFor();
  const stored = (await (await run.api('GET', '/api/v1/glossary/entries/luban-workshop', run.adminKey)).json()) as { version: number; definition: string; note: string };
  expect(stored).toMatchObject({ version: 3, definition: 'Vocational training centres China builds with partner countries (edited in the console).', note: 'Changed by another terminologist.' });

  await page.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('region', { name: 'History' });
  await history.getByText('Version 3: updated by browser-terminologist').waitFor();
  expect(await history.locator('.history-record').first().locator('code').allTextContents()).toEqual(['/definition']);
  await screenshots(page, 'terminologist-history');

  // An entry of a read-only glossary: shown as such, with nothing to edit.
  await search.getByLabel('Glossary').selectOption('');
  await page.getByLabel('Search (Chinese, English, Russian)').fill('旧式术语');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('.entry-list a', { hasText: '旧式术语' }).click();
  await page.getByRole('heading', { name: 'old-term' }).waitFor();
  expect(await page.locator('article.entry').textContent()).toContain('In the glossary Legacy terms legacy-termsread-only');
  expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
  await screenshots(page, 'terminologist-read-only');

  // A Chinese term that another entry of the same glossary has: the 409's title and detail next to Save.
  await page.getByRole('link', { name: 'New entry' }).click();
  const editor = page.getByRole('form', { name: 'New entry' });
  const into = editor.getByLabel('Glossary');
  expect(await into.locator('option[value="legacy-terms"]').isDisabled()).toBe(true);
  await into.selectOption(SEED_GLOSSARY);
  await page.getByRole('group', { name: 'Language zh-CN' }).getByLabel('Term 1').fill('鲁班工坊');
  await page.getByRole('group', { name: 'Language en' }).getByLabel('Term 1').fill('Luban Workshop again');
  await page.getByRole('button', { name: 'Save' }).click();
  const alert = editor.getByRole('alert');
  await alert.getByText('Conflict', { exact: true }).waitFor();
  expect(await alert.textContent()).toContain('luban-workshop');
  // The same term in the client's glossary is that glossary's own entry.
  await into.selectOption('client-a-terms');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'luban-workshop-again' }).waitFor();
  const clientEntries = (await (await run.api('GET', '/api/v1/glossaries/client-a-terms/entries', run.adminKey)).json()) as { entries: { id: string; glossary: string }[] };
  expect(clientEntries.entries.map((e) => [e.glossary, e.id])).toEqual([['client-a-terms', 'luban-workshop-again']]);

  await page.getByRole('link', { name: 'Import and export' }).click();
  await page.getByLabel('Into glossary').selectOption('client-a-terms');
  await page.getByLabel('File (TBX v2 or v3, CSV, TSV)').setInputFiles({ name: 'new-terms.tbx', mimeType: 'application/x-tbx+xml', buffer: Buffer.from(TBX) });
  await page.getByRole('button', { name: 'Check (dry run)' }).click();
  await page.getByText('Dry run: nothing was changed yet').waitFor();
  expect(await page.locator('.report').textContent()).toContain('concepts in the file 2; new 1, updated 0, unchanged 0, skipped 1');
  expect(await page.locator('.report table').textContent()).toContain('No Chinese here');
  const before = (await (await run.api('GET', '/api/v1/glossary/entries?q=数字经济伙伴关系', run.adminKey)).json()) as { total: number };
  expect(before.total).toBe(0);
  await screenshots(page, 'terminologist-import-dry-run');
  await expectCleanAndAccessible(w);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByText('Imported', { exact: true }).waitFor();
  const after = (await (await run.api('GET', '/api/v1/glossary/entries?q=数字经济伙伴关系', run.adminKey)).json()) as { total: number; entries: { glossary: string }[] };
  expect(after.total).toBe(1);
  expect(after.entries[0]?.glossary).toBe('client-a-terms');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toBe('caravan-glossary.tbx');
  expect(readFileSync(await download.path(), 'utf8')).toContain('数字经济伙伴关系');
  expect(w.outside).toEqual([]);
  expect(w.errors).toEqual([]);
});
