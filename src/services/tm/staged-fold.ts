/**
 * A bulk import folded into the index as its batches are staged, before its commit (issue 12): a
 * TMX import parsed off the main thread (services/exchange/tmx-parse-worker.ts) hands the main
 * thread each staged batch's texts ({@link StagedTexts}), and the main thread, idle otherwise,
 * folds them meanwhile under provisional ids (bulk-fold.ts `feed`). The commit then reads
 * nothing back: it stamps the units with the time the fold gave them and reports where each id
 * went, and the index relabels and seals as for a fold made during the commit.
 *
 * Each page is folded in the TM's write queue, taken for that page alone: TM writes made during
 * the parse wait for one page's fold at most (a few time slices), not for the import, and land
 * between the staged slots (bulk-fold.ts keeps their slots, and holds compactions until the end).
 * A unit so written that the file holds too is found stored by the commit, which refreshes it;
 * the fold is still adopted (bulk-fold.ts `adopt`): the commit reports which staging positions
 * it refreshed and which stored units they were, the staged copies are removed (tombstones in a
 * layout laid out during the commit, up to an eighth of the import) and the stored units take
 * the commit's updatedAt. The queue is taken again for the commit and kept to its end
 * (bulk-import.ts).
 *
 * Imports of at most a quarter of the index's units are learned after the commit, as before
 * (posted, no re-seal): their pages are kept until the import outgrows that, and then folded
 * first; an import that never does is not folded at all. One import folds at a time: another
 * that starts meanwhile is learned after its commit. An abort (a malformed file, a worker that
 * failed, a dry run) rolls the staged slots back, in the queue.
 */
import type { NgramIndex } from '../../domain/tm/index/ngram-index.js';
import { unitsOfPage } from '../../store/staged-texts.js';
import type { StagedTexts } from '../../store/types.js';
import { timeSlice } from '../../time-slice.js';
import { BulkFold, IMPORT_SLICE_MS } from './bulk-fold.js';

/** What a staged fold needs of the TM service (bulk-import.ts). */
export interface FoldHost {
  readonly index: NgramIndex;
  /** Runs `fn` in the TM's write queue, once the index is built. */
  run(fn: () => Promise<void>): Promise<void>;
  /** Makes `fold` the import being folded; false when another one is. */
  claim(fold: BulkFold): boolean;
  /** Ends what {@link claim} began. */
  free(fold: BulkFold): void;
}

/** One bulk import's fold as it is staged (see the module header). */
export class StagedFold {
  readonly fold: BulkFold;
  /** The updatedAt of every unit of the import (the commit writes the same). */
  private readonly stamp = new Date().toISOString();
  private readonly pause = timeSlice(IMPORT_SLICE_MS);
  private pending: StagedTexts[] = [];
  private pendingUnits = 0;
  private claimed = false;
  /** Folds nothing more: aborted, or another import was folding when this one outgrew the small ones. */
  private done = false;

  constructor(private readonly host: FoldHost, private readonly memory: string) {
    this.fold = new BulkFold(host.index, Infinity);
  }

  /** True once the fold has begun (its commit must run through {@link commit}). */
  get started(): boolean {
    return this.claimed;
  }

  /**
   * Folds a staged page (or keeps it while the import is small); resolves when it is folded.
   * `share`: of the upload, read when it was staged (NaN: unknown), for the import's size.
   */
  async feed(page: StagedTexts, share = NaN): Promise<void> {
    if (this.done) return;
    // Units staged so far over the share of the file they came from: the import's size, roughly.
    const expected = share > 0 ? Math.ceil((page.first - 1 + page.pairOf.length) / share) : 0;
    this.pending.push(page);
    if (!this.claimed) {
      this.pendingUnits += page.pairOf.length;
      if (this.pendingUnits <= this.host.index.size / 4) return;
      if (!this.host.claim(this.fold)) {
        this.done = true;
        this.pending = [];
        return;
      }
      this.claimed = true;
    }
    // One page a turn of the queue: writes between pages wait for one page's fold, not the import's.
    for (let p = this.pending.shift(); p !== undefined; p = this.pending.shift()) {
      const units = unitsOfPage(p, this.memory, this.stamp);
      await this.host.run(() => (this.done ? Promise.resolve() : this.fold.feed(units, this.stamp, this.pause, expected)));
    }
  }

  /** Runs the commit (in the write queue the caller holds), then lets another import fold. */
  async commit<T>(run: (fold: BulkFold) => Promise<T>): Promise<T> {
    try {
      return await run(this.fold);
    } finally {
      this.host.free(this.fold);
    }
  }

  /** Forgets what was folded, in the queue (the import is aborted). */
  abort(): Promise<void> {
    this.done = true;
    this.pending = [];
    if (!this.claimed) return Promise.resolve();
    return this.host.run(async () => {
      await this.fold.rollback(this.pause);
      this.host.free(this.fold);
    });
  }
}
