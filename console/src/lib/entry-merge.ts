/**
 * Re-applying an edit after a 412 (the entry changed since the editor loaded it): a
 * three-way merge per field. The fields are the entry's content fields and one field per
 * language section (its whole list of terms: a terminologist edits a language's terms as a
 * set, and merging inside one list could produce two preferred terms). A field the user
 * changed takes the user's value; any other field takes the current one; a field both sides
 * changed, to different values, is a conflict the user decides (the user's value is proposed).
 */
import type { EntryInput, Term } from '../api/types.js';

const CONTENT_FIELDS = ['subjectField', 'definition', 'note', 'source'] as const;

/** A field of an entry: a content field, or `languages/<tag>`. */
export type EntryField = (typeof CONTENT_FIELDS)[number] | `languages/${string}`;

/** One row of the side-by-side view. */
export interface FieldComparison {
  field: EntryField;
  base: unknown;
  mine: unknown;
  theirs: unknown;
  /** The user changed this field. */
  changedByMe: boolean;
  /** Someone else changed it since the user loaded the entry. */
  changedByThem: boolean;
  /** Both changed it, to different values. */
  conflict: boolean;
}

function valueOf(entry: EntryInput, field: EntryField): unknown {
  if (field.startsWith('languages/')) return entry.languages[field.slice('languages/'.length)];
  return entry[field as (typeof CONTENT_FIELDS)[number]];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The content of an entry as the API takes it back (server fields dropped). */
export function toInput(entry: EntryInput & Record<string, unknown>): EntryInput {
  const input: EntryInput = { languages: structuredClone(entry.languages) };
  if (entry.id !== undefined) input.id = entry.id;
  for (const f of CONTENT_FIELDS) if (entry[f] !== undefined) input[f] = entry[f];
  return input;
}

/** Every field of the three versions, compared. */
export function compareEntries(base: EntryInput, mine: EntryInput, theirs: EntryInput): FieldComparison[] {
  const tags = [...new Set([...Object.keys(base.languages), ...Object.keys(mine.languages), ...Object.keys(theirs.languages)])].sort();
  const fields: EntryField[] = [...CONTENT_FIELDS, ...tags.map((t) => `languages/${t}` as const)];
  return fields.map((field) => {
    const [b, m, t] = [valueOf(base, field), valueOf(mine, field), valueOf(theirs, field)];
    const changedByMe = !same(b, m);
    const changedByThem = !same(b, t);
    return { field, base: b, mine: m, theirs: t, changedByMe, changedByThem, conflict: changedByMe && changedByThem && !same(m, t) };
  });
}

/** The current version with the user's changes applied on top (the user's value wins a conflict). */
export function reapply(base: EntryInput, mine: EntryInput, theirs: EntryInput): EntryInput {
  const merged = toInput(theirs);
  for (const row of compareEntries(base, mine, theirs)) {
    if (!row.changedByMe) continue;
    if (row.field.startsWith('languages/')) {
      const tag = row.field.slice('languages/'.length);
      if (row.mine === undefined) delete merged.languages[tag];
      else merged.languages[tag] = structuredClone(row.mine as Term[]);
    } else {
      const f = row.field as (typeof CONTENT_FIELDS)[number];
      if (row.mine === undefined) delete merged[f];
      else merged[f] = row.mine as string;
    }
  }
  return merged;
}
