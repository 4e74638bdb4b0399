/**
 * Chinese segmentation for OCR'd newspaper pages (the seed speeches in memory/speeches/): lines to
 * blocks in article sections (zh-lines.ts, zh-blocks.ts), blocks to headings and sentences.
 *
 * Sentences follow Okapi's default SRX rule for CJK: break after `。！？!?…` (a run such as `……` or
 * `？！` stays together) plus any closing quotes/brackets `”’」』）》)`, with no space needed after.
 * A half-width `"` after the break is attached when it closes a quote opened earlier in the
 * paragraph. `；` does not end a sentence: it joins parallel clauses (`…就是当代的"丝路"；日夜兼程的…`),
 * and splitting there would give fragments that are not translated on their own. A `：`/`:` inside
 * a paragraph does not end one either, so `中国古人云:"道虽迩,不行不至;事虽小,不为不成。"` stays
 * whole. At the end of a line, `：` does end the paragraph: salutations (`尊敬的各位同事，…朋友们：`)
 * and introductions of a list stand on a line of their own.
 *
 * Quotations. Okapi does not track quotes, and neither do we in general: a quoted passage of
 * several sentences is split inside the quotes, which keeps units sentence-sized. Two exceptions
 * keep a quotation whole where splitting it leaves units nobody can translate alone: a quotation
 * that opens a sentence and is followed by its attribution ending in a verb of saying
 * (`“我刚从…回来。在那里，…。”2017 年，…亲切交流时说。`, seed 004) is one unit with it, and a short
 * quotation standing alone, followed only by another quotation or the paragraph end, is verse or a
 * saying (seed 003's couplets, `“中哈历来是近邻，山水相连像近亲。一起完成千年梦，合作之花开满春。”`).
 *
 * Blocks become segments: a heading is split at a spaced date (zh-headings.ts), a caption run
 * after each `：`, and a paragraph that opens with a dateline and byline gives them a unit of their
 * own (`新华社北京5月19日电（记者张辛欣）` | `工信部副部长徐晓兰…`). Every segment carries its section.
 */
import { codePointLength } from './normalize.js';
import type { Segment } from './segment.js';
import { PageAssembler } from './zh-blocks.js';
import { datelineLength, splitCaption, splitHeading } from './zh-headings.js';
import { readPage } from './zh-lines.js';
import { quotationEnd } from './zh-quotes.js';

export { joinLines } from './join.js';

/** Okapi's CJK sentence terminators. */
const TERMINATORS: ReadonlySet<string> = new Set(['。', '！', '？', '!', '?', '…']);
/** Closing quotes and brackets that belong to the sentence they follow. */
const CLOSERS: ReadonlySet<string> = new Set(['”', '’', '」', '』', '）', '》', ')']);
/** ASCII `!?` between URL-ish characters (`a.php?id=1`) are not sentence ends: before, ... */
const URL_BEFORE = /[A-Za-z0-9/]/u;
/** ... and after (a query's `id=1`, `&`). */
const URL_AFTER = /[A-Za-z0-9=&]/u;
/** An attribution that ends in a verb of saying (说, 表示, 指出, 强调, 称, 问, 写道…). */
const ATTRIBUTION = /(?:说|道|表示|指出|强调|称|问)$/u;
/** A quotation kept whole with its attribution is at most this long (seed 004: 33 code points). */
const ATTRIBUTED_QUOTATION_MAX = 100;
/** A standalone quotation of at most this length is verse or a saying (seed 003's couplets: 32). */
const STANDALONE_QUOTATION_MAX = 40;

/** Splits Chinese text into headings and sentences; no segment is empty or contains a line break. */
export function segmentChinese(text: string): Segment[] {
  const { lines, profile } = readPage(text);
  const page = new PageAssembler(profile);
  let blank = true;
  for (const line of lines) {
    if (line.text === '') blank = true;
    else {
      page.add(line, blank);
      blank = false;
    }
  }
  const segments: Segment[] = [];
  page.finish().forEach((block, paragraph) => {
    const push = (t: string, kind: Segment['kind']): void => {
      segments.push({ text: t, kind, paragraph, section: block.section });
    };
    if (block.kind === 'heading') {
      for (const part of block.caption ? splitCaption(block.text) : splitHeading(block.text)) push(part, 'heading');
      return;
    }
    const dateline = datelineLength(block.text);
    if (dateline > 0 && dateline < block.text.length) push(block.text.slice(0, dateline).trim(), 'heading');
    for (const s of splitChineseSentences(block.text.slice(dateline))) push(s, 'sentence');
  });
  return segments;
}

/** Splits one paragraph after `。！？!?…` runs and their closing quotes/brackets (see the header). */
export function splitChineseSentences(paragraph: string): string[] {
  const out: string[] = [];
  let start = 0;
  let atStart = true;
  let asciiQuoteOpen = false;
  for (let i = 0; i < paragraph.length; i++) {
    const ch = paragraph[i] ?? '';
    if (atStart && !/\s/u.test(ch)) {
      atStart = false;
      const whole = wholeQuotationEnd(paragraph, i);
      if (whole > 0) {
        pushTrimmed(out, paragraph.slice(start, whole));
        start = whole;
        atStart = true;
        i = whole - 1;
        continue;
      }
    }
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
    atStart = true;
    i = end - 1;
  }
  pushTrimmed(out, paragraph.slice(start));
  return out;
}

/** The end of the sentence whose terminator run starts at `i`: the run, then closing quotes/brackets. */
function sentenceEnd(s: string, i: number): number {
  let end = i + 1;
  while (end < s.length && TERMINATORS.has(s[end] ?? '')) end++;
  while (end < s.length && CLOSERS.has(s[end] ?? '')) end++;
  return end;
}

/**
 * Where a quotation opening a sentence at `at` ends as one unit: after its attribution, or after
 * itself when it stands alone; 0 when the ordinary rule applies.
 */
function wholeQuotationEnd(s: string, at: number): number {
  if (s[at] !== '“') return 0;
  const close = quotationEnd(s, at);
  if (close < 0) return 0;
  const length = codePointLength(s.slice(at, close));
  let next = close;
  while (next < s.length && /\s/u.test(s[next] ?? '')) next++;
  if (length <= STANDALONE_QUOTATION_MAX && (next === s.length || s[next] === '“')) return close;
  if (length > ATTRIBUTED_QUOTATION_MAX) return 0;
  let offset = close;
  while (offset < s.length && !TERMINATORS.has(s[offset] ?? '')) offset++;
  if (offset === s.length) return 0;
  const attribution = s.slice(close, offset).trim();
  if (attribution === '' || /[“”"]/u.test(attribution) || !ATTRIBUTION.test(attribution)) return 0;
  return sentenceEnd(s, offset);
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
