/**
 * Term-base entries are concepts (TBX): a concept holds language sections, each a list of
 * terms with a status. Statuses follow TBX-Basic's administrativeStatus plus Weblate's
 * forbidden flag: preferred, admitted, deprecated, forbidden.
 *
 * The curated glossary (`glossary/entries.json`) always has a subject field, a definition and
 * a source; entries written through the API or imported from TBX/CSV may lack them (a TBX file
 * from a CAT tool rarely has a definition), so they are optional on stored entries.
 */

/** Term statuses, from most to least recommended. */
export const TERM_STATUSES = ['preferred', 'admitted', 'deprecated', 'forbidden'] as const;
export type TermStatus = (typeof TERM_STATUSES)[number];

/** Parts of speech (TBX-Basic picklist). */
export const PARTS_OF_SPEECH = ['noun', 'verb', 'adjective', 'adverb', 'properNoun', 'other'] as const;
export type PartOfSpeech = (typeof PARTS_OF_SPEECH)[number];

/** One term in one language. */
export interface Term {
  term: string;
  status: TermStatus;
  partOfSpeech?: PartOfSpeech;
  context?: string;
  note?: string;
}

/** A concept as curated in glossary/entries.json (no bookkeeping fields). */
export interface CuratedEntry {
  id: string;
  subjectField: string;
  definition: string;
  note?: string;
  source: string;
  languages: Record<string, Term[]>;
}

/** What a concept says, without bookkeeping: the part people write and history diffs. */
export interface EntryContent {
  subjectField?: string;
  definition?: string;
  note?: string;
  source?: string;
  /** Language sections keyed by canonical BCP 47 tag. */
  languages: Record<string, Term[]>;
}

/** A stored concept with its bookkeeping. */
export interface TermEntry extends EntryContent {
  id: string;
  /** The glossary the entry belongs to; ids are unique within a glossary (issue 10). */
  glossary: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  /** Starts at 1 and grows by one with every write (also across a delete and re-create). */
  version: number;
}

/** What recognition and QA need of an entry: where it is and its terms. */
export interface EntryTerms {
  glossary: string;
  id: string;
  languages: Record<string, Term[]>;
  /**
   * The folded keys (term-keys.ts `chineseKey`) of the terms of sections written without spaces,
   * in term order, when a store kept them: recognition then need not fold every term again when a
   * server starts (at 100k concepts folding costs about a second).
   */
  chineseKeys?: Record<string, string[]>;
}

/**
 * One change to the term base, as a write produces it and as a node applies it to its
 * recognizer without a rebuild: an entry put (created or replaced), or deleted.
 */
export type EntryChange = { kind: 'put'; entry: EntryTerms } | { kind: 'delete'; glossary: string; id: string };

/** One changed field of an entry: a JSON pointer and the values before and after. */
export interface FieldChange {
  path: string;
  from?: unknown;
  to?: unknown;
}

/** One recorded version of an entry (a `deleted` record is the tombstone of a deleted entry). */
export interface HistoryRecord {
  entryId: string;
  version: number;
  action: 'created' | 'updated' | 'deleted';
  by: string;
  at: string;
  changes: FieldChange[];
}

/** Rank of a status for sorting: preferred first. */
export function statusRank(status: TermStatus): number {
  return TERM_STATUSES.indexOf(status);
}

/** True for statuses a translation may use (preferred, admitted). */
export function isAllowedStatus(status: TermStatus): boolean {
  return status === 'preferred' || status === 'admitted';
}

/** The content fields of an entry, in a fixed key order (for diffs and exports). */
export function contentOf(e: EntryContent): EntryContent {
  const out: Partial<EntryContent> = {};
  if (e.subjectField !== undefined) out.subjectField = e.subjectField;
  if (e.definition !== undefined) out.definition = e.definition;
  if (e.note !== undefined) out.note = e.note;
  if (e.source !== undefined) out.source = e.source;
  out.languages = e.languages;
  return out as EntryContent;
}
