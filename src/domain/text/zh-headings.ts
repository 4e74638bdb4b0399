/**
 * The non-sentence lines of a Chinese newspaper page: headings, datelines, bylines and credits,
 * and the half-words OCR leaves at the top of a column.
 *
 * Heading-like lines: no sentence end, no clause punctuation `，、。；：！？,;:!?`, balanced brackets,
 * and short: under the profile's limit (30 code points, or 0.6 of a narrow column's width, since
 * in a column a full line without punctuation is mid-sentence), or up to 50 for a two-part
 * headline (`…灿烂——习近平主席…`). A line numbered like an official-document heading
 * (`三、相知相亲，坚持永久睦邻友好`, GB/T 9704) may contain `，、`.
 *
 * Datelines follow the agencies' form: `新华社北京5月19日电`, `据新华社西安5月19日电（记者 …）`,
 * `本报讯（记者韦冰）`. One that opens a paragraph is a unit of its own (a translator renders it in
 * the target agency's style, `BEIJING, May 19 (Xinhua) --`), and it opens an article. One that
 * stands alone after the text, like a closing credit (`主笔:…`, `…联合制作`), ends its article.
 *
 * A title block printed on one line, `——在中国—中亚峰会上的主旨讲话 (2023年5月19日) 中华人民共和国主席
 * 习近平`, is split at the spaced date into subtitle, date and byline, as the same block is when it
 * is printed on three lines (seed 002): one heading should not be segmented two ways.
 */
import { codePointLength } from './normalize.js';
import type { PageProfile } from './zh-lines.js';

/** A line ending a paragraph: terminator or colon, then closers (half-width quotes included). */
export const PARAGRAPH_END = /[。！？!?…：:][”’」』）》)"']*$/u;
/** Clause punctuation: a line containing any of these is running text, not a heading. */
const CLAUSE_PUNCTUATION = /[，、。；：！？,;:!?]/u;
/** Sentence-level punctuation, not allowed even in a numbered heading. */
const SENTENCE_PUNCTUATION = /[。；！？;!?…]/u;
/** Official-document first-level numbering, `一、` .. `十九、` (GB/T 9704). */
const NUMBERED_HEADING = /^[一二三四五六七八九十]{1,3}、/u;
/** A two-part headline: halves separated by a space or a dash between non-space characters. */
const TWO_PART_HEADLINE = /\S(?:\s+|——|—)\S/u;
/** Two-part headlines run longer (seed 003: 43 code points); running text never has that shape. */
const TWO_PART_HEADLINE_MAX = 50;
/** Bracket pairs checked for balance; `‘’` are left out because `’` doubles as an apostrophe. */
const BRACKET_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['“', '”'], ['「', '」'], ['『', '』'], ['（', '）'], ['(', ')'], ['《', '》'], ['【', '】'], ['[', ']'],
];
/** An agency dateline (place, month, day, 电) with an optional reporters' byline, or 本报讯（…）. */
const DATELINE =
  /^(?:[（(]\s*)?据?(?:新华社|中新社|本报)[\p{Script=Han}\s]{1,12}?\d{1,2}\s*月\s*\d{1,2}\s*日\s*电(?:\s*[）)])?(?:\s*[（(]\s*(?:记者|通讯员)[^（）()]{0,60}[）)])?|^本报讯\s*[（(][^（）()]{0,80}[）)]/u;
/** A credit line: reporters, writers, editors, producers. */
const CREDIT = /^(?:■\s*)?(?:(?:新华社|本报)?记者|通讯员|主笔|执笔|编辑|责任编辑|摄影)[\s:：]|制作$/u;
/** A whole-line quotation used as a sub-heading inside an article (seed 003). */
const QUOTED_HEADING = /^“[^“”]+”$/u;
/** Sub-heads that label parts of an article are short (信任的故事: 5); the seeds' article headlines have 9 or more. */
const SUBHEADING_MAX = 5;
/**
 * The last character of a word cut off at the top of a column (seed 000: 园。), glued to a real
 * sentence (at least 8 code points before its end: `一。二。` is a list, not a cut word). One-word
 * replies (好。是。对。…) are not taken for one.
 */
const ORPHAN_TAIL = /^(?![好是对行不嗯哦噢啊])\p{Script=Han}。(?=[^。！？!?…]{8})/u;
/** A spaced date inside a title block: `(2023年5月19日)` between spaces. */
const SPACED_DATE = /(?:^|\s+)([（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[）)])(?:\s+|$)/u;

/** True when the line looks like a heading of its own (see the module header). */
export function isHeadingLike(line: string, profile: PageProfile): boolean {
  if (PARAGRAPH_END.test(line) || !isBalanced(line)) return false;
  const length = codePointLength(line);
  if (length >= profile.headingLimit) {
    const headline = !profile.column && length <= TWO_PART_HEADLINE_MAX && TWO_PART_HEADLINE.test(line);
    if (!headline) return false;
  }
  if (NUMBERED_HEADING.test(line)) return !SENTENCE_PUNCTUATION.test(line);
  return !CLAUSE_PUNCTUATION.test(line);
}

/** True when every bracket pair (and the straight double quote) is balanced in `line`. */
export function isBalanced(line: string): boolean {
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

/** The length (UTF-16) of the dateline and byline that open `text`, or 0. */
export function datelineLength(text: string): number {
  return DATELINE.exec(text)?.[0].length ?? 0;
}

/** A line that ends an article: a dateline standing alone, or a credit. */
export function isClosingLine(text: string): boolean {
  return datelineLength(text) === text.length || CREDIT.test(text);
}

/** A heading that labels a part of the current article rather than starting a new one. */
export function isSubheading(text: string): boolean {
  return QUOTED_HEADING.test(text) || NUMBERED_HEADING.test(text) || codePointLength(text) <= SUBHEADING_MAX;
}

/** The length (UTF-16) of an orphaned word end that opens `text` (`园。` in `园。中方欢迎…`), or 0. */
export function orphanTailLength(text: string): number {
  return ORPHAN_TAIL.exec(text)?.[0].length ?? 0;
}

/** A heading split at a spaced date into title, date and what follows (the speaker's byline). */
export function splitHeading(text: string): string[] {
  const m = SPACED_DATE.exec(text);
  if (m === null || m[0].trim() === text) return [text];
  const before = text.slice(0, m.index).trim();
  const after = text.slice(m.index + m[0].length).trim();
  return [before, (m[1] ?? '').trim(), after].filter((p) => p !== '');
}

/** A caption or headline run (no sentence end) split after each `：` that has text after it. */
export function splitCaption(text: string): string[] {
  return text.split(/(?<=：)/u).map((p) => p.trim()).filter((p) => p !== '');
}
