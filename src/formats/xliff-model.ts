/**
 * One model for XLIFF 1.x and 2.x files, between the readers and writers of both versions and
 * the services: files, units, segments with rich text, notes, TM matches and glossary entries.
 * Whatever a version cannot express is left out by its writer (an XLIFF 1.2 file lists the
 * terms in a note); whatever a file has that Caravan does not use is not kept, except the
 * native markup of inline codes (in `InlineCode.data`) so that they can be written back.
 *
 * States: every version maps its workflow states onto the one Caravan scale
 * (`domain/document/state.ts`) here, in both directions, so that Caravan -> file -> Caravan
 * gives the same state back.
 *
 *   Caravan      XLIFF 1.2 state (writer)      XLIFF 1.2 (reader also takes)           XLIFF 2 segment state
 *   new          new                           needs-translation                       initial, no target or a copy of the source
 *   draft        needs-review-translation      needs-adaptation, needs-l10n,           initial with a target
 *                                              needs-review-adaptation, needs-review-l10n,
 *                                              x-... or no state with a target
 *   translated   translated                    approved="yes" with any unconfirmed state  translated
 *   reviewed     signed-off                                                            reviewed
 *   final        final                                                                 final
 */
import type { SegmentState } from '../domain/document/state.js';
import { isConfirmed } from '../domain/document/state.js';
import type { RichText } from '../domain/inline.js';

/** A note on a file or unit. */
export interface XliffNote {
  text: string;
  /** XLIFF 1.2 `from`; XLIFF 2 has no author, so it is kept in `category` there. */
  from?: string;
  /** What the note is about (1.2 `annotates`, 2.x `appliesTo`). */
  annotates?: 'source' | 'target' | 'general';
  /** XLIFF 2 `category`. */
  category?: string;
  /** 1 (highest) to 10. */
  priority?: number;
}

/** A translation proposal: XLIFF 1.2 `alt-trans`, XLIFF 2 `mtc:match`. */
export interface XliffMatch {
  /** 0-100, or 101 for an in-context match. */
  score?: number;
  /** in-context, exact, fuzzy, mt, ... (informative). */
  matchType?: string;
  source?: RichText;
  target: RichText;
  /** Where the proposal comes from (a TM, a document, a tool). */
  origin?: string;
  /** The segment it applies to (XLIFF 2 `ref`, 1.2 `mid`), when the unit has several. */
  segment?: string;
  /** XLIFF 2: the match's own `originalData`, which its inline codes refer to. */
  originalData?: Record<string, string>;
}

/** A glossary entry for a span of the source: XLIFF 2 `gls:glossEntry`, a note in 1.2. */
export interface XliffTerm {
  /** The term as it appears in the source text. */
  text: string;
  /** Code-point offsets of the term in its segment's source text. */
  start: number;
  end: number;
  /** Index of the segment in the unit's segments. */
  segment: number;
  translations: string[];
  definition?: string;
  /** Where the entry comes from (a term base name). */
  origin?: string;
}

/** A segment (or, in XLIFF 2, an `ignorable`) of a unit. */
export interface XliffSegment {
  id?: string;
  source: RichText;
  /** Undefined when the file has no target element. */
  target?: RichText;
  /** The target's own `xml:lang`, as written, when it has one (the services check it against the file's). */
  targetLang?: string;
  state: SegmentState;
  /** XLIFF 1.2 `state` / XLIFF 2 `state` as written in the file. */
  nativeState?: string;
  /** XLIFF 1.2 `state-qualifier`; XLIFF 2 `subState`. */
  qualifier?: string;
  /** XLIFF 2 `ignorable`: text between segments that is not translated. */
  ignorable?: boolean;
}

/** A translation unit: XLIFF 1.2 `trans-unit`, XLIFF 2 `unit`. */
export interface XliffUnit {
  /** The id as written; XLIFF 1.0/1.1 files may have units without one. */
  id?: string;
  /** Index of the unit's file in `XliffDocument.files`. */
  file: number;
  /** 1.2 `resname`, 2.x `name`. */
  name?: string;
  translate: boolean;
  /** XLIFF 1.2 `approved`. */
  approved?: boolean;
  /** `xml:space="preserve"` on the unit. */
  preserveSpace?: boolean;
  segments: XliffSegment[];
  notes: XliffNote[];
  matches: XliffMatch[];
  terms: XliffTerm[];
  /** XLIFF 2 `originalData` (data id -> content) the inline codes refer to. */
  originalData?: Record<string, string>;
}

