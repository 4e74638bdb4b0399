/**
 * The one way into the n-gram index for reads (Okapi's `ITmSeeker.searchFuzzy(TextFragment, ...)`
 * takes text, not symbols; house style, "Seams"): callers hand it text, language tags and memory
 * ids, and it owns the rest: the index's vocabulary, the partition keys (memory and primary
 * subtags) and the folding into matching keys.
 *
 * Why it exists: a query key built with a vocabulary of its own numbers its words differently
 * from the index, so an English or Russian source looked up against the very same unit found
 * nothing (issue 8 §1). Here a query word the index knows gets the index's symbol, and a word it
 * has never seen gets a symbol no indexed unit has (negative numbers, one per distinct word), so
 * the query's length and its repeated words still count as they should, while nothing the query
 * brings is added to the index's vocabulary.
 */
import type { LanguageTag } from '../../text/language-tag.js';
import { type ConcordanceSide } from '../concordance.js';
import { type KeyMode, matchKey } from '../match-key.js';
import { NUMBER_SYMBOL, Vocabulary } from '../vocabulary.js';
import { type ConcordanceSink, concordanceIds, scanConcordance } from './concordance-search.js';
import type { NgramIndex, Partition } from './ngram-index.js';
import { buildPlanesAhead, buildPlanesInSteps } from './signature-planes.js';
import type { SealedLayout } from './slot-layout.js';
import { type FuzzyCandidate, type SearchStats, searchFuzzy, type SweepOptions } from './ngram-search.js';
import { liveUnitSteps, wordCandidateSteps } from './word-bound.js';

/** Reads the index: fuzzy candidates and concordance, from text. */
export class TmSeeker {
  constructor(private readonly index: NgramIndex) {}

  /** The partition of `memory` for a language pair, or undefined when the memory has no unit in that pair. */
  partition(memory: string, source: LanguageTag, target: LanguageTag): number | undefined {
    return this.index.partitionOfPair(memory, `${source.language}|${target.language}`);
  }

  /** How partition `part` keys its sources: by character or by word (its primary source language's mode, partitions.ts). */
  sourceMode(part: number): KeyMode {
    return (this.index.partitions[part] as Partition).sourceMode;
  }

  /**
   * The ids of the units of partition `part`, in slot order, that a lookup scored in the other
   * mode than the partition keys its sources in must score, whose bases the index cannot bound
   * (tm-search.ts): for a word-mode query in a partition keyed by character, those whose bound on
   * shared tokens can reach base `bar` (word-bound.ts); the other way round, every live unit. In
   * steps of some slots ({@link liveUnitSteps}): the caller lets other requests run between them.
   */
  otherModeIds(part: number, text: string, bar: number): Generator<number[], void, void> {
    const p = this.index.partitions[part] as Partition;
    return p.sourceMode === 'char' ? wordCandidateSteps(this.index, part, text, bar) : liveUnitSteps(this.index, part);
  }

  /** The query's matching key in the symbols of the index (see the module header). */
  queryKey(part: number, text: string): Int32Array {
    const p = this.index.partitions[part] as Partition;
    if (p.sourceMode === 'char') return matchKey(text, { mode: 'char', spans: false }).symbols;
    const own = new Vocabulary();
    const key = matchKey(text, { mode: 'word', vocabulary: own, spans: false }).symbols;
    const unseen = new Map<number, number>();
    return key.map((s) => {
      if (s === NUMBER_SYMBOL) return s;
      const known = this.index.vocabulary.find(own.text(s) ?? '');
      if (known !== undefined) return known;
      let temporary = unseen.get(s);
      if (temporary === undefined) unseen.set(s, (temporary = -1 - unseen.size));
      return temporary;
    });
  }

  /**
   * Units of partition `part` whose base score against `text` can place them among the best
   * `limit` at or above `floor` (lossless: see ngram-search.ts); `options` for callers that need
   * only the band of the best ({@link SweepOptions}).
   */
  fuzzy(part: number, text: string, floor: number, limit: number, stats?: SearchStats, options?: SweepOptions): FuzzyCandidate[] {
    return searchFuzzy(this.index, part, this.queryKey(part, text), floor, limit, stats, options);
  }

  /**
   * Builds the search structures of the index's current layout (the signature planes) in steps,
   * awaiting `pause()` between them, so that the first lookups after a seal or a build do not
   * build them on the event loop; call it after either.
   */
  prepare(pause: () => Promise<void>): Promise<void> {
    return buildPlanesInSteps(this.index, pause);
  }

  /**
   * {@link prepare} for a layout the index is about to install (a seal laid out beside a bulk
   * import's commit), before it is installed (signature-planes.ts `buildPlanesAhead`); it stops
   * once `stop()` says the layout was dropped.
   */
  prepareAhead(next: SealedLayout, pause: () => Promise<void>, stop?: () => boolean): Promise<void> {
    return buildPlanesAhead(next, pause, stop);
  }

  /**
   * Ids (ascending) of the units of the given memories whose folded `side` contains `q`, in
   * pairs whose primary source and target subtags are `sourceLanguage`/`targetLanguage` when given.
   */
  concordance(memories: ReadonlySet<string>, side: ConcordanceSide, q: string, sourceLanguage?: string, targetLanguage?: string): number[] {
    const parts = this.concordanceParts(memories, sourceLanguage, targetLanguage).map((part) => concordanceIds(this.index, part, side, q));
    const all = new Float64Array(parts.reduce((n, ids) => n + ids.length, 0));
    let at = 0;
    for (const ids of parts) {
      all.set(ids, at);
      at += ids.length;
    }
    return Array.from(all.sort());
  }

  /**
   * What a concordance page needs: how many units match, and the `limit` lowest ids of them,
   * ascending. A phrase in half of a million units matches 470,000 of them: they are counted and
   * the lowest kept in one pass over the hits, none collected (see concordance-search.ts).
   */
  concordancePage(memories: ReadonlySet<string>, side: ConcordanceSide, q: string, limit: number, sourceLanguage?: string, targetLanguage?: string): { total: number; ids: number[] } {
    const page = new LowestIds(limit);
    for (const part of this.concordanceParts(memories, sourceLanguage, targetLanguage)) scanConcordance(this.index, part, side, q, page);
    return { total: page.total, ids: page.ids };
  }

  /** The partitions a concordance reads: of the given memories, with units, in the pair's primary languages when given. */
  private concordanceParts(memories: ReadonlySet<string>, sourceLanguage?: string, targetLanguage?: string): number[] {
    const parts: number[] = [];
    this.index.partitions.forEach((p, part) => {
      if (!memories.has(p.memory) || p.alive === 0) return;
      const [s, t] = p.pair.split('|');
      if ((sourceLanguage && s !== sourceLanguage) || (targetLanguage && t !== targetLanguage)) return;
      parts.push(part);
    });
    return parts;
  }
}

/** A concordance page: counts the hits and keeps the `limit` lowest ids, ascending (a small sorted buffer). */
class LowestIds implements ConcordanceSink {
  readonly ids: number[] = [];
  total = 0;
  bound = Infinity;

  constructor(private readonly limit: number) {}

  take(id: number): void {
    const best = this.ids;
    let j = best.length === this.limit ? this.limit - 1 : best.length;
    while (j > 0 && (best[j - 1] as number) > id) {
      best[j] = best[j - 1] as number;
      j--;
    }
    best[j] = id;
    if (best.length === this.limit) this.bound = best[this.limit - 1] as number;
  }
}
