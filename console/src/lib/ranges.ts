/**
 * Cuts a text into pieces at ranges given in code points, as the API counts offsets (term
 * hits, concordance highlights): JavaScript strings index UTF-16 units, so an astral
 * character (some Extension-A characters after script folding, CJK Extension B, emoji) would
 * shift every later offset if sliced by string index.
 */

/** A range of code points, end exclusive, with what it marks. */
export interface MarkedRange<T> {
  start: number;
  end: number;
  mark: T;
}

/** A piece of the text: marked by a range, or plain (`mark` undefined). */
export interface Piece<T> {
  text: string;
  mark?: T;
}

/**
 * The text cut at the ranges, in order. Ranges are taken in start order; one that overlaps an
 * earlier one is cut to begin after it; ranges outside the text are clamped.
 */
export function splitByRanges<T>(text: string, ranges: readonly MarkedRange<T>[]): Piece<T>[] {
  const points = Array.from(text);
  const pieces: Piece<T>[] = [];
  let at = 0;
  for (const r of [...ranges].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const start = Math.max(at, Math.min(r.start, points.length));
    const end = Math.min(Math.max(r.end, start), points.length);
    if (end <= start) continue;
    if (start > at) pieces.push({ text: points.slice(at, start).join('') });
    pieces.push({ text: points.slice(start, end).join(''), mark: r.mark });
    at = end;
  }
  if (at < points.length) pieces.push({ text: points.slice(at).join('') });
  return pieces;
}