/** A `file` element. */
export interface XliffFile {
  id?: string;
  original?: string;
  datatype?: string;
  notes: XliffNote[];
}

/** A whole XLIFF file. */
export interface XliffDocument {
  /** `1.0`, `1.1`, `1.2`, `2.0`, `2.1`, `2.2`. */
  version: string;
  /** What wrote it, when recognisable. */
  flavor?: 'sdlxliff' | 'mqxliff' | 'okapi' | 'caravan';
  sourceLang: string;
  targetLang?: string;
  files: XliffFile[];
  units: XliffUnit[];
  /** Document metadata (XLIFF 2 `mda:metadata`; written by Caravan as speech title and date). */
  title?: string;
  date?: string;
}

/** Limits for reading. */
export interface XliffReadOptions {
  /** Most units to read; more is a PayloadTooLargeError (a document is held in memory whole). */
  maxUnits?: number;
}

/** XLIFF 1.2 state -> Caravan state, before looking at `approved` and the target. */
const FROM_12: Record<string, SegmentState> = {
  new: 'new',
  'needs-translation': 'new',
  'needs-adaptation': 'draft',
  'needs-l10n': 'draft',
  'needs-review-adaptation': 'draft',
  'needs-review-l10n': 'draft',
  'needs-review-translation': 'draft',
  translated: 'translated',
  'signed-off': 'reviewed',
  final: 'final',
};

/** Caravan state -> XLIFF 1.2 state. */
export const TO_12: Record<SegmentState, string> = {
  new: 'new', draft: 'needs-review-translation', translated: 'translated', reviewed: 'signed-off', final: 'final',
};

/** Caravan state -> XLIFF 2 segment state. */
export const TO_2: Record<SegmentState, string> = {
  new: 'initial', draft: 'initial', translated: 'translated', reviewed: 'reviewed', final: 'final',
};

/**
 * XLIFF 2 `subState` Caravan writes on drafts, so they do not come back as new; drafts
 * filled from the TM carry `caravan:exact-match` or `caravan:fuzzy-match` instead.
 */
export const DRAFT_SUBSTATE = 'caravan:draft';

/** True for a `subState` Caravan writes on drafts. */
export function isCaravanSubState(subState: string | undefined): boolean {
  return subState !== undefined && /^caravan:\S+$/.test(subState);
}

/** True when the target holds a translation: text that is not just a copy of the source. */
function translatedText(source: RichText, target: RichText | undefined): boolean {
  return target !== undefined && target.text.trim() !== '' && target.text !== source.text;
}

/**
 * The Caravan state of an XLIFF 1.x segment. A unit with `approved="yes"` and a target is at
 * least translated ("confirmed", as translate-toolkit counts it); a target with state `new`
 * that is not a copy of the source is a draft (OmegaT 3.6 fills targets without changing
 * their state); a state without a target is `new`.
 */
export function stateFrom12(nativeState: string | undefined, approved: boolean | undefined, source: RichText, target: RichText | undefined): SegmentState {
  const hasTarget = target !== undefined && (target.text.trim() !== '' || (source.text.trim() === '' && target.codes.length > 0));
  if (!hasTarget) return 'new';
  let state = nativeState !== undefined ? FROM_12[nativeState] : undefined;
  if (state === undefined || state === 'new') state = translatedText(source, target) ? 'draft' : 'new';
  if (approved === true && !isConfirmed(state)) state = 'translated';
  return state;
}

/** The Caravan state of an XLIFF 2 segment. */
export function stateFrom2(nativeState: string | undefined, subState: string | undefined, source: RichText, target: RichText | undefined): SegmentState {
  const hasTarget = target !== undefined && (target.text.trim() !== '' || (source.text.trim() === '' && target.codes.length > 0));
  if (!hasTarget) return 'new';
  switch (nativeState) {
    case 'translated': return 'translated';
    case 'reviewed': return 'reviewed';
    case 'final': return 'final';
    default:
      return isCaravanSubState(subState) || translatedText(source, target) ? 'draft' : 'new';
  }
}

/** The match type Caravan reports for a score (101 in context, 100 exact, below that fuzzy). */
export function matchTypeOfScore(score: number | undefined): string | undefined {
  if (score === undefined) return undefined;
  return score >= 101 ? 'in-context' : score >= 100 ? 'exact' : 'fuzzy';
}

/** A rich text without codes. */
export function plain(text: string): RichText {
  return { text, codes: [] };
}
