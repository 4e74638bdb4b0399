/**
 * Scoring a lookup's candidates in two stages (issue 12), for the matcher (matcher.ts). Stage one
 * costs a key and two bit-parallel distances per source: the base score and the fewest points
 * the numbers must cost (number-floor.ts), which with the inline codes and the memory give an
 * exact upper bound on the unit's final score ({@link upperBound}). Stage two, the alignment and
 * the penalties read off it, is done only for the units whose bound can still rank among the
 * best `limit` (MatchCollector), and once per source however many units share it.
 *
 * Measured (bench/lookup-probe.ts, 1M units, threshold 70, the 500 lookups of the HTTP mix):
 * see matcher.ts's MatchCollector.
 */
import { align, type AlignStep } from './alignment.js';
import { type MatchKey, matchKey } from '../match-key.js';
import type { MemoryStanding, PreparedQuery } from './matcher.js';
import { numbersOfKey, type TextNumber } from './numbers.js';
import { codeDifferences, INLINE_CODE_PENALTY, type KeyedText, MAX_TOTAL_PENALTY, type TextDifferences, textDifferences } from './penalties.js';
import { baseScore, CONTEXT_SCORE, EXACT_SCORE, maxEdits } from './score.js';
import type { UnitRecord } from '../unit.js';

/**
 * What a unit's source alone decides, shared by every unit with that source (same sentence, other
 * targets): first its distance, base score and number floor (stage one, no alignment), then,
 * only for a unit that may still enter the result, the alignment and the differences it finds.
 */
export interface SourceAssessment {
  source: string;
  key: MatchKey;
  d: number;
  base: number;
  /** The fewest points its numbers cost (number-floor.ts). */
  numberFloor: number;
  /** Stage two, filled on first use ({@link detailOf}). */
  detail?: SourceDetail;
}

/** The alignment of a source with the query and the penalties read off it. */
export interface SourceDetail {
  text: KeyedText;
  steps: AlignStep[];
  differences: TextDifferences;
  numbers: TextNumber[];
}

/** Stage one for a source: its distance, base score and number floor; undefined when it cannot reach `threshold`. */
export function assessSource(pq: PreparedQuery, source: string, threshold: number, key?: MatchKey): SourceAssessment | undefined {
  const uKey: MatchKey = key ?? matchKey(source, { mode: pq.mode, vocabulary: pq.vocabulary });
  const qKey = pq.text.key;
  const bound = maxEdits(Math.max(qKey.symbols.length, uKey.symbols.length), threshold);
  if (bound < 0) return undefined;
  const d = pq.pattern.distance(uKey.symbols, 0, uKey.symbols.length, bound);
  if (d > bound) return undefined;
  return { source, key: uKey, d, base: baseScore(d, qKey.symbols.length, uKey.symbols.length), numberFloor: pq.numberFloor.points(uKey, d) };
}

/** Stage two for a source: its alignment and the differences read off it (computed once). */
export function detailOf(pq: PreparedQuery, a: SourceAssessment): SourceDetail {
  if (a.detail) return a.detail;
  const qKey = pq.text.key;
  const text: KeyedText = { text: a.source, key: a.key };
  const steps = align(qKey.symbols, a.key.symbols, a.d);
  pq.numbers ??= numbersOfKey(qKey);
  const numbers = numbersOfKey(a.key);
  return (a.detail = { text, steps, numbers, differences: textDifferences(pq.text, text, steps, pq.numbers, numbers) });
}

/** Points for the inline codes of the query and the unit's source (none when neither has codes). */
export function codePointsOf(pq: PreparedQuery, unit: UnitRecord): number {
  const q = pq.query.codes ?? [];
  const u = unit.sourceCodes ?? [];
  return q.length === 0 && u.length === 0 ? 0 : codeDifferences(q, u) * INLINE_CODE_PENALTY;
}

/** The highest final score a unit of this base and standing can get. */
export function bestFinal(pq: PreparedQuery, base: number, standing: MemoryStanding): number {
  if (standing.penalty > 0) return Math.min(base, EXACT_SCORE) - standing.penalty;
  return base >= EXACT_SCORE ? (pq.query.context ? CONTEXT_SCORE : EXACT_SCORE) : base;
}

/**
 * Stage one's bound: the most a unit of an assessed source can score, from the penalties known
 * without aligning it (its numbers' floor, its inline codes, its memory). Any penalty makes the
 * match fuzzy, so with one the score is at most the base minus it (capped as penalties are).
 */
export function upperBound(pq: PreparedQuery, a: SourceAssessment, codePoints: number, standing: MemoryStanding): number {
  const points = Math.min(MAX_TOTAL_PENALTY, a.numberFloor + codePoints);
  if (points === 0) return bestFinal(pq, a.base, standing);
  return standing.penalty > 0 ? Math.min(a.base - points, EXACT_SCORE) - standing.penalty : a.base - points;
}
