/**
 * Lookups and concordance over the index's seeker and the store: the read half of the TM
 * service. Retrieval is the seeker's (lossless, see ngram-search.ts), scoring the domain
 * matcher's; the store serves the few units a lookup presents.
 *
 * Several memories (issue 10): they are searched in priority order, one partition each, into one
 * collector. A later memory loses ties and carries its penalty, so once the collector holds
 * `limit` matches it is searched only for units that can still beat the `limit`-th score
 * (`MatchCollector.floorFor`); a lookup over twenty memories therefore does not cost twenty
 * lookups. Within a memory, candidates are fetched from the store in chunks that double, best base
 * score first, until no later one can change the result (`MatchCollector.take`).
 *
 * Where a lookup's time goes (issue 12; 500 lookups of the HTTP benchmark's mix at 100k units,
 * threshold 70, in process, load 5-9 from other work, before the signature planes): p50 0.72 ms, of
 * which the index search 0.39, reading the rows 0.06, term recognition 0.04, scoring and the rest
 * 0.23. The tail is half noise and half the query: the same 500 lookups run three times give a p95
 * of 4.5 ms in one run and 2.4 ms taking each query's fastest run (collection pauses and the other
 * processes on two cores); what stays slow is the search of some edited segments (5-10 ms, the
 * count pass) and the scoring of long segments with hundreds of candidates of equal base score (a
 * 107-character segment whose 205 variants all have base 93 and differ in numbers: every one is
 * aligned, its numbers substituted, 35-40 ms before the alignment fix, see alignment.ts; its rows
 * are read in chunks that double). A batch is these lookups one after another (1,000 document
 * segments at 100k: search 57%, scoring 21%, rows 9%, terms 4-7%); it shares the memory and
 * glossary resolution, and nothing else worth sharing.
 *
 * The tail at 1M units, threshold 70 (issue 12, after the signature planes; bench/lookup-probe.ts,
 * the 500 lookups of the HTTP mix in process, each stage timed): the slowest 5% were not the
 * search but the scoring. The memory holds each seed sentence in hundreds of variants of other
 * families, so the search hands back 1,000-1,800 candidates within the penalty cap of the best,
 * and 250-500 of them share the base score equal to the `limit`-th final score (base 97 or 72, in
 * exact copies and unrelated sentences as much as in edited ones): nothing settled the chunk
 * loop, and every one was aligned and scored, 15-80 ms a lookup. The collector now skips a unit
 * that cannot outrank the `limit`-th match at the best score its base allows (ties decided by
 * the row, see MatchCollector): CPU per lookup, the same 500 three times, load 3.5-3.9, p95
 * 11.9 / 17.3 / 9.9 -> 8.9 / 7.1 / 6.9 ms, mean 2.9 / 3.6 / 2.5 -> 2.2 / 1.9 / 1.9, max 62-102 ->
 * 23-30 ms, scavenges inside a lookup's p95 3-3.7 ms -> 0; the same matches (the probe's digest).
 * Through HTTP (one 1M data directory, the server before and after alternating, two runs each,
 * load 1.1-1.6): p50 3.9 / 3.3 -> 2.7 / 2.9 ms, p95 16.7 / 14.0 -> 9.5 / 10.7, p99 33 / 31 -> 20,
 * server CPU 6.5 / 5.8 -> 4.5 / 4.7 ms a lookup; p95 of exact copies 17.0 / 12.1 -> 8.9 / 9.4.
 * What is left of the tail is the search of long segments (80-170 characters, 10-20 ms: the
 * planes' sweep and Levenshtein over 600-1,700 units within the cap) and, through HTTP, the rows
 * of the tied units, still read for their tie-break (up to 504 rows).
 *
 * Those rows (issue 12, next round): reading 504 rows by id from SQLite costs 6.6-12.4 ms (200k
 * units, random ids, load 5.3-5.5; only `id, updated_at` 3.4-5.4 ms), so the tie-break now reads
 * the index's copy of updatedAt (ngram-index.ts): candidates are taken in the ranking's order
 * (base, updatedAt, id) and the first that cannot enter ends the loop before its row is read
 * (`MatchCollector.take`). The 500 lookups at 1M, in process: rows read 13,827 -> 5,770 in all,
 * p95 198 -> 14 a lookup, max 504 -> 337, the same matches (the probe's digest). What is still
 * read is candidates whose base is above the limit-th score, which only their penalties (read
 * off the row) can decide; those that cannot enter even with every number substituted are no
 * longer substituted (matcher.ts).
 *
 * The first chunk (issue 12, sixth round): it was max(8, limit + 1) rows, read before any was
 * scored, so at 100k units the 500 lookups of the HTTP mix read 2,876 rows and answered 1,683
 * (limit 5, in process, bench/lookup-probe.ts). Reading `limit` first, and more only while a
 * candidate can still enter: 2,284 rows in 497 reads (459 before), the same answers. A read of
 * k random rows of the 100k SQLite store cost some 5 µs plus 9-15 µs a row (load 8).
 *
 * The eighth round (issue 12; the whole lookup service as the route calls it, bench/service-probe.ts
 * on a run-lookups data directory, and the server's profile under run-lookups.js): of a steady
 * lookup request's 1.87 ms of server CPU at 100k (threshold 70), the service was 0.84 ms: the
 * search 0.32, scoring 0.19, the rows 0.14, term recognition 0.08, the memory list 0.05, preparing
 * the query 0.03. Changed: the memory ids are kept (memories.ts), the rows read as value arrays
 * (sqlite-tm.ts: a read of 5 rows 45-59 -> 27-48 µs), and the candidates sorted only as far as
 * they are read (candidate-order.ts: at 1M the sort of 1,000-1,800 candidates was 3.5% of this
 * function's CPU, 1.3% after). Both trees in one process, each of the 500 lookups run by one then
 * the other (load 7.4-8.3): CPU a lookup at 100k, threshold 70, rounds 4-6 0.580 / 0.601 / 0.612
 * -> 0.570 / 0.544 / 0.574 ms and, in a second run, 0.522 / 0.493 / 0.477 -> 0.497 / 0.500 /
 * 0.436; threshold 50 rounds 2-4 0.740 / 0.751 / 0.687 -> 0.672 / 0.718 / 0.648; at 1M,
 * threshold 70, rounds 2-4 1.718 / 1.687 / 1.727 -> 1.616 / 1.582 / 1.647 ms; the batch of 1,000
 * at 1M, rounds 3-8 of eight, 1,236-1,935 (mean 1,512) -> 1,246-1,378 ms (mean 1,326). Every
 * answer the same (the probe's digests of the presented answers at 100k, thresholds 70 and 50,
 * the batches, and 1M). Measured and left: units aligned but dropped by the limit are some 5%
 * of those aligned (1,948 aligned for some 1,850 matches answered in 550 lookups), so scoring
 * fewer of them has nothing to gain; the alignment's common prefix cannot be cut without changing
 * some diffs (the traceback pairs a repeated character otherwise).
 *
 * The ninth round (issue 12; bench/service-probe.ts CPU profiles at 100k, threshold 70, on a
 * run-lookups data directory, load 9-12 from other work, so the parts' shares count more than
 * their milliseconds): a warm lookup's service was the search 0.19 ms, scoring 0.12 (the
 * alignment 0.033-0.045, the candidates' keys 0.019, the number substitution 0.014-0.018, the
 * differences 0.011-0.016, the numbers' floor 0.008-0.012), the rows 0.06-0.09, terms
 * 0.036-0.05, the query 0.02 (a fresh vocabulary's table 0.005-0.009 of it), the diffs of the
 * answered matches 0.015; the first run after the warm-up (PROBE_PROFILE_FIRST=1, whose profile
 * then ran on into the warm runs, so the first run alone costs more) costs 2-3x that in every part, terms 0.17-0.26 ms (each code point met for the first time is folded
 * through NFKC and OpenCC once, term-keys.ts). Changed: the alignment fills only the diagonals a
 * path of cost d can cross and keeps its traceback table (alignment.ts: 0.033-0.045 -> 0.016 ms
 * a lookup), a query's vocabulary allocates no table until it numbers a token (vocabulary.ts:
 * 0.005-0.009 -> 0.0002 ms). Both trees' services in one process, each query run by the old then
 * the new or the other way round (the old tree paired with itself: within 0.4%), load 6-11: 100k
 * threshold 70, five rounds, -4.4 / -7.1 / -8.2 / -1.7 / 0.0% CPU a lookup (0.74 -> 0.71 ms in the
 * first round, 0.47-0.53 -> 0.47-0.52 after); threshold 50 (with the earlier vocabulary)
 * +6.0 / -6.2 / -1.1 / -5.7%; 1M threshold 70 -1.0 / -2.1 / -2.3 and -4.9 / -4.7 / -0.1%, the
 * batch's 1,000 segments one by one -0.4 / -2.9 / -1.6 / -1.1%, threshold 50 -3.2 / -2.3 / -2.0%.
 * The same answers, query for query, and the same digests: 48c3cce7 (threshold 70), d35eb915
 * (50), at 1M fe4837fb and the batch 8366eacc. Measured and left: reading the rows with
 * `id IN (?, ...)` instead of json_each (5 random rows of the 100k store, 31-36 against 33-34 µs: the pages cost, not the statement;
 * `id, updated_at` alone 16-18 µs); a cache of recognised terms by text (the HTTP mix repeats 16
 * of its 500 queries, the batch 11 of its 1,000); recognition costs about 0.5 µs a code point
 * warm (0.006 ms under 20 code points, 0.012 for 20-40, 0.022 for 40-80, 0.04-0.07 above); the
 * three key arrays of a candidate in one buffer (match-key.ts, 2.8-3.4 -> 2.5-2.6 µs a key,
 * some 0.002 ms a lookup, in a module the index shares).
 *
 * The tenth round (issue 12; bench/service-probe.ts with PROBE_EACH at 1M, threshold 70, on a
 * run-lookups data directory, five processes of three runs, load 1.2-5.2, digest e6c13c69 in
 * every one): the 25 slowest by each query's fastest run cost 6.6-9.5 ms of CPU, the search
 * 70-73% of it (4.8-6.7 ms), the rows 7.7-8.6% (0.55-0.82 ms, 85 rows in 3.6 reads, 6.5-9.8 µs a
 * row), the scoring and the rest 17-20%, terms 1%; in the first run 13.4-16.7 ms, the search 6.8-8.9,
 * the rows 1.5-1.9 (18-24 µs a row, V8's compiles counted in), the scoring and the rest 3.9-4.9,
 * terms 0.1-1.0. Reads are not the cost (sqlite-tm.ts: SQLite's caches and mmap measured and
 * left). Where the big families' time goes (a profile of nine of them, 68-338 rows each, 29 warm
 * runs, load 2.2-2.7; 2,072 ms in all): the search 44% (Levenshtein 30%, the planes' sweep 15%),
 * the collector's `add` 32% (`assessSource` 17%, of which the candidates' keys 14%; the bound
 * queue 8%, nearly all the number floor it counts; the alignment and penalties 5%), the rows 19% (SQLite's own work
 * nearly all of it), the candidates' order 3%, terms 1%. Deferring the scoring's stage one to
 * the bound queue's head was then tried and left out: 96% of the units read reach the head anyway
 * (matcher.ts, MatchCollector's header).
 *
 * Partitions whose keys are in another mode than the query's (issue 12, tenth round's review): a
 * partition keys its sources by character or by word after the first unit indexed in it, and its
 * primary subtag holds both zh (by character) and zh-Latn (by word). A zh-Latn query in a memory
 * whose zh units came first was searched with its key folded by character, whose bases do not
 * bound its scores by word: `aaaaaaaaaaaaaaaaaaaa b` against `cccccccccccccccccccc b` is 50 by
 * word, 9 by character, and a lookup at 50 missed it where a scan found it. Such a lookup now
 * scores every unit of that partition (lookupOne; tests/services/tm/mixed-modes.test.ts), and a
 * partition's mode is now its primary language's (partitions.ts), not its first unit's, which a
 * running node and a rebuilt one could see differently (concordance answered differently).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ValidationError } from '../../domain/errors.js';
import type { InlineCode } from '../../domain/inline.js';
import type { LanguageTag } from '../../domain/text/language-tag.js';
import { canonicalizeLanguageTag } from '../../domain/text/language-tag.js';
import { type ConcordanceSide, concordanceHighlights, type Highlight } from '../../domain/tm/concordance.js';
import type { SweepOptions } from '../../domain/tm/index/ngram-search.js';
import { primaryMode } from '../../domain/tm/index/partitions.js';
import type { TmSeeker } from '../../domain/tm/index/seeker.js';
import { CandidateOrder } from '../../domain/tm/scoring/candidate-order.js';
import { MatchCollector, prepareQuery, type TmMatch } from '../../domain/tm/scoring/matcher.js';
import { EXACT_SCORE } from '../../domain/tm/scoring/score.js';
import type { UnitContext, UnitRecord } from '../../domain/tm/unit.js';
import type { TmReader } from '../../store/types.js';
import { requireTag } from '../languages.js';
import type { ReadMemory } from './memories.js';
import { MAX_BATCH_SEGMENTS, pairAt, requireSegment, requireText, scoreOptions } from './tm-input.js';

/** Units read at a time when a lookup scores every unit of a partition (its modes differ: lookupOne). */
const SCAN_CHUNK = 1_000;

