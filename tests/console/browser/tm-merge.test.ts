/**
 * The project manager merges duplicate units of a memory (`dedupe`) from the Units view: the
 * duplicates are made through the API (the same sentence with a space added, once in
 * Traditional script, and one sentence 13 times), the preview lists the groups a page at a time
 * with the unit kept and those merged away and their texts (the rest of a large group by id); someone else adds one more duplicate, so the token is stale and
 * nothing is merged; previewed again, the merge is applied and checked through the API: exactly
 * the units the preview named are gone and each kept unit has the uses of its group.
 */
import { expect } from 'vitest';
import { expectCleanAndAccessible, screenshots, signIn, walkInBrowser } from './harness.js';
import { actionBar, json, openAction, showUnits, unitsOf } from './tm-units.js';

const MEMORY = 'dedupe';
/** More groups than one page of the preview (GROUP_PAGE, 20). */
const GROUPS = 22;

/** Units merged away in the large group: more than the preview shows with their texts (UNITS_SHOWN, 10). */
const BIG = 12;
const BIG_SOURCE = '这是一个用来测试大组合并的句子。';
/** Units of the memory before the merge. */
const UNITS = 2 * GROUPS + BIG + 3;
/** Groups, and units merged away, before the late duplicate. */
const ALL_GROUPS = GROUPS + 1;
const AWAY = GROUPS + 1 + BIG;

const at = (ids: number[], i: number) => ids[i] as number;
const original = (i: number) => ({ source: `合并测试句子第${i}号。`, target: `Merge test sentence ${i}.` });

