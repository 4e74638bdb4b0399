/**
 * Concepts as a term-base exchange file states them (TBX v2/v3, CSV/TSV), before the term base
 * validates and merges them. A reader keeps what the file says and whether it said it: a status
 * the file states (`administrativeStatus`, a status column) is kept apart from one we would
 * assume, so that an import never overrides a curated status with a guess.
 *
 * TBX status mapping (glossary/README.md, "Status policy"): `administrativeStatus` (TBX-Basic)
 * and `normativeAuthorization` (older TBX and MARTIF files), with or without the `-admn-sts`
 * suffix: preferredTerm, standardizedTerm, legalTerm and regulatedTerm -> preferred; admittedTerm
 * -> admitted; deprecatedTerm -> deprecated, or forbidden when a note of the term starts with
 * `forbidden:` (TBX-Basic has no forbidden value; the note convention carries it); supersededTerm
 * -> deprecated, with a note saying the term was superseded. Any other value counts as no status.
 */
import type { PartOfSpeech, TermStatus } from '../domain/termbase/entry.js';
import type { FormatId } from './registry.js';

/** One term as the file gives it. */
export interface FileTerm {
  term: string;
  status?: TermStatus;
  /** True when the file states the status; false when it is ours to assume. */
  stated: boolean;
  partOfSpeech?: PartOfSpeech;
  context?: string;
  note?: string;
}

/** A language section (a TBX `langSet`/`langSec`, or the cells of one language). */
export interface FileSection {
  /** The language tag exactly as written in the file. */
  lang: string;
  terms: FileTerm[];
}

/** One concept of the file. */
export interface FileConcept {
  /** Position in the file, from 1 (TBX: the n-th entry; CSV: the n-th data row). */
  index: number;
  /** Where to look in the file, for messages: `termEntry 3`, `row 5 (line 6)`. */
  where: string;
  id?: string;
  subjectField?: string;
  definition?: string;
  note?: string;
  source?: string;
  sections: FileSection[];
}

/** A read file. */
export interface ConceptFile {
  format: FormatId;
  concepts: FileConcept[];
}

/** Notes starting with this carry the forbidden status through TBX (glossary/README.md). */
export const FORBIDDEN_NOTE = /^forbidden:\s*/i;

/** The note an imported superseded term gets. */
export const SUPERSEDED_NOTE = 'Superseded term (TBX supersededTerm-admn-sts).';

/** Our status for a TBX administrativeStatus / normativeAuthorization value, if we know it. */
export function statusFromTbx(value: string): TermStatus | 'superseded' | undefined {
  switch (value.trim().replace(/-admn-sts$/i, '').toLowerCase()) {
    case 'preferredterm': case 'standardizedterm': case 'legalterm': case 'regulatedterm': return 'preferred';
    case 'admittedterm': return 'admitted';
    case 'deprecatedterm': return 'deprecated';
    case 'supersededterm': return 'superseded';
    default: return undefined;
  }
}

/** The TBX-Basic administrativeStatus value for our status (forbidden also needs the note). */
export function statusToTbx(status: TermStatus): string {
  return status === 'preferred' ? 'preferredTerm-admn-sts' : status === 'admitted' ? 'admittedTerm-admn-sts' : 'deprecatedTerm-admn-sts';
}

const POS: Record<string, PartOfSpeech> = {
  noun: 'noun', verb: 'verb', adjective: 'adjective', adverb: 'adverb', propernoun: 'properNoun', 'proper noun': 'properNoun', other: 'other',
};

/** Our part of speech for a TBX-Basic picklist value; other values (`nom`, `adj.`) are dropped. */
export function partOfSpeechFrom(value: string): PartOfSpeech | undefined {
  return POS[value.trim().toLowerCase()];
}

/** Whitespace runs (pretty-printing in XML, line breaks in a cell) become one space; trimmed. */
export function squash(s: string): string {
  return s.replace(/\s+/gu, ' ').trim();
}
