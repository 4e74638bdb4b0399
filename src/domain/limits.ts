/**
 * The limits every translation unit and term meets, whatever route it comes by (issue 9 §3): the
 * API and the CLI, TMX and XLIFF imports into the TM, and the term-base imports all check them
 * here, so that nothing the API refuses can arrive through a file instead. `openapi.yaml` states
 * the same numbers for the API; `tests/domain/limits.test.ts` keeps the two in step.
 *
 * Lengths count code points, as a translator counts characters (an astral CJK character is one).
 * Texts must be well-formed Unicode: JSON can carry a lone surrogate (`"\ud800"`), which SQLite
 * stores as U+FFFD, so the text as sent would never match again. A segment must hold something
 * visible (not only spaces, format characters such as U+200B or combining marks), and a term a
 * letter or a digit.
 *
 * An import skips a unit or concept that breaks a limit, with the reason; whatever a reason
 * quotes from the file goes through {@link quote}, so a skip report never echoes megabytes.
 */
import type { FieldError } from './errors.js';
import { INLINE_CODE_TYPES, type InlineCode } from './inline.js';
import { codePointLength } from './text/normalize.js';
import type { NewUnit } from './tm/unit.js';

/** Longest source segment: a sentence or a paragraph, not a document (the seed's longest sentence has about 300). */
export const MAX_SOURCE_LENGTH = 10_000;
/** Longest target: a translation out of Chinese may run three times the source's length. */
export const MAX_TARGET_LENGTH = 30_000;
/** Longest neighbouring segment kept as context: it is a source segment too. */
export const MAX_CONTEXT_LENGTH = MAX_SOURCE_LENGTH;
/** Longest unit note: a translator's remark, as long as a source segment at most. */
export const MAX_NOTE_LENGTH = 10_000;
/** Longest origin document name or title. */
export const MAX_ORIGIN_LENGTH = 1_000;
/** Longest origin date (a date, perhaps with a time and zone). */
export const MAX_ORIGIN_DATE_LENGTH = 100;
/** Most inline codes on one side of a unit: a heavily tagged segment has a few dozen. */
export const MAX_CODES = 1_000;
/** Longest inline-code id. */
export const MAX_CODE_ID_LENGTH = 100;
/** Longest native markup an inline code keeps. */
export const MAX_CODE_DATA_LENGTH = 10_000;
/** Longest term (as in glossary/entry.schema.json). */
export const MAX_TERM_LENGTH = 200;
/** Longest free text of a concept or term (definition, note, context): a paragraph, not a document. */
export const MAX_TERM_TEXT_LENGTH = 4_000;
/** Longest subject field or source name of a concept. */
export const MAX_LABEL_LENGTH = 200;
/** Characters of file content a skip report or error message quotes. */
export const QUOTE_LENGTH = 60;

/** `String.prototype.isWellFormed` (ES2024, in Node 20), which the ES2023 library we compile against does not declare. */
type WellFormedString = string & { isWellFormed(): boolean };
/** Anything but white space, controls, format characters (U+200B, U+FEFF...) and combining marks. */
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{M}]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * True when `s` holds a lone surrogate (not well-formed Unicode). The engine's check, not a
 * `/\p{Cs}/u` test: the regular expression was 3.6% of a TMX import's parsing (issue 12), ten
 * times the native check's cost.
 */
export function hasLoneSurrogate(s: string): boolean {
  return !(s as WellFormedString).isWellFormed();
}

/** At most `max` code points of `s`, with `…` when it was cut (reads only the head of a long text). */
export function quote(s: string, max = QUOTE_LENGTH): string {
  if (s.length <= max) return s;
  // A code point is one or two UTF-16 units: 2 * max + 2 units hold more than max code points.
  const head = Array.from(s.slice(0, 2 * max + 2));
  return head.length > max ? `${head.slice(0, max).join('')}…` : s;
}

/** Why `text` is not a usable segment of at most `max` characters; undefined when it is. */
export function segmentProblem(text: string, max: number): string | undefined {
  if (hasLoneSurrogate(text)) return 'must be well-formed Unicode (it holds a lone surrogate)';
  if (!VISIBLE.test(text)) return 'must contain text';
  return lengthProblem(text, max);
}

/** Why `text` is over `max` code points; its UTF-16 length bounds that, so most texts are not counted (issue 12). */
function lengthProblem(text: string, max: number): string | undefined {
  if (text.length <= max) return undefined;
  const n = codePointLength(text);
  return n > max ? `must be at most ${max} characters (it has ${n})` : undefined;
}

