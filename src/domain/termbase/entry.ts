/**
 * Term-base entries are concepts (TBX): a concept holds language sections, each a list of
 * terms with a status. Statuses follow TBX-Basic's administrativeStatus plus Weblate's
 * forbidden flag: preferred, admitted, deprecated, forbidden.
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

/** A stored concept with its bookkeeping. */
export interface TermEntry extends Omit<CuratedEntry, 'source'> {
  source?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  version: number;
}
