/**
 * Chinese segmentation for OCR'd newspaper text (the seed speeches in memory/speeches/): lines to
 * paragraphs and headings, paragraphs to sentences.
 *
 * Sentences follow Okapi's default SRX rule for CJK: break after `。！？!?…` (a run such as `……` or
 * `？！` stays together) plus any closing quotes/brackets `”’」』）》)`, with no space needed after.
 * Quote depth is not tracked, as in Okapi: a quoted passage of several sentences is split inside the
 * quotes, which keeps translation units sentence-sized. A half-width `"` after the break is attached
 * when it closes a quote opened earlier in the paragraph.
 * `；` does not end a sentence: it joins parallel clauses (`…就是当代的"丝路"；日夜兼程的…`), and
 * splitting there would give fragments that are not translated on their own. A `：`/`:` inside a
 * paragraph does not end one either, so `中国古人云:"道虽迩,不行不至;事虽小,不为不成。"` stays whole.
 * At the end of a line, `：` does end the paragraph: salutations (`尊敬的各位同事，…朋友们：`) and
 * introductions of a list stand on a line of their own.
 *
 * Lines. OCR breaks lines inside words and puts a blank line after every line (seed 001 is a
 * ~19-character column), so a line that does not end a sentence continues on the next non-empty
 * line, blank lines or not. Joining inserts nothing between CJK characters and one space between two
 * letters of an alphabetic script, so wrapped English or Russian stays readable; digits on both sides
 * are joined without a space, because a number wrapped in a narrow column is likelier than two numbers
 * meeting at a line end. Page-continuation markers (`(上接第一版)`, `（上接A01版①）`, `（下转第二版）`)
 * are removed wherever they occur.
 *
 * Headings: Markdown `#` and `**bold**` lines, and heading-like lines - no sentence end, no clause
 * punctuation `，、。；：！？,;:!?`, balanced brackets, and short: under 30 code points, or up to 50 for a
 * two-part headline (`…灿烂——习近平主席…`), or, in a column-wrapped document, under 0.6 of the
 * column width, since there a full line without punctuation is mid-sentence. A line numbered like
 * an official-document heading (`三、相知相亲，坚持永久睦邻友好`) may contain `，、`. Consecutive
 * heading-like lines with no blank line between them form one heading, unless the next one is
 * indented in the raw text (seed 001's ` 要闻`). A line that continues an unfinished paragraph is
 * never a heading: the missing sentence end is the stronger OCR signal.
 */
import { codePointLength } from './normalize.js';
import { markupHeading, normalizeNewlines } from './lines.js';
import type { Segment } from './segment.js';

/** Okapi's CJK sentence terminators. */
const TERMINATORS: ReadonlySet<string> = new Set(['。', '！', '？', '!', '?', '…']);
/** Closing quotes and brackets that belong to the sentence they follow. */
const CLOSERS: ReadonlySet<string> = new Set(['”', '’', '」', '』', '）', '》', ')']);
/** A line ending a paragraph: terminator or colon, then closers (half-width quotes included). */
const PARAGRAPH_END = /[。！？!?…：:][”’」』）》)"']*$/u;
/** Clause punctuation: a line containing any of these is running text, not a heading. */
const CLAUSE_PUNCTUATION = /[，、。；：！？,;:!?]/u;
/** Sentence-level punctuation, not allowed even in a numbered heading. */
const SENTENCE_PUNCTUATION = /[。；！？;!?…]/u;
/** `上接`/`下转`/`转第`/`接第` in full- or half-width parentheses with a short page reference. */
const PAGE_MARKER = /[（(]\s*(?:上接|下转|转第|接第)[^（）()\n]{0,12}[）)]/gu;
/** Official-document first-level numbering, `一、` .. `十九、` (GB/T 9704). */
const NUMBERED_HEADING = /^[一二三四五六七八九十]{1,3}、/u;
/** A two-part headline: halves separated by a space or a dash between non-space characters. */
const TWO_PART_HEADLINE = /\S(?:\s+|——|—)\S/u;
/** Letters of alphabetic scripts, for line joining (full-width forms are excluded in code). */
const ALPHABETIC = /^[\p{sc=Latin}\p{sc=Cyrillic}\p{sc=Greek}]$/u;
/** Start of the Halfwidth and Fullwidth Forms block: `Ｄ` sits among CJK text, needs no space. */
const FULLWIDTH_FORMS_START = 0xff00;
/** ASCII digits: a space goes between a digit and a letter, never between two digits. */
const DIGIT = /^[0-9]$/u;
/** ASCII `!?` between URL-ish characters (`a.php?id=1`) are not sentence ends: before, ... */
const URL_BEFORE = /[A-Za-z0-9/]/u;
/** ... and after (a query's `id=1`, `&`). */
const URL_AFTER = /[A-Za-z0-9=&]/u;
/** Bracket pairs checked for balance; `‘’` are left out because `’` doubles as an apostrophe. */
const BRACKET_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['“', '”'], ['「', '」'], ['『', '』'], ['（', '）'], ['(', ')'], ['《', '》'], ['【', '】'], ['[', ']'],
];

/** Heading-like lines in ordinary documents are shorter than this (code points). */
const HEADING_MAX = 30;
/** Two-part headlines run longer (seed 003: 43 code points); running text never has that shape. */
const TWO_PART_HEADLINE_MAX = 50;
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

interface Line {
  text: string;
  /** The raw line started with whitespace: it starts a new heading block. */
  indented: boolean;
}

interface Profile {
  /** Heading-like lines must be strictly shorter than this. */
  headingLimit: number;
  column: boolean;
}

