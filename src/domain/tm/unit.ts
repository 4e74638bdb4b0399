/** Translation units: one source segment and its translation in a language pair. */
import type { InlineCode } from '../inline.js';

/** The source segments around a unit where it was translated (for 101 in-context matches). */
export interface UnitContext {
  previous?: string;
  next?: string;
}

/** Where a unit came from. */
export interface UnitOrigin {
  /** Document name or file the unit was translated in. */
  document?: string;
  /** Title of the speech or article. */
  title?: string;
  /** Date of the speech (YYYY-MM-DD). */
  date?: string;
}

/** A stored translation unit. */
export interface UnitRecord {
  id: number;
  /** The memory the unit belongs to. */
  memory: string;
  sourceLang: string;
  targetLang: string;
  source: string;
  target: string;
  context: UnitContext;
  origin: UnitOrigin;
  note: string | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  usageCount: number;
  /** Inline codes of the source, when it had markup. */
  sourceCodes?: InlineCode[];
  /** Inline codes of the target, when it had markup. */
  targetCodes?: InlineCode[];
}

/** A unit to write: language tags already canonical. */
export interface NewUnit {
  sourceLang: string;
  targetLang: string;
  source: string;
  target: string;
  context?: UnitContext;
  origin?: UnitOrigin;
  note?: string | null;
  sourceCodes?: InlineCode[];
  targetCodes?: InlineCode[];
}
