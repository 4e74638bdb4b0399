/**
 * Validation of TM requests shared by HTTP and CLI (issue 3, "Bad input"): an empty source, a
 * source over 10,000 characters, an invalid language tag, a threshold or limit out of range, a
 * batch over its limit - each a ValidationError naming the field, as `/units/3/source` or
 * `/segments/0/source`. The limits of a unit are those of domain/limits.ts, which the imports
 * check too; the HTTP contract states the same numbers; these checks are what the CLI and any
 * other caller get.
 */
import { type FieldError, ValidationError } from '../../domain/errors.js';
import type { InlineCode } from '../../domain/inline.js';
import { MAX_SOURCE_LENGTH, codeProblems, segmentProblem, unitProblems } from '../../domain/limits.js';
import type { LanguageTag } from '../../domain/text/language-tag.js';
import type { NewUnit } from '../../domain/tm/unit.js';
import { requirePair } from '../languages.js';

/** Most units in one write. */
export const MAX_UNITS_PER_WRITE = 10_000;
/** Most segments in one batch lookup. */
export const MAX_BATCH_SEGMENTS = 1_000;
/** Minimum score returned when none is asked for (Trados' default). */
export const DEFAULT_THRESHOLD = 70;
/** Matches returned when no limit is asked for (Trados' default). */
export const DEFAULT_LIMIT = 5;
/** Most matches per segment. */
export const MAX_LIMIT = 50;

/** A unit as a caller sends it: the shape of a stored unit's input, language tags not yet canonical. */
export type UnitInput = NewUnit;

function fail(path: string, message: string): never {
  throw new ValidationError(`${path.slice(1)}: ${message}`, [{ path, message }]);
}

/** Throws one ValidationError for `errors` (the first in the message), if there are any. */
export function throwProblems(errors: readonly FieldError[]): void {
  const [first] = errors;
  if (!first) return;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  throw new ValidationError(`${first.path.slice(1)}: ${first.message}${more}`, [...errors]);
}

/** Reports a language-tag error under `prefix` (e.g. `/units/3`). */
export function pairAt(prefix: string, sourceLang: string, targetLang: string): { source: LanguageTag; target: LanguageTag } {
  try {
    return requirePair(sourceLang, targetLang);
  } catch (err) {
    if (!(err instanceof ValidationError) || !prefix) throw err;
    throw new ValidationError(`${prefix.slice(1)}${err.message.startsWith('sourceLang and') ? ': ' : '/'}${err.message}`,
      err.errors.map((e) => ({ ...e, path: `${prefix}${e.path}` })));
  }
}

/** A segment text (visible, well-formed, at most `max` code points). */
export function requireText(path: string, text: string, max: number): string {
  const problem = segmentProblem(text, max);
  if (problem) fail(path, problem);
  return text;
}

/** A lookup segment: its text and inline codes (offsets within the text). */
export function requireSegment(path: string, source: string, codes: InlineCode[] | undefined): void {
  requireText(`${path}/source`, source, MAX_SOURCE_LENGTH);
  throwProblems(codeProblems(codes, source, path === '' ? '/codes' : `${path}/codes`));
}

/** Units that meet every limit of domain/limits.ts (exchange imports are checked here too). */
export function requireUnitLimits(units: readonly NewUnit[], prefix = '/units'): void {
  units.forEach((u, i) => throwProblems(unitProblems(u, `${prefix}/${i}`)));
}

/** A validated unit with canonical language tags; `prefix` locates it in the request. */
export function toNewUnit(input: UnitInput, prefix = ''): NewUnit {
  const { source, target } = pairAt(prefix, input.sourceLang, input.targetLang);
  throwProblems(unitProblems(input, prefix));
  const unit: NewUnit = { sourceLang: source.tag, targetLang: target.tag, source: input.source, target: input.target };
  if (input.context) unit.context = input.context;
  if (input.origin) unit.origin = input.origin;
  if (input.note !== undefined) unit.note = input.note;
  if (input.sourceCodes?.length) unit.sourceCodes = input.sourceCodes;
  if (input.targetCodes?.length) unit.targetCodes = input.targetCodes;
  return unit;
}

/** Validated units of a write (1 to {@link MAX_UNITS_PER_WRITE}). */
export function toNewUnits(inputs: UnitInput[]): NewUnit[] {
  if (inputs.length === 0) fail('/units', 'must contain at least one unit');
  if (inputs.length > MAX_UNITS_PER_WRITE) fail('/units', `must contain at most ${MAX_UNITS_PER_WRITE} units`);
  return inputs.map((u, i) => toNewUnit(u, `/units/${i}`));
}

/** A threshold (0-100, default 70) and limit (1-50, default 5). */
export function scoreOptions(threshold: number | undefined, limit: number | undefined): { threshold: number; limit: number } {
  const t = threshold ?? DEFAULT_THRESHOLD;
  const l = limit ?? DEFAULT_LIMIT;
  if (!Number.isFinite(t) || t < 0 || t > 100) fail('/threshold', 'must be a number from 0 to 100');
  if (!Number.isInteger(l) || l < 1 || l > MAX_LIMIT) fail('/limit', `must be an integer from 1 to ${MAX_LIMIT}`);
  return { threshold: t, limit: l };
}
