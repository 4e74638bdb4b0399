/**
 * Fuzzy retrieval over the index (issue 3, "The index"; issue 12; domain notes, "Lossless
 * pruning"). It returns every unit whose base score can put it in the top `limit` at or above
 * the threshold, which the matcher then scores and ranks; the result equals a brute-force scan's.
 *
 * Filters, each exact for the bar `b` (base scores are whole percents, see score.ts), for a query
 * of L symbols and a unit of c, allowing k(c) = floor(max(L, c) (100 - b) / 100) edits:
 * - length window: c in [L - k(L), floor(100 L / b)];
 * - the signature bound on characters (signatures.ts): with S the hash buckets of its characters
 *   a unit shares with the query, |Q| and |U| the buckets of each, a unit within k edits has
 *   S >= |Q| - k + max(0, c - L) and S >= |U| - k + max(0, L - c). For the sorted slots S is
 *   counted 32 slots at a time from bit-sliced planes (signature-planes.ts, swept by
 *   plane-sweep.ts), one length run at a time; slots written since the last seal (the tail)
 *   test a per-slot signature;
 * - the bag distance over the unit's symbols (bag-filter.ts);
 * - verification by bit-parallel Levenshtein with a cutoff of k(c).
 * Lengths are swept nearest L first, since their units can score highest: the bar rises with
 * the units accepted (once `limit` are in hand, a unit must reach the lowest of their bases minus
 * the penalty cap, because penalties may still reorder them: final >= base - cap, see score.ts),
 * and the window and k(c) shrink with it.
 *
 * Why a sweep and no bigram count, measured (bench/search-probe.ts, in process, CPU; the issue's
 * corpus, its 2,000-segment mixed document and its 500-query lookup mix): the search used to
 * count shared padded bigrams over posting lists (ScanCount with prefix filtering, the count
 * bound T(c) = max(L, c) + 1 - 2k(c) and probes of the unscanned lists), with a first pass at 70
 * below 70 and a per-slot signature sweep of the window after it. At 1M units the analysis
 * (threshold 50, limit 1) was 28.3 s: the sweep's per-slot signature test 40% and its loop 21%
 * (32 bytes and a length read for each of ~600,000 slots in the window of a new sentence or a
 * join), the counting pass at 70 26%, Levenshtein under 2%. The planes read |Q| words of 4 bytes
 * per 32 slots, and a plane sweep of the window at 70 costs less than counting bigrams did, so
 * the one sweep at the requested threshold replaced both passes (the same candidates: the
 * probe's digests of every candidate list are equal before and after). Before -> after, load
 * 3-9 on the shared 2 cores (the same code varies some 10% from run to run at that load):
 * - 1M units: analysis 28.3 -> 8.2-8.8 s (joins of two units 20.2 -> 9.9 ms each, new sentences
 *   19.7 -> 2.7, near-copies 5.4 -> 0.8); lookups at 70, limit 5, 5.6 -> 1.6 ms a search on
 *   average (p50 1.1 ms, p95 5.2); the export's searches (limit 3) 34.9 -> 14.6 s and lookups at
 *   50 15.8 -> 4.9 ms, both measured before the last two changes below;
 * - 100k units: analysis 3.5 -> 1.3 s, export 3.9 -> 1.6 s, lookups at 70 0.66 -> 0.21 ms, at
 *   50 1.64 -> 0.47 ms.
 * What is left at 1M is the joins: their window is most of the memory, and the units made of
 * the same clauses pass the signature (14,500 a join at 1M, 605 of which reach Levenshtein), so
 * the bag filter's first read of each unit's symbols was a quarter of the sweep's profile. The
 * survivors of a length run are collected first and their first symbols read in one loop
 * ({@link survivors}), so the processor overlaps those cache misses: analysis 10.7 -> 9.7 s at
 * 1M (alternating runs in one process, load 7-9).
 *
 * The threshold-70 lookups at 1M (issue 12, CPU profile of bench/lookup-probe.ts, the 500 lookups
 * twice, load 7.7): the planes' sweep 30% of the lookups, Levenshtein 18%, this sweep's own loop
 * 10%, scoring 15%; the planes built by the first searches another 28% (the probe does not build
 * them ahead as the server does). Per search, the slowest are long segments: 80-170 characters,
 * 2,000-7,000 units through the planes and 2,000-4,000 Levenshtein verifications each (the
 * 256-bucket signature is weak for units that long), 8-13 ms. Candidates carry the index's copy of
 * their unit's updatedAt, which the service ranks ties on without reading rows (tm-search.ts).
 *
 * Those long segments, the next round (issue 12; the 25 slowest of the 500 searches at 1M, each
 * stage timed with {@link SearchStats.clock}, `PROBE_SLOWEST=25 node dist/bench/search-probe.js
 * 1000000`, and their CPU profile, load 4-6): the per-unit checks after the planes were 60-90% of
 * each (Levenshtein 37% of their CPU, the bag filter 24%, the planes' sweep 30%). Most of their
 * units are variants of the query's own sentence within a few edits: the bag filter passed 78-96%
 * of them, and Levenshtein computed every block of every column at a bound of a few edits. Now
 * the bag filter steps aside while it rejects little (bag-filter.ts) and Levenshtein over three
 * or more blocks computes only the band of the bound (banded-myers.ts). The 500 searches, old and
 * new alternating in one process, each query's fastest of three (CPU, load 4.2-5.7): p95 4.34-4.45
 * -> 3.67-4.12 ms, p99 8.1-8.4 -> 6.1-7.3, all 500 663-673 -> 601-636 ms; the slowest: 169
 * characters 10.6 -> 6.1 ms, 154: 8.4 -> 4.2, 96: 9.5 -> 6.7, an exact copy of 81: 7.6 -> 5.0;
 * the same candidates (digest). At threshold 50 (the analysis and export at 100k) no change
 * beyond the noise, with the same digests.
 *
 * The threshold-70 lookups at 100k, the seventh round (issue 12; the 500 searches of
 * bench/search-probe.ts under `--cpu-prof`, `PROBE_REPEAT=40`, load 10-12): the planes' sweep
 * 52% of the search's CPU, Levenshtein 15%, the bag filter and the acceptance 11%, this sweep's
 * per-slot loop 7.5%, the query's preparation (its key, symbols, plane order and patterns) some
 * 11%. By kind, each search's fastest of eight (CPU): edited copies 0.27 ms, exact copies 0.19,
 * unrelated sentences 0.17. The unrelated ones are not cheap: nothing raises their bar, so they
 * sweep the whole window at 70 (808 words of 32 slots a search, 18.8 planes read a word). The
 * order of lengths is not what is left: a search given its final bar as the threshold from the
 * start sweeps the same words as the search does (861 a search for edited copies, 584 for exact
 * ones, 808 for unrelated: the nearest lengths raise the bar before the wide ones are reached),
 * so an exact-copy shortcut (it raises the bar only once `limit` units are in hand) would not
 * shrink the window further. What was cut is the cost of a word (plane-sweep.ts, counting
 * misses) and some allocations a search (the query's plane order, the survivors' visitor, the
 * length steps). Old and new alternating in one process, each search's fastest of eight or ten
 * (CPU, load 8-14; the same candidates, digests c428563f at 70 and de142578 at 50): at 100k,
 * lookups at 70 0.227 -> 0.171 ms after the sweep and 0.184 -> 0.182 after the allocations (edited
 * 0.265 -> 0.199, exact 0.185 -> 0.150, unrelated 0.167 -> 0.115), at 50 0.460 -> 0.435; at 1M,
 * lookups at 70 1.61 -> 1.28 ms (unrelated 1.62 -> 1.11; digest 64450338). After, at 100k: the
 * sweep 41% of the search, Levenshtein 22%, the bag filter and acceptance 15%. At 1M the sweep
 * is still half of the lookups' CPU (its planes, 32 MB, are read from memory: replayed with the
 * caches flushed between searches the 100k sweeps cost twice as much), and the slowest searches
 * are long segments whose checks after the planes read thousands of units' symbols (119
 * characters: 6,747 units through the planes, 2,613 distances, 21 candidates).
 * Tried and left out: skipping the bag filter for patterns of one or two blocks at a bar of 70 or
 * more (1-3% at 100k, within the noise at that load); {@link survivors}' touch reading the first,
 * middle and last symbol of each unit instead of the first (100k: no change; 1M: 1.32 -> 1.50 ms,
 * load 16); lending one dense mask table to every search's pattern instead of allocating it (3-15 us a
 * pattern alone at 100k, whose alphabet is 824 symbols; with the allocation cuts above it gave
 * the same 1%, so the shared class keeps its own tables).
 *
 * The exchange's searches at threshold 50 (issue 12, seventh round; {@link SweepOptions}). A
 * server profile of the 1M analysis and export (load 9) was 92% this search: the bag filter's
 * reads in `confirm` 41%, the planes' sweep 38%. Two changes, for the exchange only:
 * - The analysis quotes bands, not scores, so with `bands` the bar rises to the next band edge
 *   once the best base found settles a band (its base minus the penalty cap reaches an edge):
 *   a join whose best unit scores 60 is in the 50-74 band whatever else scores 50-74, and only
 *   a unit reaching 75 can change that (without bands the bar after that unit is 55: its
 *   base minus the penalty cap).
 * - A join's best units are its clauses' units, well below its length, which a sweep nearest
 *   first reaches last (at 100k, 38% of a join's window was swept before the first unit of
 *   base 55 or more); `shorterFirst` sweeps every length at and below the query's first.
 * In process (`search-probe`'s document, the 2,000 searches at 1M, CPU; before and after in
 * one process, alternating, two rounds, load 11-12): the analysis (limit 1) 10.6, 10.1 -> 5.9,
 * 6.3 s (slots through the planes 534M -> 443M, units through the signature 10.4M -> 6.5M,
 * Levenshtein 695k -> 272k); the export (limit 3, shorter first only, the same candidates)
 * 11.3, 17.5 -> 11.2, 11.8 s (units through the signature 12.8M -> 10.9M, slots 668M -> 681M).
 * By kind at 1M (one round, load 9-11): joins with a best of 55-74 6.0 -> 2.8 s, of 75 or more
 * 1.6 -> 0.7, new sentences with no match 1.8 -> 1.5; the bands alone, nearest first, left
 * those joins at 3.8 s and the analysis at 7.8. Tried and dropped: seeding the bar from searches of the query's clauses at 70
 * (their units score about half of a join: they seldom settle a band, and the clause searches
 * cost more than they saved at 100k); a first pass at 75 and a second at 50 only for segments
 * it leaves without a match (the same total at 1M, 6.7 s: the second pass sweeps again what the
 * first swept, and most new sentences need both).
 *
 * The long segments at 1M, the eighth round (issue 12; the 500 threshold-70 lookups, each search's
 * fastest of three, CPU, and throwaway traces of every distance computed; load 5-11). By query
 * length (load 5.3): under 40 characters 0.38 ms a search, p95 0.97; 40-79 1.19 / 2.89; 80-119
 * 3.10 / 6.89; 120+ 2.13 / 6.58. The slowest 10% (86 characters on average) sweep 154,000 slots,
 * pass 2,670 through the planes, compute 1,990 distances, return 830 candidates; the 80+ ones'
 * CPU is Levenshtein 51%, the sweep 27%, the bag filter 13%. Most distances are needed: their bar
 * stays at 70, and 33,277 of 71,484 are candidates. Of the rest 17,454 end within 5 edits over
 * the bound, 20,753 further, each as dear as a candidate. Exact bounds measured on those: the
 * bigram count rejects 185 of the 38,207 (the units hold the query's clauses in other orders,
 * which keep their bigrams; bigram planes, 32 MB, would not help either); a positional bound
 * (a unit symbol with no equal on the band's diagonals) 59% of the far ones and 12% of the near,
 * but at half a Levenshtein column a symbol on every unit: at best even, not built. Changed:
 * Levenshtein skips the common prefix and suffix (levenshtein.ts) and the sweep takes a survivor's
 * shared buckets from its miss counter (plane-sweep.ts). Old and new alternating at 1M (load
 * 5.3, digest 64450338): all 500 474 -> 458 ms; 80-119 characters 3.10 -> 2.83 ms, p95 6.89 ->
 * 6.70, p99 8.72 -> 8.02; 120+ 2.13 -> 2.00. At 100k (fastest of five, load 5.5, digests c428563f
 * at 70, de142578 at 50): 46 -> 44 ms at 70, 113 -> 108 at 50. Dropped: the banded kernel's first
 * block leaving on its bottom score less a popcount of pv instead of less 31 (1M: 469 -> 475 ms).
 *
 * The search's optimised code after an import (issue 12, eighth round). A server that had just
 * imported 1M units once ran this search's optimised code 24-26% slower than after a restart
 * (README): V8 had optimised the two sweeps early, inlining only the planes' visitor and this
 * sweep's closures, and kept that code. What V8 inlines here differs from run to run
 * (`--trace-turbo-inlining`, 100k, the same build: after the import `admits`, `need` and `slack`
 * in the final code, after the restart `touch` and `barNow` instead), so the hot loops no longer
 * lean on it: the planes' sweep writes its survivors into the caller's arrays
 * ({@link PlaneSurvivors}) instead of calling a visitor, the search's state is a class
 * (sweep-state.ts) instead of closures made per search, and a survivor of the planes is not
 * tested again by `admits` (three calls) unless the edits allowed at its length fell during its
 * run (the sweep already applied the same slack, and `need` depends only on the length and the
 * edits); the Levenshtein
 * kernels no longer deoptimise on a prefix of 31 symbols (levenshtein.ts). Main-thread CPU a
 * lookup by round (run-lookups, threshold 70, 4 rounds at 100k and 3 at 1M; old and new
 * alternating; every run is both states):
 * - 100k, after the import: old 1.62 1.32 1.08 0.92 and 1.48 1.22 1.12 1.32 ms, new 1.40 1.10
 *   1.14 0.90 and 1.38 1.10 1.10 1.06; after a restart: old 1.60 1.22 1.36 1.50 and 1.40 1.06
 *   1.06 1.04, new 1.32 1.10 1.04 0.96 and 1.24 1.06 1.00 0.94 (load 4.8-6.8);
 * - 1M, after the import: old 2.66 2.42 2.42 (load 3.3) and 2.94 2.54 2.34 (4.9), new 2.78 2.60
 *   2.38 and 2.98 2.80 3.16 (load 7.1-7.6); after a restart: old 3.30 2.48 2.46 (load 6.0-7.0)
 *   and 3.12 3.66 3.60 (5.2), new 3.84 3.66 2.66 and 2.72 2.96 2.70 (load 6.3-6.8; the second
 *   without the Levenshtein change before the restart, with it after).
 * Neither old run showed the after-import gap (the import's server was the cheaper one), and at
 * 1M the noise of that load is larger than any difference between old and new. In process
 * (search-probe, 100k, the first 500 searches after the build, CPU, old and new alternating,
 * five pairs, load 3.3-7.2, the same digests c428563f and de142578): at
 * 70 old 254-292 ms (mean 280), new 220-295 (255); at 50 old 182-210 (193), new 172-189 (180).
 * Still history-dependent: the planes' counters deoptimise once for each counter width the
 * warm-up did not meet (`levels`, plane-sweep.ts); a ripple through all nine counters would
 * remove the branches at some 20 more operations per four planes, not tried (the ninth round
 * primes them instead, below).
 *
 * The first round after an import (issue 12, ninth round; 100k, threshold 70, load 8-12 from
 * four engineers' work). Which lookups are the 25 slowest: per query through HTTP (run-lookups,
 * six rounds after an import and a restart) the rounds' p95 were 3.0-19.8 ms, and each round's 25
 * slowest shared only 2-4 queries with the 25 slowest by each query's fastest of the six (whose
 * p95 is 1.68 ms): round 1's were 17 edited copies, 4 exact and 4 unrelated, 14 of them under 40
 * characters, with nothing in common but their turn. What is slow in every round (fastest 1.7-4.8
 * ms) is edited copies of 80-165 characters and edited copies in families of 120-210 candidates
 * (each query's fastest HTTP time against the service's CPU in process: correlation 0.97); their
 * service CPU is 0.9-3.9 ms, the search 0.2-1.1 of it (Levenshtein half, the planes' sweep a
 * quarter), the scoring and rows the rest. In process, the first 500 searches after the build
 * (after 50 warm-up ones) cost twice each search's best of ten later (88-140 ms against 45-57),
 * and `--trace-deopt` in the server showed why in part: in round 1, after the import and after
 * the restart alike, the planes' sweep deoptimised on query 91 (a 123-character edited copy,
 * the first to need 6-bit counters: no type feedback for `c5 & carry`) and this sweep on query
 * 107 (165 characters; `sortedFrom`'s branch for a length past the longest unit's, never taken
 * before). Query 91 then cost 1.1-9.2 ms of CPU (V8 compiling again included) and the next ones
 * 1.1 ms each until the sweep was optimised again, against 0.11-0.17 ms. Changed: the first
 * search primes the planes' sweep at every counter width and through the survivors' paths
 * (sweep-priming.ts, 30 sweeps of one word once a process), and `sortedFrom` clamps without a
 * branch; the server's round 1 then has no deoptimisation of either sweep (what is left there is
 * the matcher's sparse Levenshtein, `multi`, once). In process, old and new alternating, four
 * pairs (load 8.2-8.8), the first round's 500 searches: 121, 120, 151, 112 -> 86, 100, 69, 85 ms
 * (p95 0.82, 0.52, 0.97, 0.54 -> 0.46, 0.45, 0.38, 0.45 ms), queries 91-93 1.1-9.2 -> 0.11-0.17
 * ms each; search-probe's first measured round at 1M (500 searches, load 6.2-8.2) 768, 619 ->
 * 569, 604 ms; the same digests (100k: c428563f at 70, de142578 at 50, e7825812 the analysis, d44cbed7 the
 * export; 1M: 64450338 at 70).
 *
 * The threshold-70 tail at 1M (issue 12, tenth round; run-lookups.js with BENCH_EACH, the server
 * under gc-observer.ts, six runs of 2-3 rounds after an import and after a restart, load 5-9).
 * Pauses are not the tail: a round of 500 had 4-10 scavenges, most of 1-6 ms (a few of 10-48 ms
 * under load), and no full or incremental collection; 0-4 of a round's 25 slowest requests
 * overlapped one. Round 1 cost 0.1-0.3 ms more of main thread a lookup than the next round (once
 * 0.4 less) and 0.5-0.9 ms more of other threads (V8's compiles). The after-import server's later
 * rounds were 20-50% dearer than the restart's in two of six runs, cheaper in two and even in two:
 * the load, not the import. Unlike at 100k, the slow queries are mostly the same ones: each
 * round's 25 slowest shared 9-21 with the 25 slowest by each query's fastest round, whose p95 was
 * 6.1 ms (load 5-7). They are edited copies of 40-170 characters whose service CPU is 5-12 ms:
 * this search (2,000-5,200 distances each) or, for families of 900-1,800 candidates, the scoring
 * and rows (3-7 ms). Their 5th base is 72-83, so the bar ends at 70-78, and where it rises it
 * rises within the first lengths swept: no order of verification raises it sooner. 28-99% of their
 * distances end over a bound of 18-35 edits, 5-56% of those within 5 of it (a throwaway trace of
 * eight of them), where the cheaper exact bounds earlier rounds measured reject few. Profile of
 * the 500 searches at 1M (six rounds, load 4-7): the planes' sweep 0.77 ms a search, Levenshtein
 * 0.35, this sweep's loop 0.14. Tried and left out: at such bounds Ukkonen's band covers most of
 * three blocks, so middles of 65-96 rows took three blocks unrolled in locals, as two blocks are,
 * instead of the banded kernel. Replayed alone (the 71,746 distances of 65-96 rows the 500
 * searches compute, CPU, fastest of five, load 4-5) 239 -> 204 ms; four blocks unrolled gave
 * nothing (50 -> 50 ms). In the search it was some 3%: the 500 searches at 1M, old and new
 * alternating (search-probe, the same digest 64450338), 661, 808, 742 -> 600, 604, 695 ms at load
 * 7-8.7, but 535, 541, 494 -> 533, 560, 500 ms at load 3, where the 30 queries of 65-96 characters
 * with 1,500+ distances went 3.87 -> 3.74 ms and the p95 3.39 -> 3.46: not worth a second path
 * beside the banded kernel.
 *
 * A bar from final scores (issue 12, eleventh round; bench/bar-probe.ts): had the search known
 * the limit-th final score from the start (a unit of lower base cannot enter), the 500 searches
 * at 1M would cost 34% less CPU, the 25 slowest too. Getting there exactly means reading and
 * scoring rows between passes; a lookup in rings of lengths nearest first got 18-24% of the long
 * queries' search at 1M but cost more rows than it saved at 100k, and was left out (the probe's
 * header has the numbers).
 */