/** Longest concordance query (code points). */
export const MAX_CONCORDANCE_QUERY = 1_000;
/** Concordance hits returned when no limit is asked for. */
export const DEFAULT_CONCORDANCE_LIMIT = 20;
/** Most concordance hits returned at once (`total` still counts all). */
export const MAX_CONCORDANCE_LIMIT = 100;

/** One segment to look up. */
export interface LookupSegment {
  source: string;
  context?: UnitContext;
  codes?: InlineCode[];
}

/** What every lookup names: the pair, the memories to read (resolved, in priority order), threshold and limit. */
export interface LookupScope {
  sourceLang: string;
  targetLang: string;
  memories: readonly ReadMemory[];
  threshold?: number;
  limit?: number;
}

/** A lookup of one segment. */
export type LookupRequest = LookupScope & LookupSegment;

/** A batch lookup: many segments in one language pair. */
export interface BatchLookupRequest extends LookupScope {
  segments: LookupSegment[];
  /**
   * How the index sweeps for the exchange (ngram-search.ts {@link SweepOptions}): with `bands`
   * (final-score edges, limit 1) each answer's score is in the band of the best match, which
   * may be another unit scoring higher in that band (the document analysis quotes bands only).
   */
  sweep?: SweepOptions;
}

/** A concordance search over some memories. */
export interface ConcordanceRequest {
  q: string;
  memories: readonly string[];
  sourceLang?: string;
  targetLang?: string;
  side?: ConcordanceSide;
  limit?: number;
}