/** Splits Chinese text into headings and sentences; no segment is empty or contains a line break. */
export function segmentChinese(text: string): Segment[] {
  const lines = normalizeNewlines(text)
    .split('\n')
    .map((raw): Line => ({ text: raw.replace(PAGE_MARKER, '').trim(), indented: /^\s/u.test(raw) }));
  const profile = profileOf(lines);
  const segments: Segment[] = [];
  buildBlocks(lines, profile).forEach((block, paragraph) => {
    const texts = block.kind === 'heading' ? [block.text] : splitChineseSentences(block.text);
    for (const t of texts) segments.push({ text: t, kind: block.kind === 'heading' ? 'heading' : 'sentence', paragraph });
  });
  return segments;
}

/** Splits one paragraph after `。！？!?…` runs and their closing quotes/brackets. */
export function splitChineseSentences(paragraph: string): string[] {
  const out: string[] = [];
  let start = 0;
  let asciiQuoteOpen = false;
  for (let i = 0; i < paragraph.length; i++) {
    const ch = paragraph[i] ?? '';
    if (ch === '"') asciiQuoteOpen = !asciiQuoteOpen;
    if (!TERMINATORS.has(ch) || isUrlPunctuation(paragraph, i)) continue;
    let end = i + 1;
    while (end < paragraph.length && TERMINATORS.has(paragraph[end] ?? '')) end++;
    for (;;) {
      const next = paragraph[end] ?? '';
      if (CLOSERS.has(next)) end++;
      else if (next === '"' && asciiQuoteOpen) { asciiQuoteOpen = false; end++; }
      else break;
    }
    pushTrimmed(out, paragraph.slice(start, end));
    start = end;
    i = end - 1;
  }
  pushTrimmed(out, paragraph.slice(start));
  return out;
}

function pushTrimmed(out: string[], s: string): void {
  const t = s.trim();
  if (t !== '') out.push(t);
}

function isUrlPunctuation(s: string, i: number): boolean {
  const ch = s[i];
  if (ch !== '!' && ch !== '?') return false;
  return URL_BEFORE.test(s[i - 1] ?? '') && URL_AFTER.test(s[i + 1] ?? '');
}

interface Block {
  kind: 'heading' | 'paragraph';
  text: string;
}

function buildBlocks(lines: Line[], profile: Profile): Block[] {
  const blocks: Block[] = [];
  let open: Block | undefined;
  let blankBefore = true;
  const flush = (): void => {
    if (open !== undefined && open.text !== '') blocks.push(open);
    open = undefined;
  };
  for (const line of lines) {
    if (line.text === '') { blankBefore = true; continue; }
    const markup = markupHeading(line.text);
    const wasBlank = blankBefore;
    blankBefore = false;
    if (markup !== undefined) {
      flush();
      if (markup !== '') blocks.push({ kind: 'heading', text: markup });
    } else if (open?.kind === 'paragraph') {
      open.text = joinLines(open.text, line.text);
      if (PARAGRAPH_END.test(line.text)) flush();
    } else if (open?.kind === 'heading' && !wasBlank && !line.indented && isHeadingLike(line.text, profile)) {
      open.text = joinLines(open.text, line.text);
    } else {
      flush();
      if (isHeadingLike(line.text, profile)) open = { kind: 'heading', text: line.text };
      else if (PARAGRAPH_END.test(line.text)) blocks.push({ kind: 'paragraph', text: line.text });
      else open = { kind: 'paragraph', text: line.text };
    }
  }
  flush();
  return blocks;
}

/** Joins two lines: a space only between two letters of alphabetic scripts (or letter and digit). */
export function joinLines(left: string, right: string): string {
  const a = Array.from(left).at(-1) ?? '';
  const b = Array.from(right.slice(0, 2))[0] ?? '';
  const wordish = (c: string): boolean =>
    (ALPHABETIC.test(c) && (c.codePointAt(0) ?? 0) < FULLWIDTH_FORMS_START) || DIGIT.test(c);
  const bothDigits = DIGIT.test(a) && DIGIT.test(b);
  return wordish(a) && wordish(b) && !bothDigits ? `${left} ${right}` : left + right;
}

function isHeadingLike(line: string, profile: Profile): boolean {
  if (PARAGRAPH_END.test(line) || !isBalanced(line)) return false;
  const length = codePointLength(line);
  if (length >= profile.headingLimit) {
    const headline = !profile.column && length <= TWO_PART_HEADLINE_MAX && TWO_PART_HEADLINE.test(line);
    if (!headline) return false;
  }
  if (NUMBERED_HEADING.test(line)) return !SENTENCE_PUNCTUATION.test(line);
  return !CLAUSE_PUNCTUATION.test(line);
}

function isBalanced(line: string): boolean {
  for (const [open, close] of BRACKET_PAIRS) {
    let depth = 0;
    for (const ch of line) {
      if (ch === open) depth++;
      else if (ch === close && --depth < 0) return false;
    }
    if (depth !== 0) return false;
  }
  return (line.split('"').length - 1) % 2 === 0;
}

/** Detects a narrow column (seed 001): many lines, narrow median, most lines close to it. */
function profileOf(lines: Line[]): Profile {
  const lengths = lines
    .filter((l) => l.text !== '' && markupHeading(l.text) === undefined)
    .map((l) => codePointLength(l.text))
    .sort((x, y) => x - y);
  const median = lengths[Math.floor(lengths.length / 2)] ?? 0;
  const near = lengths.filter((n) => Math.abs(n - median) <= median * COLUMN_SIMILAR_TOLERANCE).length;
  const column =
    lengths.length >= COLUMN_MIN_LINES && median <= COLUMN_MAX_WIDTH && near >= lengths.length * COLUMN_SIMILAR_SHARE;
  return column ? { column, headingLimit: median * COLUMN_HEADING_RATIO } : { column, headingLimit: HEADING_MAX };
}
