/**
 * Paging of a duplicate-merge preview (`POST /api/v1/memories/{id}/merge-duplicates` without a
 * token): the groups come as unit ids only, so the console shows them a page at a time and
 * reads the texts of just that page's units. A page of groups stays quick to draw and to read
 * (at most GROUP_PAGE x (1 + UNITS_SHOWN) unit reads, about 3 per group in practice) however many
 * groups a large memory has and however large a group is.
 */

/** Groups per page of the preview: a screenful to review, and a bounded number of unit reads. */
export const GROUP_PAGE = 20;

/** Units merged away shown with their texts per group; the rest of a large group is listed by id, so a page never reads more than GROUP_PAGE x (1 + this) units. */
export const UNITS_SHOWN = 10;

/** One group as the preview lists it: the unit kept, those merged away, the uses the kept one gets. */
export interface MergeGroup {
  keep: number;
  remove: number[];
  usageCount: number;
}

/** A group on a page: the units merged away shown with their texts, and the ids of the rest. */
export interface ShownGroup extends MergeGroup {
  shown: number[];
  more: number[];
}

/**
 * Page `page` (0-based, clamped) of `groups`: its groups, the ids of the units to read (each
 * kept unit, then up to `perGroup` of those merged away), and how many pages there are.
 */
export function groupPage(groups: readonly MergeGroup[], page: number, size = GROUP_PAGE, perGroup = UNITS_SHOWN): { groups: ShownGroup[]; ids: number[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(groups.length / size));
  const at = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const shown = groups.slice(at * size, (at + 1) * size).map((g) => ({ ...g, shown: g.remove.slice(0, perGroup), more: g.remove.slice(perGroup) }));
  return { groups: shown, ids: shown.flatMap((g) => [g.keep, ...g.shown]), page: at, pages };
}

/** The memory to merge in by default: the one writable memory the filter names, else `fallback`. */
export function mergeMemory(filterMemories: readonly string[] | undefined, writable: (id: string) => boolean, fallback: string): string {
  const chosen = filterMemories?.filter(writable) ?? [];
  const [only] = chosen;
  return chosen.length === 1 && only ? only : fallback;
}
