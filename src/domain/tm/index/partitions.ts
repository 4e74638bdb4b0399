/**
 * The n-gram index's partitions (ngram-index.ts): a memory and a language pair by primary subtag
 * (`default|zh|en`), so zh-CN, zh-Hans, zh-TW and zh-HK sources of one memory are one partition
 * and match each other, and en-US ~ en. A partition keys each side in its primary language's
 * mode (zh by character, also for zh-Latn units in it); a lookup scored in the other mode (a
 * zh-Latn query) scores the units of the partition that a bound on its words lets through
 * instead (word-bound.ts, tm-search.ts `lookupOne`). Each holds its side's gram tables, where its sorted slots
 * of each source length start, and its tail of slots written since the last seal.
 *
 * Kept apart from the index's slots and writes (issue 12, eighth round: ngram-index.ts had
 * grown past the house style's 400 lines): a unit's partition is found once per unit written,
 * from the tags as stored, and canonicalising the tags costs more than the rest of the lookup,
 * so the answers are kept by tags, and the last one without a key string (an import's units
 * come in runs of one memory and pair).
 */
import { canonicalizeLanguageTag } from '../../text/language-tag.js';
import type { KeyMode } from '../match-key.js';
import { keyModeOf } from '../scoring/matcher.js';
import { GramTable, GrowableU32 } from './postings.js';

/**
 * How a language's partition keys its text: by its primary language's mode, whatever the script
 * (zh by character, also zh-Latn; en by word). Concordance finds and highlights in this mode.
 */
export function primaryMode(language: string): KeyMode {
  return keyModeOf(canonicalizeLanguageTag(language));
}

/** A language pair's share of the index. */
export interface Partition {
  /** `memory|source|target` (primary subtags). */
  key: string;
  memory: string;
  /** `source|target` (primary subtags). */
  pair: string;
  sourceMode: KeyMode;
  targetMode: KeyMode;
  source: GramTable;
  target: GramTable;
  /** The sorted slots of the partition are [lengthStart[0], lengthStart[n]); those of source length c start at lengthStart[c]. */
  lengthStart: Int32Array;
  /** Slots written since the index was sealed, in write order. */
  tail: GrowableU32;
  alive: number;
}

/** The partitions of one index, numbered in the order they were first used. */
export class PartitionTable {
  /** By number. */
  readonly list: Partition[] = [];
  private readonly pairs = new Map<string, number>();
  private readonly byKey = new Map<string, number>();
  /** The last partition {@link partitionFor} answered, and for what. */
  private last = { memory: '', sourceLang: '', targetLang: '', index: -1 };

  /** The partition of a memory and language pair (tags as stored), created on first use with its sorted slots empty at `sortedEnd`. */
  partitionFor(memory: string, sourceLang: string, targetLang: string, sortedEnd: number): number {
    const last = this.last;
    if (last.index >= 0 && last.memory === memory && last.sourceLang === sourceLang && last.targetLang === targetLang) return last.index;
    const index = this.partitionOfTags(memory, sourceLang, targetLang, sortedEnd);
    this.last = { memory, sourceLang, targetLang, index };
    return index;
  }

  private partitionOfTags(memory: string, sourceLang: string, targetLang: string, sortedEnd: number): number {
    const cacheKey = `${memory}\u0000${sourceLang}\u0000${targetLang}`;
    const cached = this.pairs.get(cacheKey);
    if (cached !== undefined) return cached;
    const s = canonicalizeLanguageTag(sourceLang);
    const t = canonicalizeLanguageTag(targetLang);
    const pair = `${s.language}|${t.language}`;
    const key = `${memory}|${pair}`;
    let idx = this.byKey.get(key);
    if (idx === undefined) {
      idx = this.list.length;
      // The mode of the primary language, not of the first unit's tag: a partition holds zh (by
      // character) and zh-Latn (by word) alike, and a mode taken from whichever came first made
      // a running node and a node that rebuilt its index in id order key it differently.
      this.list.push({ key, memory, pair, sourceMode: primaryMode(s.language), targetMode: primaryMode(t.language), source: new GramTable(), target: new GramTable(),
        lengthStart: Int32Array.of(sortedEnd), tail: new GrowableU32(), alive: 0 });
      this.byKey.set(key, idx);
    }
    this.pairs.set(cacheKey, idx);
    return idx;
  }

  /** The partition of `memory` and `pair` (`zh|en`), if any unit was ever indexed there. */
  partitionOfPair(memory: string, pair: string): number | undefined {
    return this.byKey.get(`${memory}|${pair}`);
  }
}
