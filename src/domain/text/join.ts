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
  const a = Array.from(left).at(-1) ?? '';
  const b = Array.from(right.slice(0, 2))[0] ?? '';
  const wordish = (c: string): boolean =>
    (ALPHABETIC.test(c) && (c.codePointAt(0) ?? 0) < FULLWIDTH_FORMS_START) || DIGIT.test(c);
  const bothDigits = DIGIT.test(a) && DIGIT.test(b);
  return wordish(a) && wordish(b) && !bothDigits ? `${left} ${right}` : left + right;
}
