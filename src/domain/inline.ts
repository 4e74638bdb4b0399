/**
 * Inline codes (XLIFF g/x/bx/ex/bpt/ept/ph/it, XLIFF 2 pc/sc/ec/ph, TMX bpt/ept/ph/it/hi) as
 * standoff markup: a segment is its plain text plus a list of codes, each anchored at a
 * code-point offset in that text. Plain text stays readable for matching and for API users;
 * the codes carry what a writer needs to put the original markup back.
 *
 * TM units carry codes for source and target (`sourceCodes`/`targetCodes`); their identity stays
 * on the plain texts, and the matcher reports a code difference as an `inline-code` penalty.
 */

/** What a code does: opens or closes a span, or stands alone. */
export type InlineCodeType = 'open' | 'close' | 'placeholder';

/** All code types, for validation. */
export const INLINE_CODE_TYPES: readonly InlineCodeType[] = ['open', 'close', 'placeholder'];

/** One inline code. */
export interface InlineCode {
  /** The code's id in its source format (XLIFF `id`, TMX `i`/`x`); pairs share an id. */
  id: string;
  type: InlineCodeType;
  /** Code-point offset in the plain text where the code sits. */
  offset: number;
  /** Native markup the code stands for (e.g. `<g id="1">`, `<b>`), when known. */
  data?: string;
}

/** Text with inline codes. */
export interface RichText {
  text: string;
  codes: InlineCode[];
}
