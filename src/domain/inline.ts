/**
 * Inline codes: the markup inside a segment (bold, links, placeholders) that a translation must
 * carry over but that is not text. Caravan stores a segment as plain text plus a list of codes
 * anchored at code-point offsets, the way XLIFF 2.x separates `<pc>`/`<ph>` from the text and
 * keeps the native markup in `<originalData>`; XLIFF 1.2 `<g>/<x/>/<bx/>/<ex/>` and TMX
 * `<bpt>/<ept>/<ph>` map onto the same three types.
 *
 * A unit's identity stays on its plain texts: the same sentence with different markup is the same
 * unit, and the matcher reports the difference as an `inline-code` penalty.
 */

/** The role of a code in the text: opens a span, closes one, or stands alone. */
export type InlineCodeType = 'open' | 'close' | 'placeholder';

/** All code types, for validation. */
export const INLINE_CODE_TYPES: readonly InlineCodeType[] = ['open', 'close', 'placeholder'];

/** One inline code anchored in a plain text. */
export interface InlineCode {
  /** Identifier pairing an `open` with its `close` (XLIFF `id`/`rid`, TMX `i`/`x`). */
  id: string;
  type: InlineCodeType;
  /** Code-point offset in the plain text where the code sits (0 = before the first character). */
  offset: number;
  /** The native markup, e.g. `<g id="1">`, when known. */
  data?: string;
}

/** True when two code sequences have the same codes in the same order (type and id; offsets and data ignored). */
export function sameCodeSequence(a: readonly InlineCode[], b: readonly InlineCode[]): boolean {
  return a.length === b.length && a.every((c, i) => c.type === b[i]?.type && c.id === b[i]?.id);
}
