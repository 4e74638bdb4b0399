/**
 * Fuzzy retrieval over the n-gram index (issue 3, "The index"; domain notes, "Lossless pruning").
 * It returns every unit whose base score can put it in the top `limit` at or above the threshold,
 * which the matcher then scores and ranks; the result equals a brute-force scan's.
 *
 * Filters, each exact for the bar `b` (base scores are whole percents, see score.ts), for a query
 * of L symbols and a unit of c, allowing k(c) = floor(max(L, c) (100 - b) / 100) edits:
 * - length window: c in [L - k(L), floor(100 L / b)];
 * - count filter on padded bigrams, as a multiset: an edit destroys at most 2 of the L + 1
 *   bigram occurrences of the query and 2 of the c + 1 of the unit, so a unit within k edits
 *   shares at least T(c) = max(L, c) + 1 - 2k(c) occurrences. Counting occurrences rather than
 *   distinct bigrams, and from the longer side, matters: at 1M units the distinct, query-side
 *   bound let long candidates through on a single shared clause (7 of 41 grams instead of 24);
 * - prefix filter: such a unit shares at least one of any L + 2 - T(c) occurrences, so for units
 *   of length c only the rarest grams holding that many are scanned (ScanCount, scan-count.ts,
 *   reading only the slices of the lists that hold those lengths);
 * - a unit whose count falls short of T(c) is checked in the unscanned, common lists by binary
 *   search, rarest first, until it either reaches T(c) or cannot;
 * - two lower bounds of the distance on characters rather than bigrams (an edit destroys two
 *   bigrams but only one character): a 256-bit signature of the unit's characters (signatures.ts,
 *   32 bytes read instead of the unit's symbols), then the bag distance over its symbols
 *   (bag-filter.ts), each rejecting a unit only when it must be more than k(c) edits away;
 * - verification by bit-parallel Levenshtein with a cutoff of k(c).
 * Profiled at 100k units (the mixed document at 50, limit 1; CPU per lookup): a new
 * sentence of 25 characters counted 37,000 units and verified 31,000 of them, 2 of which
 * passed; Levenshtein was 65% of the analysis. With the two filters 237 units a lookup reach the
 * bag pass and 18 Levenshtein: 12.8 -> 4.8 ms for new sentences, 8.2 -> 3.5 ms for joins of two
 * units (82 characters); what is left is counting (scan-count.ts) and the per-unit loop below.
 * Below a bar of {@link LOW_STAGE_BAR} the count filter fades (at 50, T(c) is 1 or 2: a unit
 * sharing any bigram is a candidate) and counting cost more than it saved: a new sentence at 50
 * counted 37,000 of 100,000 units, with 89,000 postings read and the counted units verified in
 * count order. There the search sweeps the length window instead: every unit, in slot order,
 * meets the signature (32 bytes read in address order), and the few that pass it the bag and
 * Levenshtein. Measured at 100k units (CPU a lookup, threshold 50): new sentences 4.6 -> 3.2
 * ms, unrelated queries of the lookup mix 4.7 -> 2.9 ms, edited ones 1.8 -> 2.1 ms; and the
 * sweep grows with the window, not with how common the query's bigrams are. Its loop takes the
 * edits allowed per length from a table rebuilt when the bar rises, and the signature test is one
 * popcount a word (3.2 -> 2.2 ms for new sentences).
 *
 * Candidates are verified in order of descending count, so the best arrive first, and the bar
 * rises with them: once `limit` units are in hand, a unit must reach the lowest of their bases
 * minus the penalty cap, because penalties may still reorder them (final >= base - cap, see
 * score.ts). The lead's design had a staged search (a first pass at a high bar, widened only when
 * the top `limit` is not full); measured at 100k and 1M units with a first pass at 90, it costs
 * more than it saves (p95 +13% and +23%), because a top 5 of matches at 95 or more is rare, and
 * count-ordered verification raises the bar just as early. So thresholds of 70 and above get one
 * pass; below 70, where the count filter fades, a first pass at {@link LOW_STAGE_BAR} comes first.
 */
import { MyersPattern } from '../scoring/levenshtein.js';
import { BagFilter } from './bag-filter.js';
import { SignatureFilter } from './signatures.js';
import type { NgramIndex, Partition } from './ngram-index.js';
import { type Counted, countOf, occurrences, type QueryGram, resetCounts, scanCount, sortedFrom } from './scan-count.js';
import { baseScore, lengthWindow, lowestFinalScore, maxEdits } from '../scoring/score.js';

/**
 * Below this threshold a first pass runs at this bar: the count filter is strong at 70 and weak
 * at 50, and when the first pass fills the top `limit` (limit units at 75 or more, the analysis's
 * limit is 1) the second (a sweep of the window) is not needed. Measured at 1M units, threshold 50, limit 5: p95 301 ms in
 * one pass (see the README). At 70 and above a staged pass was slower (see the module header).
 */
