/**
 * Match scores as CAT tools report them (domain notes, "Fuzzy matching"): 101 in context, 100
 * exact, and otherwise `100 * (1 - lev / max(|q|, |u|))` over the matching keys, per character for
 * languages written without spaces and per word for the others, rounded down to a whole percent
 * (a 97.5 is shown, and ranked, as 97: translators read bands of whole percents, and a fuzzy match
 * must never display 100).
 *
 * The index filters on this base score. Penalties only ever subtract, and their total is capped
 * (see penalties.ts), so a unit's final score is at most its base score and at least the base
 * minus the cap: filtering on the base is lossless, and {@link lowestFinalScore} tells the index
 * how far below the best bases it still has to look.
 */
import { MAX_TOTAL_PENALTY } from './penalties.js';

/** How a match was found. */
export type MatchType = 'context' | 'exact' | 'fuzzy';

/** Score of an exact match whose previous and next segments also match. */
export const CONTEXT_SCORE = 101;
/** Score of an exact match: identical keys and no penalty. */
export const EXACT_SCORE = 100;

/**
 * A score after a memory's penalty (issue 10): a penalised match is never exact or in context, so
 * its score is at most 100 minus the penalty; the penalty is not capped as text penalties are.
 */
export function withMemoryPenalty(score: number, penalty: number): number {
  return penalty > 0 ? Math.min(score, EXACT_SCORE) - penalty : score;
}

/** `floor(100 * (1 - distance / longest))` in integer arithmetic (exact, no rounding error). */
export function baseScore(distance: number, queryLength: number, unitLength: number): number {
  const longest = Math.max(queryLength, unitLength);
  if (longest === 0) return EXACT_SCORE;
  return Math.floor((100 * (longest - distance)) / longest);
}

/** The most edits a pair with `longest` symbols may have and still score at least `bar`. */
export function maxEdits(longest: number, bar: number): number {
  const b = Math.max(0, Math.ceil(bar));
  return b > 100 ? -1 : Math.floor((longest * (100 - b)) / 100);
}

/**
 * Unit key lengths that can score at least `bar` against a query of `length` symbols: the length
 * difference alone costs that many edits (translate-toolkit's length window, made exact).
 */
export function lengthWindow(length: number, bar: number): [number, number] {
  const b = Math.max(0, Math.ceil(bar));
  const min = length - maxEdits(length, b);
  const max = b === 0 ? Number.MAX_SAFE_INTEGER : Math.floor((100 * length) / b);
  return [Math.max(0, min), max];
}

/** The lowest final score a unit with this base score can get after penalties. */
export function lowestFinalScore(base: number): number {
  return base - MAX_TOTAL_PENALTY;
}
