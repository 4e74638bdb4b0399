/**
 * The TM maintenance filter as one form state (README "Maintenance"; openapi.yaml `UnitFilter`
 * and the filter parameters of `GET /api/v1/tm/units` and `/tm/export`), turned into what each
 * route takes: a JSON `filter` for delete and replace (memories as an array), a query string for
 * the unit list and the TMX export (memories as `a,b`). One form serves all four, so what a user
 * reviews in the list is what a delete or a replace acts on. Pure, so it is tested without a
 * browser.
 *
 * Dates: a date field gives a calendar day (`2026-12-05`), while the API compares instants and
 * reads a bare date as midnight UTC, so "updated until 5 December" would leave out what was
 * written that day. A day is sent as the instants of its start and end in the user's own time
 * zone, which is the day the user sees next to each unit.
 */
import type { QueryOf, UnitFilter } from '../api/types.js';
import { memoriesParam } from './collection-choices.js';

/** The text fields of the filter, as typed (empty: not used). */
export const FILTER_TEXTS = ['source', 'target', 'author', 'originDocument'] as const;
/** The day fields: a `From` day counts from its first instant, a `To` day up to its last. */
export const FILTER_DAYS = ['createdFrom', 'createdTo', 'updatedFrom', 'updatedTo'] as const;
/** The usage bounds. */
export const FILTER_USAGE = ['minUsage', 'maxUsage'] as const;

type Text = (typeof FILTER_TEXTS)[number];
type Day = (typeof FILTER_DAYS)[number];
type Usage = (typeof FILTER_USAGE)[number];

/** The filter form: the language pair as `source|target` (empty: any), and every other field as typed. */
export type UnitFilterForm = { pair: string } & Record<Text | Day | Usage, string>;

/** A filter as the JSON routes take it (openapi.yaml `UnitFilter`). */
export type UnitFilterBody = UnitFilter;

/** The same filter as the query parameters of the unit list and the TMX export (memories as `a,b`). */
export type UnitFilterQuery = Omit<QueryOf<'listUnits'>, 'cursor' | 'limit'>;

/** A form with nothing filled in: every unit the key reaches. */
export const EMPTY_FILTER: UnitFilterForm = {
  pair: '', source: '', target: '', author: '', originDocument: '',
  createdFrom: '', createdTo: '', updatedFrom: '', updatedTo: '', minUsage: '', maxUsage: '',
};

/** The first (`start`) or last (`end`) instant of a calendar day `YYYY-MM-DD` in the local time zone, as ISO 8601; other text is sent as typed, for the API to judge. */
export function dayBound(day: string, edge: 'start' | 'end'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const at = edge === 'start' ? new Date(y, mo, d, 0, 0, 0, 0) : new Date(y, mo, d, 23, 59, 59, 999);
  return Number.isNaN(at.getTime()) ? day : at.toISOString();
}

/** The JSON filter of a form and the chosen memories (none chosen: every memory the key reaches). */
export function filterBody(form: UnitFilterForm, memories: readonly string[] | undefined): UnitFilterBody {
  const out: UnitFilterBody = {};
  if (memories?.length) out.memories = [...memories];
  const [sourceLang, targetLang] = form.pair ? form.pair.split('|') : [];
  if (sourceLang) out.sourceLang = sourceLang;
  if (targetLang) out.targetLang = targetLang;
  for (const f of FILTER_TEXTS) if (form[f].trim()) out[f] = form[f].trim();
  for (const f of FILTER_DAYS) if (form[f].trim()) out[f] = dayBound(form[f].trim(), f.endsWith('From') ? 'start' : 'end');
  for (const f of FILTER_USAGE) if (form[f].trim()) out[f] = Number(form[f].trim());
  return out;
}

/** The query parameters of a form and the chosen memories. */
export function filterQuery(form: UnitFilterForm, memories: readonly string[] | undefined): UnitFilterQuery {
  const { memories: ids, ...rest } = filterBody(form, memories);
  const param = memoriesParam(ids?.map((id) => ({ id })));
  return param ? { ...rest, memories: param } : rest;
}

/** True when the problem's field errors name `field` (`/find`, `/body/find`, `/query/target`...). */
export function fieldAtFault(errors: readonly { path: string }[] | undefined, field: string): boolean {
  return (errors ?? []).some((e) => e.path === `/${field}` || e.path.endsWith(`/${field}`));
}
