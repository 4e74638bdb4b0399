/**
 * The updatedAt the index keeps for each slot (ngram-index.ts), as a number: the ranking's
 * tie-break after the score and the memory (issue 12), compared without reading the rows.
 */

/** An ISO 8601 instant as the store writes it (`toISOString()`: fixed width, so its order as text is its order in time). */
const CANONICAL_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The last instant read, and its text: every unit of a bulk import has the same stamp. */
let lastText: string | undefined;
let lastInstant = NaN;

/**
 * `updatedAt` in ms, or NaN when absent or not in the store's own format (a unit stored by other
 * means): comparing two instants then orders them as comparing the texts does, which is what the
 * ranking does (matcher.ts `compareMatches`).
 */
export function instantOf(updatedAt: string | undefined): number {
  if (updatedAt === lastText) return lastInstant;
  const instant = updatedAt !== undefined && CANONICAL_INSTANT.test(updatedAt) ? Date.parse(updatedAt) : NaN;
  lastText = updatedAt;
  lastInstant = instant;
  return instant;
}
