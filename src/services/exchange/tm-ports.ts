/**
 * The TM engine behind the exchange's ports (exchange-ports.ts): proposals for XLIFF export and
 * document analysis come from TM lookups, and units the exchange imports go through the TM
 * service, so that the n-gram index learns them (a bulk TMX import when it commits).
 *
 * The proposals' searches (issue 12, seventh round) sweep the lengths at and below a segment's
 * first: a document's segments join and extend stored units, whose best matches are shorter,
 * so a limit-1 search's bar rises sooner; the candidates, so the proposals, are the same. The
 * analysis asks for the band of each best match only (`bands`), and the index then stops
 * looking below the next band edge once the best band is settled (ngram-search.ts, with the
 * measurements: at 1M the analysis's searches 7.8 s with bands alone, 6.8 with the shorter
 * lengths first). For the export's limit 3 the order made no measurable difference (11.2-11.8
 * s against 11.3-17.5 in process at load 11-12); it is kept there as it costs nothing.
 */
import { LOWEST_FUZZY_BAND } from '../../domain/analysis/bands.js';
import type { TmMatch } from '../../domain/tm/scoring/matcher.js';
import type { StagedTexts, TmBulkWriter } from '../../store/types.js';
import type { MatchProvider, MatchQuery, Proposal, TmSink } from './exchange-ports.js';
import type { TmService } from '../tm/tm.js';
import { MAX_SOURCE_LENGTH } from '../../domain/limits.js';
import { codePointLength } from '../../domain/text/normalize.js';
import { MAX_BATCH_SEGMENTS, MAX_LIMIT } from '../tm/tm-input.js';

/**
 * Lowest score proposed: the lowest band the analysis quotes (50-74), so that no segment is
 * quoted as "no match" when the TM has a 50-69 match for it. Lookups this low scan more of the
 * index than the API's default of 70 (see the README's benchmark).
 */
export const PROPOSAL_THRESHOLD = LOWEST_FUZZY_BAND;

/** Okapi's match-type names, as the XLIFF writers expect them. */
const MATCH_TYPES: Record<TmMatch['matchType'], string> = { context: 'in-context', exact: 'exact', fuzzy: 'fuzzy' };

function proposal(m: TmMatch): Proposal {
  const p: Proposal = {
    score: m.score,
    matchType: MATCH_TYPES[m.matchType],
    source: { text: m.unit.source, codes: m.unit.sourceCodes ?? [] },
    target: { text: m.target, codes: m.targetCodes ?? [] },
  };
  const { document, title, date } = m.unit.origin;
  const origin = [title ?? document, date].filter((x) => x !== undefined).join(', ');
  if (origin) p.origin = origin;
  return p;
}

/** True when a segment can be looked up (blank or oversized segments just get no proposal). */
function searchable(q: MatchQuery): boolean {
  return q.source.trim() !== '' && codePointLength(q.source) <= MAX_SOURCE_LENGTH;
}

/**
 * Proposals from TM lookups, in batches of at most 1,000 segments. The index sweeps the lengths
 * at and below each segment's first (a document's segments join and extend stored units), and
 * with `bands` settles for the band of the best: see the module header.
 */
export function tmMatches(tm: TmService, threshold = PROPOSAL_THRESHOLD): MatchProvider {
  return {
    async proposals(segments, sourceLang, targetLang, limit, memories, options = {}) {
      const out: Proposal[][] = segments.map(() => []);
      const todo = segments.map((s, i) => [s, i] as const).filter(([s]) => searchable(s));
      for (let i = 0; i < todo.length; i += MAX_BATCH_SEGMENTS) {
        const chunk = todo.slice(i, i + MAX_BATCH_SEGMENTS);
        const results = await tm.lookupBatch({
          sourceLang, targetLang, threshold: Math.max(threshold, options.threshold ?? threshold), limit: Math.min(Math.max(1, limit), MAX_LIMIT), memories,
          // Bands settle the best match only: with a longer list the band of the best says nothing of the others.
          sweep: { shorterFirst: true, ...(options.bands && limit === 1 ? { bands: options.bands } : {}) },
          segments: chunk.map(([s]) => ({
            source: s.source,
            ...(s.previous !== undefined || s.next !== undefined ? { context: { previous: s.previous, next: s.next } } : {}),
            ...(s.sourceCodes ? { codes: s.sourceCodes } : {}),
          })),
        });
        chunk.forEach(([, at], j) => { out[at] = (results[j] ?? []).map(proposal); });
      }
      return out;
    },
  };
}

/**
 * Units from the exchange into the TM and its index; bulk writes are learned when they commit.
 * Every unit meets the limits of domain/limits.ts: the exchange skips those that do not first,
 * and `addUnits` checks again (the TM service's writes do). A bulk stage takes the caller's check
 * ({@link TmSink.beginBulk}): checking each unit a second time there, with a path built for every
 * unit, was 5% of the main thread's parse of a 1M-unit TMX import (issue 12).
 */
export function tmSink(tm: TmService, bulk: TmBulkWriter): TmSink {
  return {
    async addUnits(memory, units, actor) {
      if (units.length === 0) return { created: 0, updated: 0 };
      const r = await tm.importUnits(memory, units, actor);
      return { created: r.created, updated: r.updated };
    },
    async beginBulk(memory, actor) {
      const write = await bulk.beginBulkWrite(memory, actor);
      const port = write.stagePort?.bind(write);
      // Staged from another thread: the index folds the pages as they come (staged-fold.ts).
      const staged = port ? tm.stagedFold(memory) : undefined;
      return {
        stage: (units, refs) => write.stage(units, refs),
        preview: () => write.preview(),
        abort: async () => {
          await staged?.abort();
          await write.abort();
        },
        commit: () => tm.commitBulk(write, staged),
        ...(port ? { stagePort: port } : {}),
        ...(staged ? { fold: (page: StagedTexts, share: number) => staged.feed(page, share) } : {}),
      };
    },
  };
}
