/**
 * Sentence splitting for languages written with spaces (English and Russian targets, imported
 * paragraphs): the shape of Okapi's default SRX rules for those languages - a break rule after
 * `. ! ? …` followed by whitespace, and no-break exceptions for abbreviations.
 *
 * A break needs `.`, `!`, `?` or `…` (a run like `?!` or `...` stays together), optional closing
 * quotes/brackets `" ' ” ’ » ) ]`, whitespace, and then something that starts a sentence: an upper-case
 * or caseless letter (Hangul, Arabic), a digit, an opening quote or bracket, or a dash (Russian
 * dialogue). That rules out decimals (`2.5`) and an ellipsis inside a sentence (`wait… then`).
 * A single `.` after a known abbreviation (`Mr.`, `U.S.`, `т. е.`, `гг.`) or a single capital initial
 * (`J. Smith`, `С. Ю. Иванов`) is not a break either. Abbreviations that often end a sentence
 * (`etc.`, `Inc.`, `т. д.`) are no-break too: two sentences merged into one unit still match and
 * translate, while a unit cut after `U.S.` in `the U.S. Congress` is useless on both sides.
 *
 * Paragraphs are separated by blank lines; single line breaks inside one are joined with a space.
 * Markdown headings and bold-only lines are headings, as are one-line paragraphs of at most
 * twelve words that do not end in punctuation (titles such as `Remarks at the Summit`).
 */
import { markupHeading, normalizeNewlines } from './lines.js';
import type { Segment } from './segment.js';

/** English abbreviations (without the final dot; inner dots may be followed by a space). */
const ENGLISH_ABBREVIATIONS = [
  'Mr', 'Mrs', 'Ms', 'Dr', 'Prof', 'St', 'Sr', 'Jr', 'No', 'Nos', 'vs', 'etc', 'e.g', 'i.e', 'cf', 'al',
  'U.S', 'U.N', 'U.K', 'E.U', 'Inc', 'Ltd', 'Co', 'Corp', 'Gen', 'Gov', 'Sen', 'Rep', 'Mt', 'Ave',
  'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec', 'approx',
];
/** Russian abbreviations: т. е. (that is), т. д./т. п. (etc.), г./гг. (year/s), см. (see), … */
const RUSSIAN_ABBREVIATIONS = [
  'т.е', 'т.д', 'т.п', 'т.к', 'т.н', 'г', 'гг', 'см', 'напр', 'др', 'ул', 'стр', 'им', 'тыс', 'млн',
  'млрд', 'руб', 'проф', 'акад', 'рис', 'табл',
];

/** `e.g` -> `e\.\s?g\.`; a lower-case first letter may also be capitalised (`E.g.` opens a sentence). */
function abbreviationPattern(abbreviation: string): string {
  const parts = abbreviation.split('.').map((p) => p.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'));
  const first = abbreviation.charAt(0);
  const head = first === first.toLowerCase() && first !== first.toUpperCase() ? `[${first}${first.toUpperCase()}]` : first;
  return `${head}${parts.join('\\.\\s?').slice(first.length)}\\.`;
}

function endsWithOneOf(abbreviations: string[], flags: string): RegExp {
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${abbreviations.map(abbreviationPattern).join('|')})$`, flags);
}

/** English is matched case-sensitively, so a sentence ending in `no.` still breaks. */
const ENGLISH_ABBREVIATION_AT_END = endsWithOneOf(ENGLISH_ABBREVIATIONS, 'u');
/** Russian abbreviations are lower-case words; `См.` opening a sentence must match too. */
const RUSSIAN_ABBREVIATION_AT_END = endsWithOneOf(RUSSIAN_ABBREVIATIONS, 'iu');
/** Text ending in a single capital initial such as `J.` or `С.` (case-sensitive). */
const INITIAL_AT_END = /(?:^|[^\p{L}\p{N}])\p{Lu}\.$/u;

const TERMINATORS: ReadonlySet<string> = new Set(['.', '!', '?', '…']);
const CLOSERS: ReadonlySet<string> = new Set(['"', "'", '”', '’', '»', ')', ']']);
/** What may start the next sentence: not a lower-case letter (caseless Hangul, Arabic, … count). */
const SENTENCE_START = /^[\p{Lu}\p{Lt}\p{Lo}\p{N}"'“‘«„([—–-]/u;
/** One-line paragraphs this short without final punctuation are headings (titles). */
const HEADING_MAX_WORDS = 12;
const ENDS_WITH_PUNCTUATION = /[.!?…:;,]["'”’»)\]]*$/u;

/** Splits text into paragraphs (blank lines), then sentences; headings stay whole. */
export function segmentSentences(text: string): Segment[] {
  const segments: Segment[] = [];
  let paragraph = 0;
  for (const block of normalizeNewlines(text).split(/\n[ \t\u3000]*\n/u)) {
    const lines = block.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    if (lines.length === 0) continue;
    let body: string[] = [];
    const flushBody = (): void => {
      if (body.length === 0) return;
      const joined = body.join(' ');
      const heading = body.length === 1 && isTitle(joined);
      for (const s of heading ? [joined] : splitSentences(joined)) {
        segments.push({ text: s, kind: heading ? 'heading' : 'sentence', paragraph });
      }
      paragraph++;
      body = [];
    };
    for (const line of lines) {
      const markup = markupHeading(line);
      if (markup === undefined) { body.push(line); continue; }
      flushBody();
      if (markup !== '') segments.push({ text: markup, kind: 'heading', paragraph: paragraph++ });
    }
    flushBody();
  }
  return segments;
}

function isTitle(line: string): boolean {
  return !ENDS_WITH_PUNCTUATION.test(line) && line.split(/\s+/u).length <= HEADING_MAX_WORDS;
}

/** Splits one paragraph (no line breaks) into sentences. */
export function splitSentences(paragraph: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < paragraph.length; i++) {
    if (!TERMINATORS.has(paragraph[i] ?? '')) continue;
    const terminator = i;
    let end = i + 1;
    while (end < paragraph.length && TERMINATORS.has(paragraph[end] ?? '')) end++;
    const singleDot = end === terminator + 1 && paragraph[terminator] === '.';
    while (end < paragraph.length && CLOSERS.has(paragraph[end] ?? '')) end++;
    i = end - 1;
    const gap = /^\s+/u.exec(paragraph.slice(end));
    if (gap === null || !SENTENCE_START.test(paragraph.slice(end + gap[0].length))) continue;
    if (singleDot && isAbbreviation(paragraph.slice(start, terminator + 1))) continue;
    const sentence = paragraph.slice(start, end).trim();
    if (sentence !== '') out.push(sentence);
    start = end;
  }
  const last = paragraph.slice(start).trim();
  if (last !== '') out.push(last);
  return out;
}

/** True when the text (ending in `.`) ends with a known abbreviation or a capital initial. */
function isAbbreviation(throughDot: string): boolean {
  return (
    ENGLISH_ABBREVIATION_AT_END.test(throughDot) ||
    RUSSIAN_ABBREVIATION_AT_END.test(throughDot) ||
    INITIAL_AT_END.test(throughDot)
  );
}
