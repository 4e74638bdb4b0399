/**
 * Paging of a duplicate-merge preview (`POST /api/v1/memories/{id}/merge-duplicates` without a
 * token): the groups come as unit ids only, so the console shows them a page at a time and
 * reads the texts of just that page's units. A page of groups stays quick to draw and to read
 * (about GROUP_PAGE x 3 unit reads) however many groups a large memory has.
 */

/** Groups per page of the preview: a screenful to review, and a bounded number of unit reads. */
export const GROUP_PAGE = 20;

/** One group as the preview lists it: the unit kept, those merged away, the uses the kept one gets. */
export interface MergeGroup {
  keep: number;
  remove: number[];
  usageCount: number;
}

/** Page `page` (0-based, clamped) of `groups`: its groups, the ids of their units, and how many pages there are. */
export function groupPage(groups: readonly MergeGroup[], page: number, size = GROUP_PAGE): { groups: MergeGroup[]; ids: number[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(groups.length / size));
  const at = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const shown = groups.slice(at * size, (at + 1) * size);
  return { groups: shown, ids: shown.flatMap((g) => [g.keep, ...g.remove]), page: at, pages };
}

/** The memory to merge in by default: the one writable memory the filter names, else `fallback`. */
export function mergeMemory(filterMemories: readonly string[] | undefined, writable: (id: string) => boolean, fallback: string): string {
  const chosen = filterMemories?.filter(writable) ?? [];
  const [only] = chosen;
  return chosen.length === 1 && only ? only : fallback;
}
