/**
 * Joining two lines of wrapped text: nothing between CJK characters (Chinese has no spaces between
 * words), one space between two letters of an alphabetic script so that wrapped English or Russian
 * stays readable, and none between two digits, because a number wrapped in a narrow column is
 * likelier than two numbers meeting at a line end.
 */

/** Letters of alphabetic scripts, for line joining (full-width forms are excluded in code). */
const ALPHABETIC = /^[\p{sc=Latin}\p{sc=Cyrillic}\p{sc=Greek}]$/u;
/** Start of the Halfwidth and Fullwidth Forms block: `Ｄ` sits among CJK text, needs no space. */
const FULLWIDTH_FORMS_START = 0xff00;
/** ASCII digits: a space goes between a digit and a letter, never between two digits. */
const DIGIT = /^[0-9]$/u;

/** Joins two lines: a space only between two letters of alphabetic scripts (or letter and digit). */
export function joinLines(left: string, right: string): string {
  const a = String.fromCodePoint(left.codePointAt(lastCodePointIndex(left)) ?? 0x20);
  const b = String.fromCodePoint(right.codePointAt(0) ?? 0x20);
  const wordish = (c: string): boolean =>
    (ALPHABETIC.test(c) && (c.codePointAt(0) ?? 0) < FULLWIDTH_FORMS_START) || DIGIT.test(c);
  const bothDigits = DIGIT.test(a) && DIGIT.test(b);
  return wordish(a) && wordish(b) && !bothDigits ? `${left} ${right}` : left + right;
}

/** Index of the last code point of `s` (its high surrogate when it is astral); -1 for ''. */
function lastCodePointIndex(s: string): number {
  const last = s.length - 1;
  const unit = s.charCodeAt(last);
  return last > 0 && unit >= 0xdc00 && unit <= 0xdfff ? last - 1 : last;
}
