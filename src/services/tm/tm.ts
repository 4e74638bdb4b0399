/**
 * The translation memory (issue 3): units written to the store and mirrored in the n-gram index,
 * lookups, batch lookups, concordance and stats. Retrieval is the index's, scoring the domain
 * matcher's; the store holds the texts and serves the few units a lookup presents.
 *
 * The index is built from `TmReader.scanUnitTexts` on first use (`warm()`, which the server calls
 * before it listens, so the first request does not pay for it). Every write goes to the store
 * first and, once its transaction has committed, to the index, before the call returns: the next
 * lookup sees the unit. Writes are serialised, so the index applies them in commit order even over
 * a store whose calls interleave. A write made before any build was started does not start one
 * (a CLI import need not index a million units to exit): the build, whenever it comes, scans the
 * store after that commit. Units written to the store behind the service's back are picked up
 * only by a build; the exchange's writes come through {@link TmService.importUnits} and
 * {@link TmService.learnCreated}.
 */
import type { Principal } from '../../domain/auth/roles.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import type { InlineCode } from '../../domain/inline.js';
import { canonicalizeLanguageTag } from '../../domain/text/language-tag.js';
import { type ConcordanceSide, concordanceHighlights, type Highlight } from '../../domain/tm/concordance.js';
import { concordanceUnits } from '../../domain/tm/index/concordance-search.js';
import { keyModeOf, MatchCollector, prepareQuery, type PreparedQuery, type TmMatch } from '../../domain/tm/scoring/matcher.js';
import { type IndexFootprint, NgramIndex } from '../../domain/tm/index/ngram-index.js';
import { type FuzzyCandidate, searchFuzzy } from '../../domain/tm/index/ngram-search.js';
import type { NewUnit, UnitContext, UnitRecord } from '../../domain/tm/unit.js';
import type { PairCount, TmReader, TmWriter, UnitTexts, UpsertResult } from '../../store/types.js';
import { requireTag } from '../languages.js';
import { unitWithinLimits } from '../../domain/limits.js';
import {
  MAX_BATCH_SEGMENTS, pairAt, requireSegment, requireText, requireUnitLimits, scoreOptions, toNewUnit, toNewUnits, type UnitInput,
} from './tm-input.js';

/** Units read from the store per batch while the index is built. */
const BUILD_BATCH = 5_000;
/**
 * Candidates fetched from the store at a time, best base score first; most lookups are settled
 * by the first chunk (see MatchCollector).
 */
const FETCH_CHUNK = 8;
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

/** A lookup: one segment, its language pair, threshold and limit. */
export interface LookupRequest extends LookupSegment {
  sourceLang: string;
  targetLang: string;
  threshold?: number;
  limit?: number;
}

/** A batch lookup: many segments in one language pair. */
export interface BatchLookupRequest {
  sourceLang: string;
  targetLang: string;
  threshold?: number;
  limit?: number;
  segments: LookupSegment[];
}

/** A concordance search. */
export interface ConcordanceRequest {
  q: string;
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

/** TM size, overall and per language pair. */
export interface TmStats {
  units: number;
  pairs: PairCount[];
}

/** Translation units, lookups and concordance over one store and its index. */
export class TmService {
  private readonly index = new NgramIndex();
  private building: Promise<void> | undefined;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: TmReader & TmWriter) {}

  /** Builds the index from the store once; later calls wait for the same build. */
  warm(): Promise<void> {
    this.building ??= this.build().catch((err: unknown) => {
      this.building = undefined;
      throw err;
    });
    return this.building;
  }

  /**
   * Builds the index from the store. A unit over the limits (stored by an earlier release, whose
   * imports did not check them) stays stored and exportable but is not indexed: lookups and
   * concordance never return it, so their answers stay bounded.
   */
  private async build(): Promise<void> {
    for await (const batch of this.store.scanUnitTexts(BUILD_BATCH)) for (const u of batch) if (unitWithinLimits(u)) this.index.stage(u);
    this.index.seal();
  }