import { MyersPattern } from '../scoring/levenshtein.js';
import { BagFilter } from './bag-filter.js';
import { PlaneSurvivors, SlotPlanes } from './plane-sweep.js';
import { SignatureFilter } from './signatures.js';
import { primeSweep } from './sweep-priming.js';
import type { NgramIndex, Partition } from './ngram-index.js';
import { type Filters, SweepState, TopBases } from './sweep-state.js';

/** A unit that may belong in the result, with its base score and the index's copy of its updatedAt (ms; NaN: unknown). */
export interface FuzzyCandidate {
  unitId: number;
  base: number;
  updatedAt: number;
}

/** Work done by one search (for the benchmarks). */
export interface SearchStats {
  /** Slots that met the signature bound in the planes (both sides), or were tested one by one (tail). */
  verified: number;
  /** Units that passed the whole signature bound and met the bag filter. */
  signed: number;
  /** Units that passed the bag filter and got a Levenshtein distance. */
  distances: number;
  /** Sorted slots in the length runs swept through the planes. */
  swept?: number;
  /**
   * When given (probes only), the search times its stages with it (ms): the planes' sweep of
   * each length run, and the per-unit checks after it (bag filter and Levenshtein).
   */
  clock?: () => number;
  /** Time in the planes' sweeps (with `clock`). */
  planesMs?: number;
  /** Time in the per-unit checks of the sorted slots (with `clock`). */
  checksMs?: number;
  /** Time in Levenshtein, part of the checks (with `clock`). */
  distanceMs?: number;
}

