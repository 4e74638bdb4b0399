/**
 * The project manager's TM maintenance walk, in a memory of its own (`upkeep`): filter the units
 * and page through them; edit one and delete one; preview a replace in targets (changes marked,
 * a unit left alone with its reason), apply it and check through the API that exactly those
 * targets changed; meet a stale token after someone else's edit and preview again; see a bad
 * pattern's 400 at the field; copy units to another memory; see that a reader gets no
 * maintenance actions and a translator no delete by filter; delete by filter as an admin and
 * check the count through the API, also past a stale count; move the rest to another memory.
 * The bulk actions are reached from the bar above the table, one open at a time.
 */
import { expect } from 'vitest';
import { type WatchedPage, expectCleanAndAccessible, screenshots, signIn, walkInBrowser } from './harness.js';
import { type Unit, actionBar, json, openAction, showUnits as showUnitsOf, targets } from './tm-units.js';

const MEMORY = 'upkeep';
/** The seed memory of a new data directory. */
const SEED_MEMORY = 'china-central-asia-summits';
/** More units than one page of the table (50). */
const FILLER = 60;

/** The units of `upkeep` whose target contains `target`. */
const showUnits = (w: WatchedPage, target: string) => showUnitsOf(w, MEMORY, target);

walkInBrowser('console: TM maintenance', 'filters and pages units, edits and deletes one, replaces in targets with a preview and a stale token, copies, deletes by filter as an admin and moves', async (run) => {
  expect((await run.api('POST', '/api/v1/memories', run.adminKey, { id: MEMORY, name: 'Upkeep' })).status).toBe(201);
  const pair = { sourceLang: 'zh-CN', targetLang: 'en' };
  const special = [
    { source: '共建“一带一路”倡议', target: 'the Belt and Road initiative' },
    { source: '“一带一路”倡议的成果', target: 'results of the Belt and Road initiative' },
    { source: '一带一路倡议', target: 'Belt and Road initiative' },
    { source: '一带一路倡议', target: 'Belt and Road Initiative' },
    { source: '一带一路倡议的内容', target: 'INITIATIVE of the Belt and Road' },
  ];
  const filler = Array.from({ length: FILLER }, (_, i) => ({ source: `维护测试句子第${i}号。`, target: `Maintenance test sentence ${i}.` }));
  const created = await json<{ ids: number[] }>(run.api('POST', '/api/v1/tm/units', run.keys.translator, { memory: MEMORY, units: [...special, ...filler].map((u) => ({ ...pair, ...u })) }));
  const [a, b, duplicate, twin, shouting] = created.ids as [number, number, number, number, number];
  const fillerIds = created.ids.slice(special.length);

  // The translator: every unit of the memory, two pages of it.
  const w = await run.newPage();
  const { page } = w;
  await signIn(w, run.url, run.keys.translator);
  const table = await showUnits(w, '');
  await table.getByText(`Units 1–50 (page 1)`).waitFor();
  expect(await table.locator('tbody tr').count()).toBe(50);
  await page.getByRole('button', { name: 'Next page' }).click();
  await table.getByText(`Units 51–${special.length + FILLER} (page 2)`).waitFor();
  expect(await table.locator('tbody tr').count()).toBe(special.length + FILLER - 50);
  // The bulk actions sit in a bar above the table; a translator's has no delete by filter.
  expect(await actionBar(page).getByRole('button').allTextContents()).toEqual(['Search and replace in targets', 'Copy or move to another memory', 'Merge duplicates']);
  expect((await actionBar(page).boundingBox())?.y).toBeLessThan((await table.boundingBox())?.y ?? 0);

  // Delete one unit of the second page, confirmed.
  const last = fillerIds[fillerIds.length - 1] as number;
  await page.getByRole('button', { name: `Delete unit ${last}` }).click();
  await page.getByRole('group', { name: `Delete unit ${last}` }).getByRole('button', { name: 'Confirm' }).click();
  await table.locator(`tr[data-unit="${last}"]`).waitFor({ state: 'detached' });
  expect((await run.api('GET', `/api/v1/tm/units/${last}`, run.adminKey)).status).toBe(404);

  // Filter by target; edit one unit.
  await showUnits(w, 'Belt and Road');
  const expectedIds = [...(await targets(run, MEMORY, '&target=Belt+and+Road')).keys()];
  await expect.poll(() => table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-unit'))))).toEqual(expectedIds);
  expect(expectedIds).toEqual([a, b, duplicate, twin, shouting]);
  await page.getByRole('button', { name: `Edit unit ${shouting}` }).click();
  const editor = page.getByRole('form', { name: `Editing unit ${shouting} (${MEMORY}, zh-CN → en)` });
  await editor.getByLabel('Target').fill('the initiative of the Belt and Road');
  await editor.getByRole('button', { name: 'Save' }).click();
  await editor.waitFor({ state: 'detached' });
  await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.textContent'), { timeout: 2_000 }).toBe(`Edit unit ${shouting}`);
  const edited = await json<Unit>(run.api('GET', `/api/v1/tm/units/${shouting}`, run.adminKey));
  expect(edited).toMatchObject({ target: 'the initiative of the Belt and Road', updatedBy: 'browser-translator', memory: MEMORY });
  await table.locator(`tr[data-unit="${shouting}"] .unit-target`).getByText('the initiative of the Belt and Road').waitFor();

  // A pattern the server refuses: its 400 at the field.
  await openAction(page, 'Search and replace in targets');
  const replace = page.getByRole('form', { name: 'Search and replace in targets' });
  await replace.getByLabel(/^Regular expression/).check();
  await replace.getByLabel('Find').fill('(a+)+');
  await replace.getByRole('button', { name: 'Preview the changes' }).click();
  await page.locator('#replace-find-problem').getByText('Invalid request').waitFor();
  expect(await page.locator('#replace-find-problem').textContent()).toContain('nested repetition');
  expect(await replace.getByLabel('Find').getAttribute('aria-invalid')).toBe('true');

  // Preview a literal, case-sensitive replace: the changes marked, the unit that would duplicate another left alone.
  await replace.getByLabel(/^Regular expression/).uncheck();
  await replace.getByLabel('Find').fill('initiative');
  await replace.getByLabel('Replace with').fill('Initiative');
  const before = await targets(run, MEMORY);
  await replace.getByRole('button', { name: 'Preview the changes' }).click();
  await replace.getByText('Changes: 3').waitFor();
  const preview = replace.locator('table.replace-preview');
  expect(await preview.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-unit'))))).toEqual([a, b, shouting]);
  expect(await preview.locator('td.before del').allTextContents()).toEqual(['i', 'i', 'i']);
  expect(await preview.locator('td.after ins').allTextContents()).toEqual(['I', 'I', 'I']);
  expect(await replace.locator('ul.skipped').textContent()).toContain(`Unit ${duplicate}: unit ${twin} of memory "${MEMORY}" already has this source and target`);
  await screenshots(page, 'tm-maintenance-replace-preview');
  await expectCleanAndAccessible(w);
  await replace.getByRole('button', { name: 'Apply the changes (3)' }).click();
  await replace.getByText('Units changed: 3').waitFor();
  const after = await targets(run, MEMORY);
  const changed = [...after].filter(([id, target]) => before.get(id) !== target).map(([id]) => id);
  expect(changed).toEqual([a, b, shouting]);
  for (const id of changed) expect(after.get(id)).toBe(before.get(id)?.replace('initiative', 'Initiative'));
  expect(after.get(duplicate)).toBe('Belt and Road initiative');

  // Someone else edits a unit between the preview and the apply: the token is stale, nothing changes, preview again.
  await replace.getByLabel('Find').fill('the Belt');
  await replace.getByLabel('Replace with').fill('The Belt');
  await replace.getByRole('button', { name: 'Preview the changes' }).click();
  await replace.getByText('Changes: 3').waitFor();
  const theirs = await run.api('PUT', `/api/v1/tm/units/${b}`, run.keys.admin, { ...pair, memory: MEMORY, source: special[1]?.source, target: 'the results of the Belt and Road Initiative' });
  expect(theirs.status).toBe(200);
  const beforeStale = await targets(run, MEMORY);
  await replace.getByRole('button', { name: 'Apply the changes (3)' }).click();
  await replace.getByRole('alert').getByText('Conflict', { exact: true }).waitFor();
  expect(await replace.getByRole('alert').textContent()).toContain('stale');
  expect(await targets(run, MEMORY)).toEqual(beforeStale);
  await screenshots(page, 'tm-maintenance-stale-token');
  await replace.getByRole('button', { name: 'Preview again' }).click();
  await replace.locator('td.before', { hasText: 'the results of the Belt and Road Initiative' }).waitFor();
  await replace.getByRole('button', { name: 'Apply the changes (3)' }).click();
  await replace.getByText('Units changed: 3').waitFor();
  expect((await targets(run, MEMORY)).get(b)).toBe('the results of The Belt and Road Initiative');

  // Copy the filtered units into the memory default.
  await openAction(page, 'Copy or move to another memory');
  expect(await replace.isHidden()).toBe(true);
  const copy = page.getByRole('form', { name: 'Copy or move to another memory' });
  await copy.getByLabel('Into memory').selectOption('default');
  await copy.getByRole('button', { name: 'Count the units' }).click();
  await copy.getByRole('button', { name: 'Copy the units (5) into default' }).click();
  await copy.getByText('Copied into default: new units 5; already there (merged) 0.').waitFor();
  const copied = [...(await targets(run, 'default', '&target=Belt+and+Road')).values()].sort();
  expect(copied).toEqual([...(await targets(run, MEMORY, '&target=Belt+and+Road')).values()].sort());
  await screenshots(page, 'tm-maintenance-units');

  // A reader sees the units but no action on them.
  const r = await run.newPage();
  await signIn(r, run.url, run.keys.reader);
  const readerTable = await showUnits(r, 'Belt and Road');
  await readerTable.getByText('Units 1–5 (page 1)').waitFor();
  expect(await readerTable.locator('tbody tr').count()).toBe(5);
  expect(await r.page.getByRole('button', { name: /^Edit unit/ }).count()).toBe(0);
  expect(await actionBar(r.page).count()).toBe(0);
  expect(await r.page.getByRole('heading', { name: 'Search and replace in targets' }).count()).toBe(0);
  expect(r.outside).toEqual([]);
  expect(r.errors).toEqual([]);

  // The admin deletes the filler by filter: the count first, then exactly those units.
  const adm = await run.newPage();
  await signIn(adm, run.url, run.keys.admin);
  await showUnits(adm, 'Maintenance test sentence');
  const remaining = await targets(run, MEMORY, '&target=Maintenance+test+sentence');
  expect(remaining.size).toBe(FILLER - 1);
  await openAction(adm.page, 'Delete by filter');
  const bulk = adm.page.getByRole('region', { name: 'Delete by filter' });
  await bulk.getByRole('button', { name: 'Count the units to delete' }).click();
  await bulk.getByText(`Units the filter matches: ${FILLER - 1}`).waitFor();
  await screenshots(adm.page, 'tm-maintenance-delete-by-filter');
  await expectCleanAndAccessible(adm);
  // A unit the filter matches arrives after the count: the token is stale and nothing is deleted; counted again, it is included.
  const late = await run.api('POST', '/api/v1/tm/units', run.keys.translator, { ...pair, memory: MEMORY, source: '维护测试句子迟到。', target: 'Maintenance test sentence, late.' });
  expect(late.status).toBe(201);
  await bulk.getByRole('button', { name: `Delete these units (${FILLER - 1})` }).click();
  await bulk.getByRole('alert').getByText('Conflict', { exact: true }).waitFor();
  expect((await targets(run, MEMORY, '&target=Maintenance+test+sentence')).size).toBe(FILLER);
  await bulk.getByRole('button', { name: 'Preview again' }).click();
  await bulk.getByText(`Units the filter matches: ${FILLER}`).waitFor();
  await bulk.getByRole('button', { name: `Delete these units (${FILLER})` }).click();
  await bulk.getByText(`Units deleted: ${FILLER}`).waitFor();
  expect((await targets(run, MEMORY, '&target=Maintenance+test+sentence')).size).toBe(0);
  expect([...(await targets(run, MEMORY)).keys()]).toEqual([a, b, duplicate, twin, shouting]);
  await adm.page.locator('table.units').getByText('No unit matches the filter.').waitFor();

  // Move what is left into another memory: the units keep their ids and leave this one.
  await showUnits(adm, 'Belt and Road');
  await openAction(adm.page, 'Copy or move to another memory');
  const move = adm.page.getByRole('form', { name: 'Copy or move to another memory' });
  await move.getByLabel('Into memory').selectOption(SEED_MEMORY);
  await move.getByLabel(/^Move/).check();
  await move.getByRole('button', { name: 'Count the units' }).click();
  await move.getByRole('button', { name: `Move the units (5) into ${SEED_MEMORY}` }).click();
  await move.getByText(`Moved into ${SEED_MEMORY}: units moved 5; already there (merged and removed) 0.`).waitFor();
  expect((await targets(run, MEMORY)).size).toBe(0);
  expect([...(await targets(run, SEED_MEMORY, '&target=Belt+and+Road')).keys()].filter((id) => id >= a)).toEqual([a, b, duplicate, twin, shouting]);
  expect(adm.outside).toEqual([]);
  expect(adm.errors).toEqual([]);
  expect(w.outside).toEqual([]);
  expect(w.errors).toEqual([]);
});
