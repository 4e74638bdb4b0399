/**
 * Search and replace in translation targets (issue 10, TM maintenance): a literal text or a
 * regular expression, case-sensitive or not, with `$&`, `$1`…`$99`, `$<name>` and `$$` in the
 * replacement as JavaScript's `String.prototype.replace` reads them.
 *
 * Inline codes are anchored at code-point offsets of the target (domain/inline.ts), so every
 * replacement is an edit whose offsets move the codes after it. A code that stands strictly
 * inside a replaced span has no place in the new text: such a unit is not changed, and the
 * preview says why (a translator then edits it by hand). So is a unit whose new target would
 * break a limit of units (domain/limits.ts: longer than 30,000 characters, nothing visible).
 *
 * Patterns are checked before they run: a pattern that does not compile is an error, and so is
 * one with nested unbounded repetition (`(a+)+`, star height above 1), which can backtrack for
 * longer than any request may take (safe-regex2's static check, as fastify uses it for routes).
 */
import safeRegex from 'safe-regex2';
import { ValidationError } from '../errors.js';
import type { InlineCode } from '../inline.js';
import { MAX_TARGET_LENGTH, quote, segmentProblem } from '../limits.js';
import { shiftOffset, type TextEdit } from './scoring/numbers.js';

/** Longest pattern accepted. */
export const MAX_PATTERN_LENGTH = 1000;

/** What to find and what to put instead. */
export interface ReplaceRule {
  find: string;
  replacement: string;
  regex: boolean;
  caseSensitive: boolean;
}

/** A target after a replacement: its new text and codes, or why it is left alone. */
export type ReplaceOutcome = { target: string; targetCodes: InlineCode[] } | { skipped: string };

function fail(path: string, message: string): never {
  throw new ValidationError(`${path.slice(1)}: ${message}`, [{ path, message }]);
}

/** The rule's pattern, compiled and checked (400 for an invalid or runaway pattern). */
export function compileRule(rule: ReplaceRule): RegExp {
  if (rule.find === '') fail('/find', 'must not be empty');
  if (rule.find.length > MAX_PATTERN_LENGTH) fail('/find', `must be at most ${MAX_PATTERN_LENGTH} characters`);
  const source = rule.regex ? rule.find : rule.find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let re: RegExp;
  try {
    re = new RegExp(source, `gu${rule.caseSensitive ? '' : 'i'}`);
  } catch (err) {
    fail('/find', `is not a valid regular expression: ${(err as Error).message}`);
  }
  if (rule.regex && !safeRegex(re)) fail('/find', 'has nested repetition (such as (a+)+) that can run away; rewrite it without a repeated group of repeats');
  if (re.test('')) fail('/find', 'matches the empty string');
  re.lastIndex = 0;
  return re;
}

/** The replacement text for one match (GetSubstitution: `$$`, `$&`, `$n`, `$nn`, `$<name>`). */
function substitution(template: string, m: RegExpExecArray): string {
  return template.replace(/\$(\$|&|<([^>]*)>|\d{1,2})/g, (whole, what: string, name: string | undefined) => {
    if (what === '$') return '$';
    if (what === '&') return m[0];
    if (name !== undefined) return m.groups?.[name] ?? '';
    const n = Number(what);
    if (n >= 1 && n < m.length) return m[n] ?? '';
    if (what.length === 2 && Number(what[0]) >= 1 && Number(what[0]) < m.length) return (m[Number(what[0])] ?? '') + what[1];
    return whole;
  });
}

/** Code points before UTF-16 index `i` of `s`. */
function codePointsBefore(s: string, i: number): number {
  let n = 0;
  for (let k = 0; k < i; k++, n++) {
    const c = s.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff && k + 1 < i) k++;
  }
  return n;
}

/** Applies `re` (from {@link compileRule}) to a target; undefined when nothing matches. */
export function replaceInTarget(target: string, codes: readonly InlineCode[], re: RegExp, replacement: string, regex: boolean): ReplaceOutcome | undefined {
  const edits: TextEdit[] = [];
  let out = '';
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(target); m; m = re.exec(target)) {
    const text = regex ? substitution(replacement, m) : replacement;
    const start = codePointsBefore(target, m.index);
    const end = start + [...m[0]].length;
    if (codes.some((c) => c.offset > start && c.offset < end)) return { skipped: `an inline code stands inside "${quote(m[0])}"` };
    edits.push({ start, end, length: [...text].length });
    out += target.slice(last, m.index) + text;
    last = m.index + m[0].length;
  }
  if (edits.length === 0) return undefined;
  out += target.slice(last);
  if (out.trim() === '') return { skipped: 'the target would be empty' };
  // The limits every unit meets (domain/limits.ts): `$&$&$&` can grow a target past them.
  const problem = segmentProblem(out, MAX_TARGET_LENGTH);
  if (problem) return { skipped: `the new target ${problem}` };
  return { target: out, targetCodes: codes.map((c) => ({ ...c, offset: shiftOffset(c.offset, edits) })) };
}