/** Why an optional text (context, note, origin) is not usable; undefined when it is. */
export function optionalTextProblem(text: string, max: number): string | undefined {
  if (hasLoneSurrogate(text)) return 'must be well-formed Unicode (it holds a lone surrogate)';
  return lengthProblem(text, max);
}

/** Why a term (already trimmed) cannot be stored; undefined when it can. */
export function termProblem(term: string): string | undefined {
  if (hasLoneSurrogate(term)) return 'must be well-formed Unicode (it holds a lone surrogate)';
  if (term === '') return 'must not be blank';
  const n = codePointLength(term);
  if (n > MAX_TERM_LENGTH) return `must be at most ${MAX_TERM_LENGTH} characters (it has ${n})`;
  if (/[\r\n\t]/.test(term)) return 'must be one line (no tabs or line breaks)';
  if (!LETTER_OR_DIGIT.test(term)) return 'must contain a letter or a digit';
  return undefined;
}

/** The rules a list of inline codes on `text` breaks, with paths under `path`. */
export function codeProblems(codes: readonly InlineCode[] | undefined, text: string, path: string): FieldError[] {
  if (codes === undefined) return [];
  if (codes.length > MAX_CODES) return [{ path, message: `must hold at most ${MAX_CODES} codes` }];
  const length = codePointLength(text);
  const out: FieldError[] = [];
  codes.forEach((c, i) => {
    const at = `${path}/${i}`;
    if (typeof c.id !== 'string' || c.id === '') out.push({ path: `${at}/id`, message: 'must not be empty' });
    else if (codePointLength(c.id) > MAX_CODE_ID_LENGTH) out.push({ path: `${at}/id`, message: `must be at most ${MAX_CODE_ID_LENGTH} characters` });
    if (!INLINE_CODE_TYPES.includes(c.type)) out.push({ path: `${at}/type`, message: `must be one of ${INLINE_CODE_TYPES.join(', ')}` });
    if (!Number.isInteger(c.offset) || c.offset < 0 || c.offset > length) out.push({ path: `${at}/offset`, message: `must be an integer from 0 to ${length}` });
    if (c.data !== undefined && codePointLength(c.data) > MAX_CODE_DATA_LENGTH) out.push({ path: `${at}/data`, message: `must be at most ${MAX_CODE_DATA_LENGTH} characters` });
  });
  return out;
}

/** The context's sides. */
const CONTEXT_SIDES = ['previous', 'next'] as const;
/** The origin's fields and their limits. */
const ORIGIN_LIMITS = [['document', MAX_ORIGIN_LENGTH], ['title', MAX_ORIGIN_LENGTH], ['date', MAX_ORIGIN_DATE_LENGTH]] as const;

/** Every limit a unit breaks, each with the path of its field under `prefix` (`/units/3`). */
export function unitProblems(u: NewUnit, prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  const check = (path: string, problem: string | undefined) => {
    if (problem) out.push({ path: `${prefix}${path}`, message: problem });
  };
  check('/source', segmentProblem(u.source, MAX_SOURCE_LENGTH));
  check('/target', segmentProblem(u.target, MAX_TARGET_LENGTH));
  if (u.context) {
    for (const side of CONTEXT_SIDES) {
      const text = u.context[side];
      if (text !== undefined) check(`/context/${side}`, optionalTextProblem(text, MAX_CONTEXT_LENGTH));
    }
  }
  if (typeof u.note === 'string') check('/note', optionalTextProblem(u.note, MAX_NOTE_LENGTH));
  if (u.origin) {
    for (const [field, max] of ORIGIN_LIMITS) {
      const text = u.origin[field];
      if (text !== undefined) check(`/origin/${field}`, optionalTextProblem(text, max));
    }
  }
  if (u.sourceCodes) out.push(...codeProblems(u.sourceCodes, u.source, `${prefix}/sourceCodes`));
  if (u.targetCodes) out.push(...codeProblems(u.targetCodes, u.target, `${prefix}/targetCodes`));
  return out;
}

/** True when a stored unit's texts are within the source and target limits (what the index holds). */
export function unitWithinLimits(u: { source: string; target: string }): boolean {
  const within = (text: string, max: number) => text.length <= max || codePointLength(text) <= max;
  return within(u.source, MAX_SOURCE_LENGTH) && within(u.target, MAX_TARGET_LENGTH);
}

/** A skip reason for the first problem: `target must be at most 30000 characters (it has 30001)`. */
export function skipReason(problems: readonly FieldError[]): string {
  const [first] = problems as [FieldError];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return `${first.path.replace(/^\//, '')} ${first.message}${more}`;
}
