/**
 * Line-level helpers shared by the Chinese segmenter and the sentence splitter.
 *
 * Input text arrives from files written on any platform and from Markdown conversions of newspaper
 * pages, so both segmenters first normalise line ends (`\r\n` and lone `\r` become `\n`) and drop a
 * leading byte-order mark, and both treat Markdown ATX headings (`#` .. `######`, CommonMark §4.2)
 * and lines that are bold and nothing else (`**...**`) as headings with the markup stripped.
 */

/** U+FEFF at the start of a file is an encoding signature, not text. */
const BYTE_ORDER_MARK = '\uFEFF';

/** CommonMark ATX heading: 1-6 `#`, then a space or the end; an optional closing `#` run. */
const ATX_HEADING = /^#{1,6}(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$/u;

/** A line that is bold and nothing else, e.g. `**信任的故事**`. */
const BOLD_ONLY = /^\*\*(.+)\*\*$/u;

/** Strips a BOM and turns `\r\n` and lone `\r` into `\n`. */
export function normalizeNewlines(text: string): string {
  const unsigned = text.startsWith(BYTE_ORDER_MARK) ? text.slice(BYTE_ORDER_MARK.length) : text;
  return unsigned.replace(/\r\n?/gu, '\n');
}

/**
 * If the (trimmed) line is a Markdown heading or a bold-only line, returns its text without the
 * markup (possibly empty, for a bare `#`); otherwise `undefined`.
 */
export function markupHeading(line: string): string | undefined {
  const atx = ATX_HEADING.exec(line);
  if (atx !== null) return (atx[1] ?? '').trim();
  const bold = BOLD_ONLY.exec(line);
  if (bold !== null && !(bold[1] ?? '').includes('**')) return (bold[1] ?? '').trim();
  return undefined;
}
