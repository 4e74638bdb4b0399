/** Documents: a named source text in one language pair, split into ordered segments. */
import type { MemoryRef } from '../collections.js';
import type { SegmentState } from './state.js';

/** What a document carries besides its text: where it came from and what it is. */
export interface DocumentMeta {
  /** Title of the speech or article, when known. */
  title?: string;
  /** Date of the speech (YYYY-MM-DD), when known. */
  date?: string;
  /** The file or format it was imported from (text, xliff-1.2, xliff-2.1, ...). */
  origin?: string;
  /** Format-specific data needed to write the file back (XLIFF file attributes...). */
  format?: Record<string, unknown>;
}

/**
 * A document's project settings (issue 10): which memories its lookups, analysis and XLIFF
 * export read, in priority order with penalties (absent: every memory the caller may read),
 * the memory its confirmed translations are written to, and the glossaries its terms come from
 * (absent: every glossary the caller may read).
 */
export interface ProjectSettings {
  memories?: MemoryRef[];
  writeMemory: string;
  glossaries?: string[];
}

/** A stored document without its segments. */
export interface DocumentRecord {
  id: number;
  name: string;
  sourceLang: string;
  targetLang: string;
  createdAt: string;
  createdBy: string;
  segmentCount: number;
  meta: DocumentMeta;
  settings: ProjectSettings;
}

/** One segment of a document. */
export interface SegmentRecord {
  index: number;
  source: string;
  target: string | null;
  state: SegmentState;
  /** The section (article of a newspaper page) it belongs to, when the document has sections. */
  section?: number;
  /** Format data carried for round trips (inline codes, unit ids, notes); opaque here. */
  data?: Record<string, unknown>;
}

/** A section of a document to create: its index (as segments name it) and its heading. */
export interface NewSection {
  index: number;
  title: string | null;
}

/** A stored section: an article of a newspaper page, with the range of segments it holds. */
export interface SectionRecord extends NewSection {
  /** Index of its first segment. */
  start: number;
  /** Index of its last segment (inclusive); sections are contiguous. */
  end: number;
}

/** A document to create. */
export interface NewDocument {
  name: string;
  sourceLang: string;
  targetLang: string;
  meta?: DocumentMeta;
  /** Its sections, when its segments name sections. */
  sections?: NewSection[];
  settings?: ProjectSettings;
}