export const LOW_STAGE_BAR = 70;

/** A unit that may belong in the result, with its base score. */
export interface FuzzyCandidate {
  unitId: number;
  base: number;
}

/** Work done by one search (for the benchmark). */
export interface SearchStats {
  postings: number;
  /** Units counted (seen in a scanned list). */
  touched: number;
  /** Binary searches in unscanned lists. */
  probes: number;
  verified: number;
  /** Units that passed the signature filter. */
  signed: number;
  /** Units that passed the bag filter and got a Levenshtein distance. */
  distances: number;
}

/** The `limit` best bases seen, lowest first. */
class TopBases {
  readonly bases: number[] = [];
  constructor(private readonly limit: number) {}
  offer(base: number): void {
    if (this.bases.length === this.limit && base <= (this.bases[0] as number)) return;
    let i = this.bases.findIndex((b) => b > base);
    if (i < 0) i = this.bases.length;
    this.bases.splice(i, 0, base);
    if (this.bases.length > this.limit) this.bases.shift();
  }
  /** The bar the heap imposes, or -Infinity while it is not full. */
  bar(): number {
    return this.bases.length === this.limit ? lowestFinalScore(this.bases[0] as number) : -Infinity;
  }
}

/** The query's distinct padded bigrams, rarest first. */
function queryGrams(p: Partition, q: Int32Array): QueryGram[] {
  const byCode = new Map<number, QueryGram>();
  for (let i = 0, prev = 0; i <= q.length; i++) {
    const cur = i < q.length ? (q[i] as number) : 0;
    const code = prev * 0x4000000 + cur;
    const known = byCode.get(code);
    if (known) known.mult++;
    else {
      const g = p.source.find(prev, cur);
      byCode.set(code, { list: g < 0 ? undefined : p.source.posting(g), mult: 1 });
    }
    prev = cur;
  }
  return [...byCode.values()].sort((a, b) => (a.list?.length ?? 0) - (b.list?.length ?? 0));
}

/** Slots accepted by the current search (stamped with its epoch, so no reset is needed). */
let accepted = new Int32Array(0);
let epoch = 0;

/** Finds the candidates for a query key (matching-key symbols) in partition `part`. */
export function searchFuzzy(ix: NgramIndex, part: number, key: Int32Array, threshold: number, limit: number, stats?: SearchStats): FuzzyCandidate[] {
  const p = ix.partitions[part] as Partition;
  if (accepted.length < ix.slotCount) {
    const next = new Int32Array(Math.max(ix.slotCount, accepted.length * 2, 1024));
    next.set(accepted);
    accepted = next;
  }
  epoch++;
  const unknown = new Map<number, number>();
  const q = Int32Array.from(key, (s) => ix.sourceSymbols.get(s) ?? (unknown.get(s) ?? unknown.set(s, ix.sourceSymbols.size + unknown.size).get(s) as number));
  const alphabet = ix.sourceSymbols.size + unknown.size;
  const pattern = new MyersPattern(q, alphabet);
  const bag = new BagFilter(q, alphabet);
  try {
    return search(ix, p, q, pattern, { bag, signature: new SignatureFilter(ix, q) }, threshold, limit, stats);
  } finally {
    bag.release();
  }
}

/** The filters a unit passes before its distance is computed, cheapest first. */
interface Filters {
  signature: SignatureFilter;
  bag: BagFilter;
}

