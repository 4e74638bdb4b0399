/** The duplicate-merge preview's paging and the memory it offers first (console/src/lib/merge-groups.ts). */
import { describe, expect, it } from 'vitest';
import { GROUP_PAGE, type MergeGroup, UNITS_SHOWN, groupPage, mergeMemory } from '../../console/src/lib/merge-groups.js';

/** `n` groups, group i keeping unit 10*i and merging away 10*i+1 and 10*i+2. */
function groups(n: number): MergeGroup[] {
  return Array.from({ length: n }, (_, i) => ({ keep: 10 * i, remove: [10 * i + 1, 10 * i + 2], usageCount: i }));
}

describe('a page of merge groups', () => {
  it('is one page, with no unit to read, when there are no groups', () => {
    expect(groupPage([], 0)).toEqual({ groups: [], ids: [], page: 0, pages: 1 });
  });

  it('lists the kept unit of each group before those merged away', () => {
    const page = groupPage(groups(2), 0);
    expect(page.ids).toEqual([0, 1, 2, 10, 11, 12]);
    expect(page.pages).toBe(1);
  });

  it('cuts the groups into pages of GROUP_PAGE, the last one shorter', () => {
    const all = groups(GROUP_PAGE * 2 + 3);
    expect(groupPage(all, 0).groups.map((g) => g.keep)).toEqual(all.slice(0, GROUP_PAGE).map((g) => g.keep));
    const last = groupPage(all, 2);
    expect(last).toMatchObject({ page: 2, pages: 3 });
    expect(last.groups.map((g) => g.keep)).toEqual([400, 410, 420]);
    expect(last.ids).toEqual([400, 401, 402, 410, 411, 412, 420, 421, 422]);
  });

  it('reads at most UNITS_SHOWN units merged away per group and lists the rest by id', () => {
    const big = { keep: 1000, remove: Array.from({ length: UNITS_SHOWN + 3 }, (_, i) => i + 1), usageCount: 0 };
    const page = groupPage([big, ...groups(1)], 0);
    expect(page.groups[0]?.shown).toEqual(big.remove.slice(0, UNITS_SHOWN));
    expect(page.groups[0]?.more).toEqual([UNITS_SHOWN + 1, UNITS_SHOWN + 2, UNITS_SHOWN + 3]);
    expect(page.groups[1]).toMatchObject({ shown: [1, 2], more: [] });
    expect(page.ids).toEqual([1000, ...big.remove.slice(0, UNITS_SHOWN), 0, 1, 2]);
  });

  it('clamps a page past either end (the groups shrank after a new preview)', () => {
    expect(groupPage(groups(5), 7, 2)).toMatchObject({ page: 2, pages: 3 });
    expect(groupPage(groups(5), 7, 2).groups.map((g) => g.keep)).toEqual([40]);
    expect(groupPage(groups(5), -1, 2).page).toBe(0);
  });
});

describe('the memory a merge offers first', () => {
  const writable = (id: string) => id !== 'archive';

  it('is the filter\'s one memory when the key may write there', () => {
    expect(mergeMemory(['client-a'], writable, 'default')).toBe('client-a');
  });

  it('is the fallback when the filter names none, several, or only a read-only one', () => {
    expect(mergeMemory(undefined, writable, 'default')).toBe('default');
    expect(mergeMemory(['client-a', 'client-b'], writable, 'default')).toBe('default');
    expect(mergeMemory(['archive'], writable, 'default')).toBe('default');
  });

  it('skips a read-only memory beside one writable one', () => {
    expect(mergeMemory(['archive', 'client-b'], writable, 'default')).toBe('client-b');
  });
});