/** Concordance hits: the total, and the first `limit` units (by id) with highlights on the searched side. */
export interface ConcordanceResult {
  total: number;
  hits: { unit: UnitRecord; highlights: Highlight[] }[];
}

/** The best matches for one segment in every memory of the request. */
async function lookupOne(seeker: TmSeeker, store: TmReader, seg: LookupSegment, source: LanguageTag, target: LanguageTag,
  memories: readonly ReadMemory[], threshold: number, limit: number, sweep?: SweepOptions): Promise<TmMatch[]> {
  const pq = prepareQuery({ source: seg.source, sourceLang: source, targetLang: target, ...(seg.context ? { context: seg.context } : {}), ...(seg.codes ? { codes: seg.codes } : {}) });
  const collector = new MatchCollector(pq, threshold, limit);
  for (const [rank, m] of memories.entries()) {
    const part = seeker.partition(m.id, source, target);
    if (part === undefined) continue;
    const standing = { rank, penalty: m.penalty };
    const floor = Math.max(threshold + m.penalty, collector.floorFor(standing));
    if (floor > EXACT_SCORE) continue;
    if (seeker.sourceMode(part) !== pq.mode) {
      // The partition keys its sources in its primary language's mode and this query is scored in
      // the other (a zh-Latn query, by word, in a zh partition, by character): the index's bases
      // are not the query's and bound nothing, so every unit of it is scored, as a scan would
      // (slow on a large partition, some 17 µs a unit, but exact; a query in its language's own
      // script never comes here). A turn of the event loop after each chunk lets other requests
      // through meanwhile.
      const ids = seeker.unitIds(part);
      for (let i = 0; i < ids.length; i += SCAN_CHUNK) {
        collector.add(await store.getUnits(ids.slice(i, i + SCAN_CHUNK)), standing);
        await nextTurn();
      }
      continue;
    }
    // A memory's penalty lowers every final score by the same amount (below 100), so the bands' edges rise by it for the index's bases.
    const options = sweep?.bands ? { ...sweep, bands: sweep.bands.map((edge) => edge + m.penalty) } : sweep;
    // In reading order, sorted only as far as the chunks read (candidate-order.ts).
    const candidates = new CandidateOrder(seeker.fuzzy(part, seg.source, floor, limit, undefined, options));
    // Chunks double while the candidates keep being needed: 205 variants of a long segment with
    // the same base score took 26 reads when every chunk was 8 rows. Ties at the limit-th score are decided
    // on the index's updatedAt, so their rows are not read (see the module header). The first
    // chunk is `limit` rows: a row costs more than a read (see the module header).
    for (let i = 0, size = limit, done = false; !done; size *= 2) {
      const next = collector.take(candidates.first(i + size), i, size, standing);
      if (next.chunk.length > 0) collector.add(await store.getUnits(next.chunk.map((c) => c.unitId)), standing, new Map(next.chunk.map((c) => [c.unitId, c.base])));
      ({ next: i, done } = next);
    }
  }
  return collector.results();
}