/**
 * How a search sweeps for a caller that wants less than the best `limit` in full (the document
 * analysis and the XLIFF export, see the module header).
 */
export interface SweepOptions {
  /**
   * Ascending score edges of bands (limit 1 only): only the band of the best unit is kept exact.
   * Once the best base found settles a band (its lowest final score reaches an edge), the bar
   * rises to the next edge, since a unit below it cannot lift the best into a higher band; the
   * units that settled it are returned too. The best of the units returned then scores in the
   * band of the partition's best unit, not always as high.
   */
  bands?: readonly number[];
  /**
   * Sweeps the lengths at and below the query's, nearest first, before the longer ones. The
   * candidates are the same in any order; a segment that joins or extends stored units finds
   * its best units among the shorter lengths, so the bar rises before the rest are swept.
   */
  shorterFirst?: boolean;
}

/** First slot of the partition's sorted range with source length >= c. */
export function sortedFrom(p: Partition, c: number): number {
  const ls = p.lengthStart;
  // One expression, no branch: a branch that the first searches never took (a length past the
  // longest unit's) deoptimised the sweep in the first round of lookups (see the module header).
  return ls[Math.max(0, Math.min(c, ls.length - 1))] as number;
}

/** The slots of a length run that met the planes' bound, with their shared buckets (scratch: searches run one at a time). */
const survivors = new PlaneSurvivors();
/** Sink of {@link touch}'s reads, so that they are not optimised away. */
const touched = { value: 0 };