  /** Units in the index (after `warm`). */
  get indexedUnits(): number {
    return this.index.size;
  }

  /** What the index holds and its typed-array memory (for the benchmark and diagnostics). */
  indexFootprint(): IndexFootprint {
    return this.index.footprint();
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writes.then(fn);
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Applies committed changes to the index, if one is built or being built (see the module header). */
  private async reindex(change: (index: NgramIndex) => void): Promise<void> {
    if (this.building === undefined) return;
    await this.warm();
    change(this.index);
  }

  /**
   * Writes one unit or a list (errors then name `/units/i/...`); a unit with the same pair,
   * source and target updates the stored one.
   */
  addUnits(inputs: UnitInput | UnitInput[], by: Principal): Promise<{ ids: number[]; created: number; updated: number }> {
    const units = Array.isArray(inputs) ? toNewUnits(inputs) : [toNewUnit(inputs)];
    return this.importUnits(units, by.name).then(({ ids, created, updated }) => ({ ids, created, updated }));
  }

  /**
   * Writes units the exchange has read (XLIFF, TMX): tags already canonical, the same limits as
   * the API (the exchange skips a unit over them before it gets here), same store and index path.
   */
  importUnits(units: NewUnit[], actor: string): Promise<UpsertResult> {
    requireUnitLimits(units);
    return this.serial(async () => {
      const result = await this.store.upsertUnits(units, actor);
      await this.reindex((index) => { for (const u of result.units) index.upsert(u); });
      return result;
    });
  }

  /**
   * Learns units a bulk write created (ids `from`..`to`, committed outside this service). A large
   * batch is staged and sealed once rather than compacted again and again as the tail grows.
   */
  learnCreated(from: number, to: number): Promise<void> {
    return this.serial(async () => {
      if (this.building === undefined) return;
      await this.warm();
      const bulk = to - from + 1 > this.index.size / 4;
      for await (const page of this.store.scanUnitTexts(BUILD_BATCH, from - 1)) {
        for (const u of page) if (u.id <= to) bulk ? this.index.stage(u) : this.index.upsert(u);
        if ((page[page.length - 1] as UnitTexts).id >= to) break;
      }
      if (bulk) this.index.seal();
    });
  }

  async getUnit(id: number): Promise<UnitRecord> {
    const unit = await this.store.getUnit(id);
    if (!unit) throw new NotFoundError('unit', id);
    return unit;
  }

  /** Replaces every field of unit `id`. */
  replaceUnit(id: number, input: UnitInput, by: Principal): Promise<UnitRecord> {
    const unit = toNewUnit(input);
    return this.serial(async () => {
      const stored = await this.store.replaceUnit(id, unit, by.name);
      if (!stored) throw new NotFoundError('unit', id);
      await this.reindex((index) => index.upsert(stored));
      return stored;
    });
  }

  deleteUnit(id: number): Promise<void> {
    return this.serial(async () => {
      if (!(await this.store.deleteUnit(id))) throw new NotFoundError('unit', id);
      await this.reindex((index) => index.remove(id));
    });
  }

  /** A page of units in id order, optionally for one language pair; `nextCursor` when more may follow. */
  async listUnits(q: { sourceLang?: string; targetLang?: string; cursor?: string; limit: number }): Promise<{ units: UnitRecord[]; nextCursor?: string }> {
    if (q.cursor !== undefined && !/^[1-9]\d{0,15}$/.test(q.cursor)) {
      throw new ValidationError('cursor: not a cursor from a previous page', [{ path: '/query/cursor', message: 'must be a cursor returned by a previous page' }]);
    }
    const query = { limit: q.limit, ...(q.cursor ? { afterId: Number(q.cursor) } : {}),
      ...(q.sourceLang ? { sourceLang: requireTag('sourceLang', q.sourceLang).tag } : {}),
      ...(q.targetLang ? { targetLang: requireTag('targetLang', q.targetLang).tag } : {}) };
    const units = await this.store.listUnits(query);
    const last = units[units.length - 1];
    return units.length === q.limit && last ? { units, nextCursor: String(last.id) } : { units };
  }

  async stats(): Promise<TmStats> {
    const pairs = await this.store.pairCounts();
    return { units: pairs.reduce((s, p) => s + p.units, 0), pairs };
  }

  /** The best matches for one segment, best first. */
  async lookup(req: LookupRequest): Promise<TmMatch[]> {
    const [matches] = await this.lookupBatch({ ...req, segments: [req] }, '');
    return matches ?? [];
  }

  /** The best matches for each segment, in order. `prefix` locates segments in error paths. */
  async lookupBatch(req: BatchLookupRequest, prefix = '/segments'): Promise<TmMatch[][]> {
    const { source, target } = pairAt('', req.sourceLang, req.targetLang);
    const { threshold, limit } = scoreOptions(req.threshold, req.limit);
    if (req.segments.length > MAX_BATCH_SEGMENTS) throw new ValidationError(`segments: at most ${MAX_BATCH_SEGMENTS}`, [{ path: '/segments', message: `must contain at most ${MAX_BATCH_SEGMENTS} segments` }]);
    const queries: PreparedQuery[] = req.segments.map((s, i) => {
      requireSegment(prefix ? `${prefix}/${i}` : '', s.source, s.codes);
      return prepareQuery({ source: s.source, sourceLang: source, targetLang: target, ...(s.context ? { context: s.context } : {}), ...(s.codes ? { codes: s.codes } : {}) });
    });
    await this.warm();
    const part = this.index.partitionByKey(`${source.language}|${target.language}`);
    if (part === undefined) return queries.map(() => []);
    const out: TmMatch[][] = [];
    for (const pq of queries) {
      const candidates = searchFuzzy(this.index, part, pq.text.key.symbols, threshold, limit).sort((a, b) => b.base - a.base || b.unitId - a.unitId);
      const collector = new MatchCollector(pq, threshold, limit);
      for (let i = 0; i < candidates.length && !collector.settled((candidates[i] as FuzzyCandidate).base);) {
        const chunk = candidates.slice(i, i + Math.max(FETCH_CHUNK, limit + 1));
        collector.add(await this.store.getUnits(chunk.map((c) => c.unitId)));
        i += chunk.length;
      }
      out.push(collector.results());
    }
    return out;
  }

  /** Units whose folded source (or target) contains `q`. */
  async concordance(req: ConcordanceRequest): Promise<ConcordanceResult> {
    requireText('/q', req.q, MAX_CONCORDANCE_QUERY);
    const side = req.side ?? 'source';
    const sourceLang = req.sourceLang === undefined ? undefined : requireTag('sourceLang', req.sourceLang).language;
    const targetLang = req.targetLang === undefined ? undefined : requireTag('targetLang', req.targetLang).language;
    const limit = req.limit ?? DEFAULT_CONCORDANCE_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CONCORDANCE_LIMIT) {
      throw new ValidationError('limit: out of range', [{ path: '/limit', message: `must be an integer from 1 to ${MAX_CONCORDANCE_LIMIT}` }]);
    }
    await this.warm();
    const ids: number[] = [];
    this.index.partitions.forEach((p, part) => {
      const [s, t] = p.key.split('|');
      if ((sourceLang && s !== sourceLang) || (targetLang && t !== targetLang)) return;
      for (const id of concordanceUnits(this.index, part, side, req.q)) ids.push(id); // hundreds of thousands: no spread
    });
    ids.sort((a, b) => a - b);
    const units = await this.store.getUnits(ids.slice(0, limit));
    return {
      total: ids.length,
      hits: units.map((unit) => {
        const lang = canonicalizeLanguageTag(side === 'source' ? unit.sourceLang : unit.targetLang);
        return { unit, highlights: concordanceHighlights(side === 'source' ? unit.source : unit.target, req.q, keyModeOf(lang)) };
      }),
    };
  }
}
