/**
 * The keys the n-gram index stores for a unit (ngram-index.ts): its source's matching key
 * (numbers as one symbol) and its target's (numbers kept, for concordance), made by match-key.ts
 * and renumbered with dense ids per side, so that the source alphabet of a Chinese TM stays in
 * the thousands even when the English targets bring a large vocabulary (the bit-parallel
 * Levenshtein's match table stays small). Id 0 is the padding symbol.
 *
 * This is the fold of every unit the index learns: a million at start, and every unit of a bulk
 * import on the main thread (bulk-fold.ts), where it is the largest part of the main thread's
 * work (match-key.ts and key-fold.ts record what was measured). Kept apart from the index's slots
 * and layout since issue 12's eighth round (ngram-index.ts had grown past 400 lines). Keys come
 * back as views of scratch buffers, valid until the next unit: the index copies them into its
 * arena, and at a million units copies of its own were most of its garbage.
 */
import { matchKey } from '../match-key.js';
import { Vocabulary } from '../vocabulary.js';
import type { Partition } from './partitions.js';
import { DenseSymbols } from './postings.js';

/** A unit's keys in dense ids (views of scratch buffers) and its source's folded numbers. */
export interface UnitKeyViews {
  source: Int32Array;
  target: Int32Array;
  numbers: string[];
}

/** The index's vocabulary and symbol dictionaries, and what makes a unit's keys with them. */
export class UnitKeys {
  readonly vocabulary = new Vocabulary();
  readonly sourceSymbols = new DenseSymbols();
  readonly targetSymbols = new DenseSymbols();
  private sourceBuffer = new Int32Array(1024);

  /** The keys of `source` and `target` in partition `p`'s modes, new symbols numbered; valid until the next call. */
  keysOf(p: Pick<Partition, 'sourceMode' | 'targetMode'>, source: string, target: string): UnitKeyViews {
    // Keys come back as views of one scratch buffer: the source is interned into a buffer of our
    // own before the target key overwrites the scratch.
    const src = matchKey(source, { mode: p.sourceMode, vocabulary: this.vocabulary, spans: false, view: true });
    if (this.sourceBuffer.length < src.symbols.length) this.sourceBuffer = new Int32Array(src.symbols.length * 2);
    const srcDense = this.sourceBuffer.subarray(0, src.symbols.length);
    for (let i = 0; i < srcDense.length; i++) srcDense[i] = this.sourceSymbols.intern(src.symbols[i] as number);
    const tgt = matchKey(target, { mode: p.targetMode, vocabulary: this.vocabulary, keepNumbers: true, spans: false, view: true });
    const tgtDense = tgt.symbols;
    for (let i = 0; i < tgtDense.length; i++) tgtDense[i] = this.targetSymbols.intern(tgtDense[i] as number);
    return { source: srcDense, target: tgtDense, numbers: src.numbers };
  }
}
