/**
 * Quotation marks as evidence in Chinese newspaper text: which lines can continue which paragraph,
 * and where a quotation ends.
 *
 * Chinese (GB/T 15834-2011 §4.1) quotes with “ ” and nests with ‘ ’, so a “ never opens inside an
 * open “ … ”. That makes the curly double quotes a reliable signal when OCR reading order mixes
 * columns: a line that closes a quotation it never opened continues a paragraph that holds one
 * open, and a line that opens a quotation cannot continue a paragraph that still holds one open.
 * Straight `"` and corner brackets are left out: straight quotes do not say which side they are on,
 * and corner brackets do not occur in Simplified newspaper text.
 */

/** Opening and closing double quotation marks. */
const OPEN = '“';
const CLOSE = '”';

/** The quotation depth after `text`, starting at `depth`; a stray closer never makes it negative. */
export function quoteDepth(text: string, depth = 0): number {
  let d = depth;
  for (const ch of text) {
    if (ch === OPEN) d++;
    else if (ch === CLOSE && d > 0) d--;
  }
  return d;
}

/** How many `”` in `text` close a quotation opened before it (have no `“` before them in `text`). */
export function unmatchedClosers(text: string): number {
  let depth = 0;
  let unmatched = 0;
  for (const ch of text) {
    if (ch === OPEN) depth++;
    else if (ch === CLOSE) {
      if (depth > 0) depth--;
      else unmatched++;
    }
  }
  return unmatched;
}

/** True when `text` (trimmed) begins with an opening quotation mark. */
export function opensQuotation(text: string): boolean {
  return text.trimStart().startsWith(OPEN);
}

/**
 * The index just after the `”` that closes the quotation opened at `start` (which must hold `“`),
 * or -1 when it is not closed in `text`.
 */
export function quotationEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === OPEN) depth++;
    else if (ch === CLOSE && --depth === 0) return i + 1;
  }
  return -1;
}
