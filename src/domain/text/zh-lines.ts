/**
 * The lines of an OCR'd Chinese newspaper page: page-continuation markers taken out and kept as
 * signals, indentation, and the page's layout (a narrow column or full-width text).
 *
 * Page markers. `（上接A01版①）`, `(上接第一版)`, `（接第2版）` say that the text after them continues
 * an article from another page: a new piece of the page starts there. `（下转第二版）`, `（转第2版）`
 * say that the text before them jumps to another page; when the matching `上接` piece follows in
 * the same document, the two halves are one sentence. Markers are not text and are removed.
 *
 * Layout. Seed 001 is a ~19-character column with a blank line after every line; the other seeds
 * are full paragraphs per line. In a column, lines clearly wider than the column (headlines and
 * captions set across several columns at the foot of the OCR) are another layout: a wrapped
 * sentence never continues from a column line into a wide line or back.
 */
import { codePointLength } from './normalize.js';
import { markupHeading, normalizeNewlines } from './lines.js';

/** `上接`/`下转`/`转第`/`接第` in full- or half-width parentheses with a short page reference. */
const PAGE_MARKER = /[（(]\s*(?:上接|下转|转第|接第)[^（）()\n]{0,12}[）)]/gu;
/** Markers that say the text after them continues from another page. */
const CONTINUED_FROM = /^[（(]\s*(?:上接|接第)/u;

/** Column detection needs enough lines to judge; a short note of three lines is not a column. */
const COLUMN_MIN_LINES = 10;
/** A column's median line is narrow (seed 001: 19; the other seeds' medians are 79-88). */
const COLUMN_MAX_WIDTH = 30;
/** "Close to the median" means within 25% of it (seed 001: 15-23 code points). */
const COLUMN_SIMILAR_TOLERANCE = 0.25;
/** Most lines must be close to the median (seed 001: 85%; the others at most 50%). */
const COLUMN_SIMILAR_SHARE = 0.6;
/** In a column, a heading is clearly shorter than a wrapped line (seed 001: < 11.4 of 19). */
const COLUMN_HEADING_RATIO = 0.6;
/** Wider than this many columns is another layout (seed 001: column lines 15-21, captions 27-30). */
const COLUMN_WIDE_RATIO = 1.25;
/** Heading-like lines in ordinary documents are shorter than this (code points). */
const HEADING_MAX = 30;

/** One line of the page. */
export interface PageLine {
  /** The text without page markers, trimmed; empty for a blank (or marker-only) line. */
  text: string;
  /** The raw line started with whitespace: it starts a new heading block. */
  indented: boolean;
  /** A `上接` marker stood at the start of this line or alone on a line before it. */
  continuedFrom: boolean;
  /** A `下转`/`转第` marker ended this line: its sentence goes on after the next `上接`. */
  jumps: boolean;
  /** Set in a column document for lines wider than the column (headlines, captions). */
  wide: boolean;
}

/** What the page's layout says about its lines. */
export interface PageProfile {
  /** The page is a narrow newspaper column. */
  column: boolean;
  /** Heading-like lines must be strictly shorter than this. */
  headingLimit: number;
  /** The median length of a text line (code points). */
  median: number;
}

/** The page's lines (markers removed and recorded) and its layout. */
export function readPage(text: string): { lines: PageLine[]; profile: PageProfile } {
  const lines: PageLine[] = [];
  let pendingFrom = false;
  for (const raw of normalizeNewlines(text).split('\n')) {
    const trimmed = raw.trim();
    const markers = trimmed.match(PAGE_MARKER) ?? [];
    const body = trimmed.replace(PAGE_MARKER, '').trim();
    const from: boolean = pendingFrom || (markers.length > 0 && CONTINUED_FROM.test(trimmed));
    if (body === '') {
      pendingFrom = from;
      lines.push({ text: '', indented: false, continuedFrom: false, jumps: false, wide: false });
      continue;
    }
    pendingFrom = false;
    const jumps = markers.some((m) => !CONTINUED_FROM.test(m));
    lines.push({ text: body, indented: /^\s/u.test(raw), continuedFrom: from, jumps, wide: false });
  }
  const profile = profileOf(lines);
  if (profile.column) {
    for (const line of lines) line.wide = codePointLength(line.text) > profile.median * COLUMN_WIDE_RATIO;
  }
  return { lines, profile };
}

/** Detects a narrow column (seed 001): many lines, narrow median, most lines close to it. */
function profileOf(lines: PageLine[]): PageProfile {
  const lengths = lines
    .filter((l) => l.text !== '' && markupHeading(l.text) === undefined)
    .map((l) => codePointLength(l.text))
    .sort((x, y) => x - y);
  const median = lengths[Math.floor(lengths.length / 2)] ?? 0;
  const near = lengths.filter((n) => Math.abs(n - median) <= median * COLUMN_SIMILAR_TOLERANCE).length;
  const column =
    lengths.length >= COLUMN_MIN_LINES && median <= COLUMN_MAX_WIDTH && near >= lengths.length * COLUMN_SIMILAR_SHARE;
  return { column, median, headingLimit: column ? median * COLUMN_HEADING_RATIO : HEADING_MAX };
}
