/**
 * The project manager's walk (a translator key: documents and imports need that role): create
 * documents from text with project settings (memories with a penalty, the write memory, a
 * glossary) and
 * from XLIFF (and meet a 400 at the form), see the settings on the document, read segments with
 * their terms, chart the analysis with weights, download XLIFF 2.1 and 1.2, upload the
 * translated 1.2 with its QA report, import TMX into a chosen memory and export it by memory
 * and filter, delete a document.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectCleanAndAccessible, screenshots, signIn, walkInBrowser } from './harness.js';

const XLIFF = `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="console-test.txt" source-language="zh-CN" target-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>中国—中亚峰会在西安举行。</source></trans-unit>
<trans-unit id="2"><source>各方共商合作大计。</source></trans-unit>
</body></file></xliff>`;

const TMX = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>
<tu><tuv xml:lang="zh-CN"><seg>控制台测试句子一。</seg></tuv><tuv xml:lang="en"><seg>Console test sentence one.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>控制台测试句子二。</seg></tuv><tuv xml:lang="en"><seg>Console test sentence two.</seg></tuv></tu>
</body></tmx>`;

/** The seed memory and the seed glossary share this id. */
const SEED_MEMORY = 'china-central-asia-summits';

async function downloadText(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

walkInBrowser('console: the project manager', 'creates documents, charts the analysis, exchanges XLIFF and TMX, and deletes a document', async (run) => {
  const w = await run.newPage();
  const { page } = w;
  await signIn(w, run.url, run.keys.translator);
  await page.getByRole('link', { name: 'Documents' }).click();
  await page.getByRole('table').getByText('Documents: 5').waitFor();

  const settings = page.getByRole('region', { name: 'Project settings' });
  const readMemories = settings.getByRole('group', { name: 'Memories, in priority order' });
  await readMemories.locator(`li[data-collection="${SEED_MEMORY}"]`).getByRole('checkbox').check();
  await readMemories.getByLabel('Penalty for China–Central Asia summits (points)').fill('3');
  await readMemories.locator('li[data-collection="default"]').getByRole('checkbox').check();
  await settings.getByLabel('Write memory').selectOption('default');
  await settings.getByRole('group', { name: 'Glossaries, in priority order' }).locator(`li[data-collection="${SEED_MEMORY}"]`).getByRole('checkbox').check();
  const fromText = page.getByRole('form', { name: 'New document from text' });
  await fromText.getByLabel('Name').fill('Console test speech');
  await fromText.getByLabel('Source language').fill('not a tag!!');
  await fromText.getByLabel('Text').fill('中国—中亚峰会在西安举行。各方共商合作大计。');
  await fromText.getByRole('button', { name: 'Create' }).click();
  await fromText.getByRole('alert').getByText('Invalid request').waitFor();
  await fromText.getByLabel('Source language').fill('zh-CN');
  await fromText.getByRole('button', { name: 'Create' }).click();
  await fromText.getByText('Created', { exact: false }).waitFor();
  await page.getByRole('table').getByText('Documents: 6').waitFor();
  const listed = (await (await run.api('GET', '/api/v1/documents', run.keys.translator)).json()) as { documents: { id: number; name: string; settings?: unknown }[] };
  expect(listed.documents.find((d) => d.name === 'Console test speech')?.settings).toEqual({ memories: [{ id: SEED_MEMORY, penalty: 3 }, { id: 'default' }], writeMemory: 'default', glossaries: [SEED_MEMORY] });

  const fromXliff = page.getByRole('form', { name: 'New document from an XLIFF file' });
  await fromXliff.getByLabel('XLIFF file (1.2, 2.x, sdlxliff, mqxliff)').setInputFiles({ name: 'console-test.xlf', mimeType: 'application/xliff+xml', buffer: Buffer.from(XLIFF) });
  await fromXliff.getByRole('button', { name: 'Upload' }).click();
  await page.getByRole('table').getByText('Documents: 7').waitFor();
  await screenshots(page, 'pm-documents');
  await expectCleanAndAccessible(w);

  await page.getByRole('link', { name: 'Console test speech' }).click();
  const shown = page.getByRole('definition');
  await shown.first().waitFor();
  expect(await shown.allTextContents()).toEqual([`${SEED_MEMORY} (−3), default`, 'default', SEED_MEMORY]);
  await page.getByRole('link', { name: '← Documents' }).click();
  await page.getByRole('link', { name: '001_6b220abc01d5b796.txt' }).click();
  await page.locator('table.segments tbody tr').nth(49).waitFor();
  await page.locator('table.segments mark.term-hit').first().waitFor();
  await screenshots(page, 'pm-segments');

  await page.getByRole('link', { name: 'Analysis' }).click();
  const chart = page.getByRole('img', { name: /^Analysis of 001_6b220abc01d5b796\.txt/ });
  await chart.waitFor();
  expect(await chart.locator('g.band').count()).toBe(8);
  const weights = { context: '0', repetition: '0.1', exact: '0.2', '95-99': '0.4', '85-94': '0.6', '75-84': '0.8' };
  for (const [band, value] of Object.entries(weights)) {
    await page.locator('table.bands tbody tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${{ context: '101%', repetition: 'Repetitions', exact: '100%' }[band] ?? band.replace('-', '–')}`) }) }).locator('input').fill(value);
  }
  await page.getByRole('button', { name: 'Apply weights' }).click();
  const query = Object.entries(weights).map(([b, v]) => `${b}:${v}`).join(',');
  const api = (await (await run.api('GET', `/api/v1/documents/2/analysis?weights=${query}`, run.keys.translator)).json()) as { total: { weighted: number } };
  await expect.poll(() => page.getByTestId('weighted-total').textContent()).toBe(api.total.weighted.toLocaleString('en', { maximumFractionDigits: 2 }));
  expect(await chart.textContent()).toContain(' × 0.2 = ');
  await screenshots(page, 'pm-analysis');
  await expectCleanAndAccessible(w);

  await page.getByRole('link', { name: 'XLIFF' }).click();
  await page.getByLabel('XLIFF 2.1').check();
  const v21 = await downloadText(page, () => page.getByRole('button', { name: 'Download XLIFF' }).click());
  expect(v21.name).toBe('001_6b220abc01d5b796.en.xlf');
  expect(v21.text).toMatch(/<xliff [^>]*version="2.1"/);
  await page.getByLabel('XLIFF 1.2').check();
  await page.getByLabel('Lowest match that fills a target (0–101)').fill('95');
  const v12 = await downloadText(page, () => page.getByRole('button', { name: 'Download XLIFF' }).click());
  expect(v12.text).toContain('version="1.2"');
  const drafts = (v12.text.match(/state="needs-review-translation"/g) ?? []).length;
  expect(drafts).toBeGreaterThan(0);
  const translated = v12.text.replaceAll('state="needs-review-translation"', 'state="translated"');
  await page.getByLabel('Translated XLIFF file').setInputFiles({ name: 'translated.xlf', mimeType: 'application/xliff+xml', buffer: Buffer.from(translated) });
  await page.getByRole('button', { name: 'Upload and check' }).click();
  const report = page.locator('.report');
  await report.waitFor();
  expect(await report.textContent()).toMatch(new RegExp(`^Segments updated ${drafts}; units added to the TM \\d+; skipped \\d+; terminology issues \\d+\\.`));
  await screenshots(page, 'pm-xliff');

  await page.getByRole('link', { name: 'Translation memory' }).click();
  const before = (await (await run.api('GET', '/api/v1/tm/stats', run.keys.translator)).json()) as { units: number };
  const seedUnits = async () => ((await (await run.api('GET', `/api/v1/memories/${SEED_MEMORY}`, run.keys.translator)).json()) as { stats: { units: number } }).stats.units;
  const seedBefore = await seedUnits();
  await page.getByLabel('Into memory').selectOption(SEED_MEMORY);
  await page.getByLabel('TMX file (1.4b or 1.1)').setInputFiles({ name: 'console.tmx', mimeType: 'application/x-tmx+xml', buffer: Buffer.from(TMX) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByText('New units 2; updated 0; skipped 0.').waitFor();
  await page.getByRole('table').getByText(`Units: ${(before.units + 2).toLocaleString('en')}`).waitFor();
  expect(await seedUnits()).toBe(seedBefore + 2);
  const exportForm = page.getByRole('form', { name: 'Export TMX' });
  await exportForm.getByRole('group', { name: 'Memories to export' }).locator(`li[data-collection="${SEED_MEMORY}"]`).getByRole('checkbox').check();
  await exportForm.getByText('Filters').click();
  await exportForm.getByLabel('Source contains').fill('控制台测试');
  const tmx = await downloadText(page, () => page.getByRole('button', { name: 'Download TMX' }).click());
  expect(tmx.name).toMatch(/\.tmx$/);
  expect(tmx.text).toContain('<seg>Console test sentence two.</seg>');
  expect(tmx.text.match(/<tu[ >]/g)?.length).toBe(2);
  await screenshots(page, 'pm-tm');

  await page.getByRole('link', { name: 'Documents' }).click();
  await page.getByRole('button', { name: 'Delete Console test speech' }).click();
  await page.getByRole('group', { name: 'Delete Console test speech' }).getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('table').getByText('Documents: 6').waitFor();
  expect(await page.getByRole('link', { name: 'Console test speech' }).count()).toBe(0);
  expect(w.outside).toEqual([]);
  expect(w.errors).toEqual([]);
});