/**
 * Reads the first symbol of each of the `n` survivors before any is tested: the loads are
 * independent, so the processor overlaps their cache misses, which the bag filter would
 * otherwise wait for one unit at a time (measured in the module header).
 */
function touch(ix: NgramIndex, n: number): void {
  const arena = ix.arena.data;
  const slots = survivors.slots;
  let sink = 0;
  for (let i = 0; i < n; i++) {
    const slot = slots[i] as number;
    sink ^= (arena[ix.sourceStart[slot] as number] as number) ^ (ix.alive[slot] as number);
  }
  touched.value = sink;
}

/** Finds the candidates for a query key (matching-key symbols) in partition `part`. */
export function searchFuzzy(ix: NgramIndex, part: number, key: Int32Array, threshold: number, limit: number, stats?: SearchStats, options: SweepOptions = {}): FuzzyCandidate[] {
  const p = ix.partitions[part] as Partition;
  primeSweep(ix);
  // The index's dense ids; a symbol it has never seen gets one past them (one per distinct symbol).
  let unknown: Map<number, number> | undefined;
  const q = new Int32Array(key.length);
  for (let i = 0; i < key.length; i++) {
    const s = key[i] as number;
    let id = ix.sourceSymbols.get(s);
    if (id === undefined) {
      unknown ??= new Map();
      id = unknown.get(s);
      if (id === undefined) unknown.set(s, (id = ix.sourceSymbols.size + unknown.size));
    }
    q[i] = id;
  }
  const alphabet = ix.sourceSymbols.size + (unknown?.size ?? 0);
  const bag = new BagFilter(q, alphabet);
  try {
    const filters = { pattern: new MyersPattern(q, alphabet), bag, planes: new SlotPlanes(ix, q), signature: new SignatureFilter(ix, q) };
    return sweep(ix, p, q, filters, threshold, new TopBases(limit, limit === 1 ? options.bands : undefined), options.shorterFirst === true, stats);
  } finally {
    bag.release();
  }
}