function search(ix: NgramIndex, p: Partition, q: Int32Array, pattern: MyersPattern, { bag, signature }: Filters, threshold: number, limit: number, stats?: SearchStats): FuzzyCandidate[] {
  const L = q.length;
  const grams = queryGrams(p, q);
  const E = L + 1;
  // cum[r]: query bigram occurrences in the r rarest distinct grams.
  const cum = new Int32Array(grams.length + 1);
  grams.forEach((g, r) => { cum[r + 1] = (cum[r] as number) + g.mult; });
  const top = new TopBases(limit);
  const found: FuzzyCandidate[] = [];
  const floor = Math.ceil(threshold);
  const barNow = () => Math.max(floor, top.bar());
  const lengths = ix.sourceLength;
  /** Shared occurrences a unit of length c needs at `bar` (see the module header). */
  const required = (c: number, bar: number) => Math.max(L, c) + 1 - 2 * maxEdits(Math.max(L, c), bar);

  /** Bag filter and Levenshtein for a unit that passed the signature at `k` edits; accepts it when it reaches `bar`. */
  const confirm = (slot: number, len: number, k: number, bar: number): void => {
    const start = ix.sourceStart[slot] as number;
    if (stats) stats.signed++;
    if (!bag.admits(ix.arena.data, start, start + len, k)) return;
    if (stats) stats.distances++;
    const d = pattern.distance(ix.arena.data, start, start + len, k);
    if (d > k || baseScore(d, L, len) < bar) return;
    accepted[slot] = epoch;
    found.push({ unitId: ix.unitIds[slot] as number, base: baseScore(d, L, len) });
    top.offer(baseScore(d, L, len));
  };
  const verify = (slot: number, bar: number): void => {
    if (!ix.alive[slot] || accepted[slot] === epoch) return;
    const len = lengths[slot] as number;
    const k = maxEdits(Math.max(L, len), bar);
    if (stats) stats.verified++;
    if (signature.admits(slot, len, k)) confirm(slot, len, k, bar);
  };

  let longest = p.lengthStart.length - 2;
  for (let i = 0; i < p.tail.length; i++) longest = Math.max(longest, lengths[p.tail.data[i] as number] as number);

  /** One counting pass at `stageBar` >= {@link LOW_STAGE_BAR} (or the top-`limit` bar, if higher), where T(c) > 0 at every length. */
  const pass = (stageBar: number): void => {
    // The plan: the length window, and per length the occurrences needed and the grams to scan.
    const bar = Math.max(stageBar, top.bar());
    const [cmin, cmax] = lengthWindow(L, bar);
    const hi = Math.min(cmax, longest);
    if (hi < cmin) return;
    const need = new Int32Array(hi - cmin + 1);
    const prefix = new Int32Array(hi - cmin + 1);
    for (let c = cmin; c <= hi; c++) {
      const t = required(c, bar);
      need[c - cmin] = t;
      let r = 0;
      while (r < grams.length && (cum[r] as number) < E - t + 1) r++;
      prefix[c - cmin] = t > 0 ? r : 0;
    }

    const counted: Counted = scanCount(ix, p, grams, { cmin, hi, need, prefix });
    if (stats) {
      stats.postings += counted.postings;
      stats.touched += counted.n;
    }
    // Every counted unit may still be short by what its unscanned grams hold.
    let maxRest = 0;
    for (let c = cmin; c <= hi; c++) if ((need[c - cmin] as number) > 0) maxRest = Math.max(maxRest, E - (cum[counted.scannedFor(c)] as number));
    let now = bar;
    let [wmin, wmax] = [cmin, hi];
    let tMin = need.reduce((m, t) => Math.min(m, t), Infinity);
    for (let i = 0; i < counted.n; i++) {
      const slot = counted.order[i] as number;
      let c = countOf(slot);
      if (barNow() > now) {
        now = barNow();
        const w = lengthWindow(L, now);
        [wmin, wmax] = [Math.max(cmin, w[0]), Math.min(hi, w[1])];
        tMin = Infinity;
        for (let len = wmin; len <= wmax; len++) tMin = Math.min(tMin, required(len, now));
      }
      if (c + maxRest < tMin) break; // counts only fall from here on
      const len = lengths[slot] as number;
      if (len < wmin || len > wmax) continue;
      const t = required(len, now);
      for (let g = counted.scannedFor(len); c < t && c + E - (cum[g] as number) >= t; g++) {
        const { list, mult } = grams[g] as QueryGram;
        if (stats) stats.probes++;
        if (list) c += Math.min(mult, occurrences(list, slot));
      }
      if (c >= t) verify(slot, now);
    }
    resetCounts(counted);
  };

  /** A pass below {@link LOW_STAGE_BAR}: every unit of the window, in slot order, meets the filters (see the module header). */
  const sweep = (stageBar: number): void => {
    // The window and the edits allowed per length, for the bar in force (it rises as units are accepted).
    let now = -1;
    let wmin = 0;
    let wmax = -1;
    let edits = new Int32Array(0);
    const rebar = (bar: number) => {
      now = bar;
      [wmin, wmax] = lengthWindow(L, bar);
      wmax = Math.min(wmax, longest);
      edits = new Int32Array(Math.max(0, wmax - wmin + 1));
      for (let c = wmin; c <= wmax; c++) edits[c - wmin] = maxEdits(Math.max(L, c), bar);
    };
    rebar(Math.max(stageBar, top.bar()));
    const alive = ix.alive;
    const visit = (slot: number) => {
      const len = lengths[slot] as number;
      if (len < wmin || len > wmax || !alive[slot] || accepted[slot] === epoch) return;
      const k = edits[len - wmin] as number;
      if (stats) stats.verified++;
      if (!signature.admits(slot, len, k)) return;
      confirm(slot, len, k, now);
      if (barNow() > now) rebar(barNow());
    };
    for (let s = sortedFrom(p, wmin), end = sortedFrom(p, wmax + 1); s < end && (lengths[s] as number) <= wmax; s++) visit(s);
    for (let i = 0; i < p.tail.length; i++) visit(p.tail.data[i] as number);
  };

  if (floor < LOW_STAGE_BAR) {
    pass(LOW_STAGE_BAR);
    if (top.bar() < LOW_STAGE_BAR) sweep(floor);
  } else {
    pass(floor);
  }
  const finalBar = barNow();
  return found.filter((x) => x.base >= finalBar);
}
