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
 *
 * Where it does not pay (issue 12, the threshold-70 lookups at 1M): the slowest searches are long
 * segments among hundreds of variants of their own sentence, whose units pass the bag filter
 * 78-96% of the time (2,511 units tested, 2,402 passed, for a 169-character edit), so the filter
 * was 24% of those searches' CPU and saved little Levenshtein. {@link BagFilter.screens} judges
 * it over windows of {@link WINDOW} tests and lets units through untested while a window rejects
 * fewer than a quarter, still testing one in {@link SAMPLE_EVERY} to notice when rejections pick
 * up (a search sweeps the lengths nearest the query's first, where the near copies are). At
 * threshold 50 the joins' windows are full of units the filter rejects, and it stays on.
 */

/** Shared scratch (searches run one at a time): the query's count per symbol, and a unit's uses of them. */
let want = new Uint16Array(0);
let used = new Uint16Array(0);

/** Tests over which the filter judges whether it pays for itself. */
const WINDOW = 64;
/** Below this many rejections in a window, the tests cost more than the Levenshtein they save (see the header). */
const MIN_REJECTIONS = 16;
/** While the filter is skipped, one unit in this many is still tested, to notice when rejections pick up. */
const SAMPLE_EVERY = 8;

/** A query's symbol multiset, for testing units against the bag-distance bound. */
export class BagFilter {
  private readonly length: number;
  private tested = 0;
  private rejected = 0;
  private skipping = false;
  private passed = 0;

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

  /**
   * {@link admits} where it pays: true without a test while the last window of tests rejected
   * fewer than {@link MIN_REJECTIONS} units (near copies, which Levenshtein settles anyway),
   * except for one unit in {@link SAMPLE_EVERY}. Lossless either way: a unit let through is
   * verified by Levenshtein.
   */
  screens(text: Uint32Array, from: number, to: number, k: number): boolean {
    if (this.skipping && (++this.passed & (SAMPLE_EVERY - 1)) !== 0) return true;
    const ok = this.admits(text, from, to, k);
    if (!ok) this.rejected++;
    if (++this.tested === WINDOW) {
      this.skipping = this.rejected < MIN_REJECTIONS;
      this.tested = 0;
      this.rejected = 0;
    }
    return ok;
  }

  /** Clears the shared scratch; call once the search is done with this filter. */
  release(): void {
    for (let i = 0; i < this.query.length; i++) want[this.query[i] as number] = 0;
  }
}