/**
 * Every unit of the length window meets the filters (see the module header): the sorted slots
 * through the signature planes a length at a time, lengths nearest the query's first (their
 * units can score highest, so the bar rises early), then the tail one by one.
 */
function sweep(ix: NgramIndex, p: Partition, q: Int32Array, filters: Filters, threshold: number, top: TopBases, shorterFirst: boolean,
  stats?: SearchStats): FuzzyCandidate[] {
  const L = q.length;
  const { planes, signature } = filters;
  const lengths = ix.sourceLength;
  const alive = ix.alive;
  const s = new SweepState(ix, p, L, filters, threshold, top, stats);
  const [lo, hi] = [s.wmin, s.wmax];
  // Nearest the query's length first (L - d, then L + d), or with `shorterFirst` every length at
  // and below it first, one a step (the window only shrinks as the bar rises, so a length outside
  // it when its turn comes stays out).
  const steps = shorterFirst ? L - lo + Math.max(0, hi - L) + 1 : Math.max(L - lo, hi - L) + 1;
  for (let d = 0; d < steps; d++) {
    if (s.wmax < s.wmin) break; // the bar rose past every length (a memory's penalty can take it over 100)
    if (!shorterFirst && L - d < s.wmin && L + d > s.wmax) break; // the window shrank past both ends
    const first = !shorterFirst ? L - d : d <= L - lo ? L - d : L + d - (L - lo);
    const last = shorterFirst ? first : L + d;
    for (let c = first; c <= last; c += first === last ? 1 : 2 * d) {
      if (c < s.wmin || c > s.wmax) continue;
      const k = s.edits[c - s.wmin] as number;
      const need = planes.need(c, k);
      const t0 = stats?.clock?.() ?? 0;
      const n = planes.sweep(sortedFrom(p, c), sortedFrom(p, c + 1), need, planes.slack(c, k), survivors);
      touch(ix, n);
      const t1 = stats?.clock?.() ?? 0;
      for (let i = 0; i < n; i++) {
        const slot = survivors.slots[i] as number;
        if (c < s.wmin || c > s.wmax || !alive[slot]) continue;
        const kNow = s.edits[c - s.wmin] as number;
        if (stats) stats.verified++;
        // The planes applied the bound for `k` (but `need` not past 511 misses); a risen bar tightens both sides.
        const shared = survivors.shared[i] as number;
        if (kNow === k ? shared >= need : planes.admits(slot, c, shared, kNow)) s.confirm(slot, c, kNow);
      }
      if (stats) {
        stats.swept = (stats.swept ?? 0) + sortedFrom(p, c + 1) - sortedFrom(p, c);
        if (stats.clock) {
          stats.planesMs = (stats.planesMs ?? 0) + t1 - t0;
          stats.checksMs = (stats.checksMs ?? 0) + stats.clock() - t1;
        }
      }
    }
  }
  for (let i = 0; i < p.tail.length; i++) {
    const slot = p.tail.data[i] as number;
    const c = lengths[slot] as number;
    if (c < s.wmin || c > s.wmax || !alive[slot]) continue;
    const k = s.edits[c - s.wmin] as number;
    if (stats) stats.verified++;
    if (signature.admits(slot, c, k)) s.confirm(slot, c, k);
  }
  return s.result();
}
