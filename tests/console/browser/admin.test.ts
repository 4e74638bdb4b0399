/**
 * The admin's walk: create memories, edit one (tags, description, read-only), meet the 409 of a
 * memory a document uses and delete it anyway; create a glossary; create a key scoped to one
 * memory and one glossary and copy its secret, shown once; sign in with that key and see only
 * its memory and glossary offered; see the secret gone
 * after leaving the page; revoke the key. Then the API reference at /docs: Scalar renders the
 * contract from this server alone, under its CSP, and its "try it" carries the signed-in key.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { SCREENSHOT_DIR, expectCleanAndAccessible, screenshots, signIn, walkInBrowser } from './harness.js';

walkInBrowser('console: the admin', 'creates a key whose secret is shown once with a copy button, revokes it, and opens the API reference', async (run) => {
  const w = await run.newPage();
  const { page } = w;
  await signIn(w, run.url, run.keys.admin);

  // Memories: the seed's two, then two new ones; one edited, one deleted past a 409.
  await page.getByRole('link', { name: 'Memories' }).click();
  const table = page.locator('table.collections');
  await table.getByText('China–Central Asia summits', { exact: true }).waitFor();
  const newMemory = page.getByRole('form', { name: 'New memory' });
  for (const [id, name] of [['client-a', 'Client A'], ['archive-2019', 'Archive 2019']] as const) {
    await newMemory.getByLabel('Id').fill(id);
    await newMemory.getByLabel('Name').fill(name);
    await newMemory.getByRole('button', { name: 'Create' }).click();
    await page.getByText(`Created ${name}.`).waitFor();
  }
  await expect.poll(() => table.locator('tbody tr').count()).toBe(4);
  await newMemory.getByLabel('Id').fill('Not A Slug');
  await newMemory.getByLabel('Name').fill('Bad');
  await newMemory.getByRole('button', { name: 'Create' }).click();
  expect(await newMemory.getByRole('alert').textContent()).toContain('Invalid request');

  await page.getByRole('button', { name: 'Edit Archive 2019' }).click();
  const edit = page.getByRole('form', { name: 'Edit Archive 2019' });
  await edit.getByLabel('Description').fill('Translations from 2019, for reference only.');
  await edit.getByLabel('Tags').fill('client-a, archive');
  await edit.getByLabel(/^Read-only/).check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await edit.waitFor({ state: 'detached' });
  const archive = (await (await run.api('GET', '/api/v1/memories/archive-2019', run.adminKey)).json()) as Record<string, unknown>;
  expect(archive).toMatchObject({ name: 'Archive 2019', description: 'Translations from 2019, for reference only.', tags: ['client-a', 'archive'], readOnly: true });
  await table.locator('tr', { hasText: 'Archive 2019' }).getByText('read-only').waitFor();
  await screenshots(page, 'admin-memories');
  await expectCleanAndAccessible(w);

  // A document reads the archive: deleting it is a 409 naming the document, then deleting anyway works.
  const doc = await run.api('POST', '/api/v1/documents', run.adminKey, { name: 'Client A brochure', sourceLang: 'zh-CN', targetLang: 'en', text: '欢迎。',
    settings: { memories: [{ id: 'client-a' }, { id: 'archive-2019', penalty: 10 }], writeMemory: 'client-a' } });
  expect(doc.status).toBe(201);
  await page.getByRole('button', { name: 'Delete Archive 2019' }).click();
  const del = page.getByRole('group', { name: 'Delete Archive 2019' });
  await del.getByRole('button', { name: 'Confirm' }).click();
  await del.getByRole('alert').getByText('Conflict', { exact: true }).waitFor();
  expect(await del.getByRole('alert').textContent()).toContain('Client A brochure');
  await screenshots(page, 'admin-memory-in-use');
  await del.getByRole('button', { name: 'Delete anyway and remove it from those documents' }).click();
  await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
  expect((await run.api('GET', '/api/v1/memories/archive-2019', run.adminKey)).status).toBe(404);

  // A glossary, on the page that memories have.
  await page.getByRole('link', { name: 'Glossaries' }).click();
  const newGlossary = page.getByRole('form', { name: 'New glossary' });
  await newGlossary.getByLabel('Id').fill('client-a-terms');
  await newGlossary.getByLabel('Name').fill('Client A terms');
  await newGlossary.getByLabel('Tags').fill('client-a');
  await newGlossary.getByRole('button', { name: 'Create' }).click();
  await page.locator('table.collections tr', { hasText: 'Client A terms' }).getByText('Entries: 0').waitFor();
  expect(await page.locator('table.collections tbody tr').count()).toBe(3);
  await screenshots(page, 'admin-glossaries');

  // A key that reaches one memory and one glossary.
  // The form, not the page: the hash route changes in a task after the click, and until then
  // the glossaries page's own "Name" field is the one a page-wide label finds.
  await page.getByRole('link', { name: 'API keys' }).click();
  const newKey = page.getByRole('form', { name: 'New key' });
  await newKey.getByLabel('Name').fill('Alice (freelance)');
  await newKey.getByLabel('Role').selectOption('translator');
  await newKey.getByLabel('Only the memories ticked').check();
  await newKey.locator('.scope li[data-collection="client-a"]').getByRole('checkbox').check();
  await newKey.getByLabel('Only the glossaries ticked').check();
  await newKey.locator('.scope li[data-collection="client-a-terms"]').getByRole('checkbox').check();
  await newKey.getByRole('button', { name: 'Create key' }).click();
  const secretBox = page.getByRole('region', { name: 'The secret of Alice (freelance)' });
  await secretBox.waitFor();
  const secret = await secretBox.getByLabel('Secret').inputValue();
  expect(secret).toMatch(/^cvn_/);
  await secretBox.getByRole('button', { name: 'Copy' }).click();
  await secretBox.getByText('Copied to the clipboard.').waitFor();
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
  const me = (await (await run.api('GET', '/api/v1/me', secret)).json()) as { name: string; role: string };
  expect(me).toMatchObject({ name: 'Alice (freelance)', role: 'translator', scope: { memories: ['client-a'], glossaries: ['client-a-terms'] } });
  const aliceRow = await page.getByRole('row', { name: /Alice \(freelance\)/ }).textContent();
  expect(aliceRow).toContain('Memories: client-a');
  expect(aliceRow).toContain('Glossaries: client-a-terms');
  await screenshots(page, 'admin-new-key');
  await expectCleanAndAccessible(w);

  // Signed in with that key (another tab), the console offers its one memory and glossary and nothing else.
  const alice = await run.newPage();
  await signIn(alice, run.url, secret);
  expect(await alice.page.getByRole('link', { name: 'Memories' }).count()).toBe(0);
  const offered = async (legend: string) => {
    const items = alice.page.getByRole('group', { name: legend }).locator('li');
    await items.first().waitFor();
    return items.evaluateAll((els) => els.map((e) => e.getAttribute('data-collection')));
  };
  await alice.page.getByRole('link', { name: 'Lookup' }).click();
  expect(await offered('Memories, in priority order')).toEqual(['client-a']);
  expect(await offered('Glossaries, in priority order')).toEqual(['client-a-terms']);
  await screenshots(alice.page, 'admin-scoped-key-lookup');
  await alice.page.getByRole('link', { name: 'Translation memory' }).click();
  const into = alice.page.getByLabel('Into memory');
  await into.locator('option').first().waitFor({ state: 'attached' });
  expect(await into.locator('option').allTextContents()).toEqual(['Client A (client-a)']);
  await alice.page.getByRole('link', { name: 'Documents' }).click();
  await alice.page.getByRole('link', { name: 'Client A brochure' }).waitFor();
  expect(await alice.page.locator('table.documents tbody tr').count()).toBe(1);
  expect(await offered('Memories, in priority order')).toEqual(['client-a']);
  expect(await offered('Glossaries, in priority order')).toEqual(['client-a-terms']);
  await alice.page.getByRole('link', { name: 'Term base' }).click();
  const glossarySelect = alice.page.getByRole('search').getByLabel('Glossary');
  await glossarySelect.locator('option').nth(1).waitFor({ state: 'attached' });
  expect(await glossarySelect.locator('option').allTextContents()).toEqual(['Every glossary', 'Client A terms (client-a-terms)']);
  await screenshots(alice.page, 'admin-scoped-key');
  expect(alice.outside).toEqual([]);
  expect(alice.errors).toEqual([]);
  await alice.page.context().close();

  await page.getByRole('link', { name: 'Documents' }).click();
  await page.getByRole('link', { name: 'API keys' }).click();
  await page.getByRole('cell', { name: 'Alice (freelance)', exact: true }).waitFor();
  expect(await page.getByRole('region', { name: /The secret of/ }).count()).toBe(0);
  expect(await page.content()).not.toContain(secret);

  await page.getByRole('button', { name: 'Revoke Alice (freelance)' }).click();
  await page.getByRole('group', { name: 'Revoke Alice (freelance)' }).getByRole('button', { name: 'Confirm' }).click();
  await expect.poll(() => page.getByRole('cell', { name: 'Alice (freelance)', exact: true }).count()).toBe(0);
  expect((await run.api('GET', '/api/v1/me', secret)).status).toBe(401);
  await screenshots(page, 'admin-keys');

  const started = Date.now();
  await page.getByRole('link', { name: 'API reference' }).click();
  await page.getByText('Liveness and counts').first().waitFor({ timeout: 60_000 });
  process.stdout.write(`API reference rendered in ${Date.now() - started} ms\n`);
  expect(await page.evaluate(`sessionStorage.getItem('caravan.key')`)).toBe(run.keys.admin);
  await page.getByText('No key needed.').first().waitFor();
  // "Try it" is filled in with the key this tab signed in with.
  const inputValues = async () => Promise.all((await page.locator('input').all()).map((i) => i.inputValue().catch(() => '')));
  await expect.poll(inputValues, { timeout: 30_000 }).toContain(run.keys.admin);
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'admin-api-reference.png') });
  expect(w.outside).toEqual([]);
  expect(w.errors).toEqual([]);
});
