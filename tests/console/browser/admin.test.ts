/**
 * The admin's walk: create a key and copy its secret, shown once; see it gone after leaving
 * the page; revoke the key. Then the API reference at /docs: Scalar renders the contract from
 * this server alone, under its CSP, and its "try it" carries the signed-in key.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { SCREENSHOT_DIR, expectCleanAndAccessible, screenshots, signIn, walkInBrowser } from './harness.js';

walkInBrowser('console: the admin', 'creates a key whose secret is shown once with a copy button, revokes it, and opens the API reference', async (run) => {
  const w = await run.newPage();
  const { page } = w;
  await signIn(w, run.url, run.keys.admin);
  await page.getByRole('link', { name: 'API keys' }).click();
  await page.getByLabel('Name').fill('Alice (freelance)');
  await page.getByLabel('Role').selectOption('translator');
  await page.getByRole('button', { name: 'Create key' }).click();
  const secretBox = page.getByRole('region', { name: 'The secret of Alice (freelance)' });
  await secretBox.waitFor();
  const secret = await secretBox.getByLabel('Secret').inputValue();
  expect(secret).toMatch(/^cvn_/);
  await secretBox.getByRole('button', { name: 'Copy' }).click();
  await secretBox.getByText('Copied to the clipboard.').waitFor();
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
  const me = (await (await run.api('GET', '/api/v1/me', secret)).json()) as { name: string; role: string };
  expect(me).toMatchObject({ name: 'Alice (freelance)', role: 'translator' });
  await screenshots(page, 'admin-new-key');
  await expectCleanAndAccessible(w);

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
