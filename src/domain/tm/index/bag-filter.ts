/**
 * The bag-distance filter in front of the Levenshtein verification (issue 12, "Verification
 * cost"): a lower bound of the edit distance that costs one pass over the unit's symbols and
 * usually stops well before its end.
 *
 * Bag distance (Bartolini, Ciaccia, Patella 2002): an edit changes at most one symbol occurrence
 * of each side, so two strings within `k` edits share at least `max(|q|, |u|) - k` symbol
 * occurrences as multisets. Units that fail it are rejected without running Myers; the bound
 * never exceeds the distance, so nothing that scores at or above the bar is lost.
 *
 * Why here, measured (100k units, the 2,000-segment mixed document, threshold 50): the
 * bigram count filter needs only 1 or 2 shared bigram occurrences at a bar of 50 (an edit
 * destroys two bigrams), so a new sentence of 25 characters sent some 31,000
 * units a lookup to verification, 2 of which passed, and Levenshtein was 65% of the analysis's
 * CPU. Characters are destroyed one per edit, so at a bar of 50 a unit must share half of the
 * longer side's characters: an unrelated sentence rarely does, and the pass stops as soon as the
 * symbols left cannot make up the shortfall (or, accepted, as soon as enough are shared).
 */

/** Shared scratch (searches run one at a time): the query's count per symbol, and a unit's uses of them. */
let want = new Uint16Array(0);
let used = new Uint16Array(0);

/** A query's symbol multiset, for testing units against the bag-distance bound. */
export class BagFilter {
  private readonly length: number;

  /**
   * @param query the query's symbols (dense ids below `alphabet`)
   * @param alphabet one more than the largest symbol of the query or of any unit tested
   */
  constructor(private readonly query: ArrayLike<number>, alphabet: number) {
    this.length = query.length;
    if (want.length < alphabet) {
      want = new Uint16Array(Math.max(alphabet, want.length * 2));
      used = new Uint16Array(want.length);
    }
    for (let i = 0; i < query.length; i++) want[query[i] as number]!++;
  }

  /**
   * False when `text[from, to)` is certainly more than `k` edits from the query (bag distance
   * above `k`); true when it may be within `k`.
   */
  admits(text: Uint32Array, from: number, to: number, k: number): boolean {
    const need = Math.max(this.length, to - from) - k;
    if (need <= 0) return true;
    const w = want;
    const u = used;
    let shared = 0;
    let ok = false;
    let i = from;
    while (i < to) {
      const s = text[i++] as number;
      const n = u[s] as number;
      if (n < (w[s] as number)) {
        u[s] = n + 1;
        if (++shared >= need) {
          ok = true;
          break;
        }
      } else if (shared + (to - i) < need) break;
    }
    for (let j = from; j < i; j++) u[text[j] as number] = 0;
    return ok;
  }

  /** Clears the shared scratch; call once the search is done with this filter. */
  release(): void {
    for (let i = 0; i < this.query.length; i++) want[this.query[i] as number] = 0;
  }
}
