/**
 * Steps the TM maintenance walks share: the units of a memory through the API (the truth the
 * console is checked against), the Units view filtered to one memory, and an action of the bar
 * above its table opened.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ConsoleRun, WatchedPage } from './harness.js';

/** A unit as the walks read it from the API. */
export interface Unit {
  id: number;
  memory: string;
  source: string;
  target: string;
  updatedBy: string;
  usageCount: number;
}

/** The JSON body of a response. */
export async function json<T>(res: Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}

/** Every unit of `memory` (up to 1,000) in id order, through the API, with more query parameters in `filter`. */
export async function unitsOf(run: ConsoleRun, memory: string, filter = ''): Promise<Unit[]> {
  return (await json<{ units: Unit[] }>(run.api('GET', `/api/v1/tm/units?memories=${memory}&limit=1000${filter}`, run.adminKey))).units;
}

/** Every unit of `memory` by id, with its target. */
export async function targets(run: ConsoleRun, memory: string, filter = ''): Promise<Map<number, string>> {
  return new Map((await unitsOf(run, memory, filter)).map((u) => [u.id, u.target]));
}

/** Opens the Units view of the TM and shows the units of `memory` whose target contains `target` (all of them for ''). */
export async function showUnits(w: WatchedPage, memory: string, target: string): Promise<Locator> {
  const { page } = w;
  await page.getByRole('link', { name: 'Translation memory' }).click();
  await page.getByRole('navigation', { name: 'Translation memory views' }).getByRole('link', { name: 'Units' }).click();
  const filter = page.getByRole('search', { name: 'Filter the units' });
  await filter.getByRole('group', { name: 'Memories to show' }).locator(`li[data-collection="${memory}"]`).getByRole('checkbox').check();
  await filter.getByLabel('Target contains').fill(target);
  await filter.getByRole('button', { name: 'Show units' }).click();
  return page.locator('table.units');
}

/** The bar of bulk actions above the units table. */
export function actionBar(page: Page): Locator {
  return page.getByRole('group', { name: 'Actions on the filtered units' });
}

/** Opens the bulk action `name` from the bar (closing any other) and checks the button says so. */
export async function openAction(page: Page, name: string): Promise<void> {
  const button = actionBar(page).getByRole('button', { name, exact: true });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  expect(await button.getAttribute('aria-expanded')).toBe('true');
}
