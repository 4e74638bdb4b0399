/**
 * What the XLIFF and TMX exchange needs from the translation memory and the term base, as
 * three small interfaces, so the exchange works (and is tested) on its own and the TM engine
 * and term base plug in without the exchange knowing them:
 *
 *   MatchProvider  proposals for segments (XLIFF export: target fill, alt-trans, mtc:matches)
 *   TermProvider   terms recognised in a source text, and QA of a translation (export notes,
 *                  gls:glossary; import `qa`)
 *   TmSink         where confirmed and imported units go (XLIFF import, TMX import)
 *
 * The defaults: no matches, no terms, and the TM store itself as the sink.
 */
import type { InlineCode, RichText } from '../../domain/inline.js';
import type { QaIssue } from '../../domain/termbase/qa.js';
import type { NewUnit } from '../../domain/tm/unit.js';
import type { BulkUnitWrite, StagedTexts } from '../../store/types.js';
import type { ReadMemory } from '../tm/memories.js';

/** One segment to find proposals for; its neighbours allow in-context (101) matches. */
export interface MatchQuery {
  source: string;
  sourceCodes?: InlineCode[];
  previous?: string;
  next?: string;
}

/** A translation proposal from the TM. */
export interface Proposal {
  /** 0-100; 101 for an in-context match. */
  score: number;
  /** `in-context`, `exact`, `fuzzy`, ... (Okapi's MatchType names). */
  matchType: string;
  source: RichText;
  target: RichText;
  /** Where the unit comes from, for people: document, title, date. */
  origin?: string;
}

/** What a caller of {@link MatchProvider.proposals} needs less of. */
export interface ProposalOptions {
  /**
   * Ascending score edges of the bands the caller quotes (used with limit 1 only): only the band of each
   * segment's best proposal counts, so the proposal given scores in that band but may be another
   * unit than the best, with a lower score (the document analysis).
   */
  bands?: readonly number[];
  /** The lowest score proposed, when higher than the provider's own. */
  threshold?: number;
}

/** Finds TM proposals, best first, for many segments at once, in the given memories (priority order, penalties). */
export interface MatchProvider {
  proposals(segments: MatchQuery[], sourceLang: string, targetLang: string, limit: number, memories: readonly ReadMemory[], options?: ProposalOptions): Promise<Proposal[][]>;
}

/** A translation of a term with its TBX status (preferredTerm, admittedTerm, deprecatedTerm, ...). */
export interface TermTranslation {
  term: string;
  status?: string;
}

/** A term found in a text, by code-point offsets, with its translations by language tag. */
export interface RecognizedTerm {
  /** The text as it appears (it may be a variant of the entry's term). */
  text: string;
  start: number;
  end: number;
  /** The entry's term in the source language. */
  term: string;
  translations: Record<string, TermTranslation[]>;
}

/** Recognises terms and checks translations against the term base. */
export interface TermProvider {
  /** `glossaries`: those to use in priority order; undefined: every glossary the caller reads. */
  recognize(text: string, lang: string, glossaries?: readonly string[]): Promise<RecognizedTerm[]>;
  check?(source: string, target: string, sourceLang: string, targetLang: string, glossaries?: readonly string[]): Promise<QaIssue[]>;
}

/**
 * A bulk write as the exchange sees it: the store's, and, when the store can stage from another
 * thread ({@link BulkUnitWrite.stagePort}), `fold`, which hands the TM each page that thread
 * staged as it is staged (its index folds them before the commit), with the share of the upload
 * read when it was staged (0-1; NaN when the upload's size is unknown), from which the TM sizes
 * its index for the whole import once.
 */
export interface BulkImport extends BulkUnitWrite {
  fold?(page: StagedTexts, share: number): Promise<void>;
}

/** Where units go, into one memory: a few at a time (XLIFF import), or staged in bulk (TMX import). */
export interface TmSink {
  addUnits(memory: string, units: NewUnit[], actor: string): Promise<{ created: number; updated: number }>;
  /**
   * An all-or-nothing bulk write; the sink must learn the units on commit. The caller stages only
   * units that meet the limits of domain/limits.ts (the TMX import checks each and skips the rest).
   */
  beginBulk(memory: string, actor: string): Promise<BulkImport>;
}

/** The three ports together. */
export interface ExchangePorts {
  matches: MatchProvider;
  terms: TermProvider;
  tm: TmSink;
}