/** The best matches for each segment, in order. `prefix` locates segments in error paths (`''` for a single lookup). */
export async function lookupSegments(seeker: TmSeeker, store: TmReader, req: BatchLookupRequest, prefix = '/segments'): Promise<TmMatch[][]> {
  const { source, target } = pairAt('', req.sourceLang, req.targetLang);
  const { threshold, limit } = scoreOptions(req.threshold, req.limit);
  if (req.segments.length === 0) return [];
  if (req.segments.length > MAX_BATCH_SEGMENTS) throw new ValidationError(`segments: at most ${MAX_BATCH_SEGMENTS}`, [{ path: '/segments', message: `must contain at most ${MAX_BATCH_SEGMENTS} segments` }]);
  req.segments.forEach((s, i) => requireSegment(prefix ? `${prefix}/${i}` : '', s.source, s.codes));
  const out: TmMatch[][] = [];
  for (const seg of req.segments) out.push(await lookupOne(seeker, store, seg, source, target, req.memories, threshold, limit, req.sweep));
  return out;
}

/** Units of the request's memories whose folded source (or target) contains `q`. */
export async function concordance(seeker: TmSeeker, store: TmReader, req: ConcordanceRequest): Promise<ConcordanceResult> {
  requireText('/q', req.q, MAX_CONCORDANCE_QUERY);
  const side = req.side ?? 'source';
  const sourceLang = req.sourceLang === undefined ? undefined : requireTag('sourceLang', req.sourceLang).language;
  const targetLang = req.targetLang === undefined ? undefined : requireTag('targetLang', req.targetLang).language;
  const limit = req.limit ?? DEFAULT_CONCORDANCE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CONCORDANCE_LIMIT) {
    throw new ValidationError('limit: out of range', [{ path: '/limit', message: `must be an integer from 1 to ${MAX_CONCORDANCE_LIMIT}` }]);
  }
  const { total, ids } = seeker.concordancePage(new Set(req.memories), side, req.q, limit, sourceLang, targetLang);
  const units = await store.getUnits(ids);
  return {
    total,
    hits: units.map((unit) => {
      // In the partition's mode, as the index found it: a zh-Latn unit of a zh partition is searched by character.
      const lang = canonicalizeLanguageTag(side === 'source' ? unit.sourceLang : unit.targetLang).language;
      return { unit, highlights: concordanceHighlights(side === 'source' ? unit.source : unit.target, req.q, primaryMode(lang)) };
    }),
  };
}