walkInBrowser('console: merge duplicates', 'previews the duplicate groups of a memory page by page, meets a stale token, merges and checks the units through the API', async (run) => {
  expect((await run.api('POST', '/api/v1/memories', run.adminKey, { id: MEMORY, name: 'Dedupe' })).status).toBe(201);
  const pair = { sourceLang: 'zh-CN', targetLang: 'en' };
  const add = async (units: { source: string; target: string; sourceLang?: string }[]) =>
    (await json<{ ids: number[] }>(run.api('POST', '/api/v1/tm/units', run.keys.translator, { memory: MEMORY, units: units.map((u) => ({ ...pair, ...u })) }))).ids;
  // The originals, and one unit with the same source as the first but another target (not a duplicate).
  const [other = 0, ...originals] = await add([{ source: original(0).source, target: 'Another target 0.' }, ...Array.from({ length: GROUPS }, (_, i) => original(i))]);
  // The same sentences again with a space inside, written later: each of these is kept.
  const spaced = await add(Array.from({ length: GROUPS }, (_, i) => ({ ...original(i), source: `合并测试句子 第${i}号。` })));
  // A large group: one sentence with a space put in at 12 places, the last one kept.
  const big = await add(Array.from({ length: BIG + 1 }, (_, i) => ({ source: i ? `${BIG_SOURCE.slice(0, i)} ${BIG_SOURCE.slice(i)}` : BIG_SOURCE, target: 'A sentence to test a large group.' })));
  const bigKept = at(big, BIG);
  // The first sentence once more, in Traditional script and newest of all: it is kept over both others.
  const [traditional = 0] = await add([{ ...original(0), source: '合併測試句子第0號。', sourceLang: 'zh-TW' }]);
  expect((await unitsOf(run, MEMORY)).map((u) => u.usageCount)).toEqual(Array.from({ length: UNITS }, () => 0));

  const w = await run.newPage();
  const { page } = w;
  await signIn(w, run.url, run.keys.translator);
  const table = await showUnits(w, MEMORY, '');
  await table.getByText(`Units 1–${Math.min(50, UNITS)} (page 1)`).waitFor();
  expect((await actionBar(page).boundingBox())?.y).toBeLessThan((await table.boundingBox())?.y ?? 0);

  // The filter's one memory is offered; the preview's first page: groups by kept unit, 20 of them.
  await openAction(page, 'Merge duplicates');
  const merge = page.getByRole('region', { name: 'Merge duplicates' });
  expect(await merge.getByLabel('In memory').inputValue()).toBe(MEMORY);
  await merge.getByRole('button', { name: 'Find the duplicates' }).click();
  await merge.getByText(`Groups of duplicates: ${ALL_GROUPS}; units to merge away: ${AWAY}`).waitFor();
  const groups = merge.locator('table.merge-preview tbody');
  const keptIds = () => groups.evaluateAll((bodies) => bodies.map((b) => Number(b.getAttribute('data-group'))));
  expect(await keptIds()).toEqual(spaced.slice(1, 21));
  const first = merge.locator(`tbody[data-group="${at(spaced, 1)}"]`);
  await first.locator(`tr.kept[data-unit="${at(spaced, 1)}"]`).getByText('合并测试句子 第1号。').waitFor();
  await first.locator(`tr.merged-away[data-unit="${at(originals, 1)}"]`).getByText('合并测试句子第1号。').waitFor();
  expect(await first.locator('th').textContent()).toBe(`Unit ${at(spaced, 1)} is kept, 1 merged into it; uses after the merge: 1`);
  await screenshots(page, 'tm-merge-preview');
  await expectCleanAndAccessible(w);

  // The second page: the last spaced group; the large group, 10 units with their texts and the rest by id;
  // and the first sentence kept in Traditional script with both others merged into it.
  await merge.getByRole('button', { name: 'Next', exact: true }).click();
  await merge.getByText('Groups page 2 of 2').waitFor();
  expect(await keptIds()).toEqual([at(spaced, 21), bigKept, traditional]);
  const large = merge.locator(`tbody[data-group="${bigKept}"]`);
  await large.locator(`tr.merged-away[data-unit="${at(big, 9)}"]`).getByText(`${BIG_SOURCE.slice(0, 9)} ${BIG_SOURCE.slice(9)}`).waitFor();
  expect(await large.locator('tr.merged-away[data-unit]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-unit'))))).toEqual(big.slice(0, 10));
  expect(await large.locator('tr.merged-away:not([data-unit])').textContent()).toBe(`And 2 more merged away: units ${at(big, 10)}, ${at(big, 11)}`);
  const last = merge.locator(`tbody[data-group="${traditional}"]`);
  await last.locator('tr.kept').getByText('合併測試句子第0號。').waitFor();
  expect(await last.locator('tr.merged-away').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-unit'))))).toEqual([at(originals, 0), at(spaced, 0)]);
  expect(await last.locator(`tr[data-unit="${other}"]`).count()).toBe(0);

  // Someone else writes one more duplicate: the token is stale and nothing is merged.
  const late = await add([{ ...original(3), source: '合并测试句子 第3 号。' }]);
  expect(late).toHaveLength(1);
  const beforeStale = await unitsOf(run, MEMORY);
  await merge.getByRole('button', { name: `Merge the duplicates (${AWAY} units)` }).click();
  await merge.getByRole('alert').getByText('Conflict', { exact: true }).waitFor();
  expect(await unitsOf(run, MEMORY)).toEqual(beforeStale);
  await screenshots(page, 'tm-merge-stale-token');

  // Previewed again: one unit more to merge away; merged, exactly those units are gone and each kept unit has its group's uses.
  await merge.getByRole('button', { name: 'Preview again' }).click();
  await merge.getByText(`Groups of duplicates: ${ALL_GROUPS}; units to merge away: ${AWAY + 1}`).waitFor();
  await merge.getByRole('button', { name: `Merge the duplicates (${AWAY + 1} units)` }).click();
  await merge.getByText(`Units merged away: ${AWAY + 1}`).waitFor();
  const after = await unitsOf(run, MEMORY);
  const kept = [other, ...spaced.slice(1).map((id, i) => (i + 1 === 3 ? at(late, 0) : id)), bigKept, traditional].sort((a, b) => a - b);
  expect(after.map((u) => u.id)).toEqual(kept);
  const uses = new Map(after.map((u) => [u.id, u.usageCount]));
  expect(uses.get(other)).toBe(0);
  expect(uses.get(traditional)).toBe(2);
  expect(uses.get(at(late, 0))).toBe(2);
  expect(uses.get(bigKept)).toBe(BIG);
  for (const i of [1, 2, 4, 21]) expect(uses.get(at(spaced, i))).toBe(1);
  expect(after.find((u) => u.id === traditional)?.target).toBe('Merge test sentence 0.');
  await table.getByText(`Units 1–${ALL_GROUPS + 1} (page 1)`).waitFor();

  // Nothing is left to merge.
  await merge.getByRole('button', { name: 'Find the duplicates' }).click();
  await merge.getByText('No duplicates in this memory.').waitFor();
  expect(w.outside).toEqual([]);
  expect(w.errors).toEqual([]);
});
