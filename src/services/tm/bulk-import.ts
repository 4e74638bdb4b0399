/**
 * The TM's side of a bulk import (issue 12): the commit of a bulk write the store runs off the
 * event loop, and the index learning what it created, split out of the TM service (tm.ts) which
 * holds the queue, the index and the store and hands them over as a {@link BulkHost}.
 *
 * On the embedded store the commit runs in the write queue, so the TM's own writes wait for it
 * there, asynchronously, instead of in SQLite's busy handler, which would block the event loop
 * until the commit is done; on a shared store writes do not queue (tm.ts, the module header).
 * There, while the store commits, the index folds the staged units (bulk-fold.ts) and adopts
 * them with their ids once the commit says which went where; otherwise it learns them from the
 * store after the commit, as on a shared store.
 *
 * A large batch learned from the store is staged and sealed once rather than compacted again and
 * again as the tail grows. Pages are folded, the arena grown, the seal and the planes built in
 * steps, with a turn of the event loop whenever a time slice is used up (an async generator over
 * a synchronous store never lets I/O in by itself): lookups go on against the index as it was,
 * since staged units are not searched until the seal. Measured with 100k units imported into 20k
 * on a loaded 2-core machine: the longest lookup during the import fell from 11.7 s to the commit
 * and the seal alone; with every step paced by the slice, 100k into 100k, 333-725 -> 156-312 ms
 * under load 5.5-8 (see the README's benchmark). The slice is looked at every
 * {@link LEARN_CHECK} units, not only between pages.
 */
import type { PendingSeal } from '../../domain/tm/index/index-growth.js';
import type { NgramIndex } from '../../domain/tm/index/ngram-index.js';
import type { TmSeeker } from '../../domain/tm/index/seeker.js';
import type { BulkUnitWrite, BulkWriteCounts, TmReader, UnitTexts } from '../../store/types.js';
import { collectGarbage } from '../../collect-garbage.js';
import { timeSlice } from '../../time-slice.js';
import { BulkFold, IMPORT_SLICE_MS } from './bulk-fold.js';
import { StagedFold } from './staged-fold.js';

/**
 * Units a bulk import's index update reads from the store and folds at a time; it yields to the
 * event loop once a time slice (time-slice.ts) is used up. Pages of 2,000 with a turn after each
 * held the loop 40-160 ms a page under load 4-10 (issue 12); 500 are some 3-5 ms on a quiet machine.
 */
const LEARN_BATCH = 500;
/**
 * Units learned between two looks at the time slice: a unit folds in some 10-40 µs, so a page of
 * 500 is 5-20 ms, and a slice that ended only between pages ran over by as much (learning's turns
 * of 26-46 ms in process, issue 12).
 */
const LEARN_CHECK = 64;

/**
 * Units an import must create for a full garbage collection to follow it (collect-garbage.ts).
 * The fold's staged arrays and the layout the seal replaced are dead once the import is sealed,
 * but V8 frees ArrayBuffers only when a major collection finds them, which allocation may not
 * call for soon: RSS right after a 1M import was 1,227, 1,559, 1,564 MB in three idle runs, and
 * 1,189, 1,200, 1,356 MB with the collection (issue 12, target 1,500), which held the event loop
 * 86-103 ms once, at the end of an import of some 36 s. Below some 200k units the dead arrays are
 * a fifth as large and the pause would count against a 100k import's longest lookup. Since the
 * tenth round the collection also frees them before it returns (collect-garbage.ts has the figures).
 */
const COLLECT_AFTER_UNITS = 200_000;

/** What the TM service lends its bulk imports. */
export interface BulkHost {
  readonly index: NgramIndex;
  readonly seeker: TmSeeker;
  readonly store: TmReader;
  /** The store takes concurrent writes from several nodes (tm.ts, the module header). */
  readonly concurrentWrites: boolean;
  /** Runs `fn` in the TM's write queue. */
  serial<T>(fn: () => Promise<T>): Promise<T>;
  /** True once a build of the index was started (before, writes do not start one). */
  indexing(): boolean;
  /** Waits for the index's build. */
  warm(): Promise<void>;
}

/** Bulk commits and the index's learning of them, for one TM service. */
export class BulkImports {
  /** The bulk import being folded while it commits, if any (its units are not counted yet). */
  folding: BulkFold | undefined;
  /** The seal being laid out beside a bulk import's commit, if any (index-growth.ts PendingSeal). */
  sealing: PendingSeal | undefined;

  constructor(private readonly host: BulkHost) {}

  /**
   * Commits a bulk write (committed off the event loop by the store) and learns what it created
   * (see the module header); `staged`: the fold of an import whose pages were folded as they were
   * staged (staged-fold.ts).
   */
  async commitBulk(write: Pick<BulkUnitWrite, 'commit'>, staged?: StagedFold): Promise<BulkWriteCounts> {
    const counts = await this.commitAndLearn(write, staged);
    // The import's dead index arrays go now rather than stay in RSS (COLLECT_AFTER_UNITS).
    if (counts.created >= COLLECT_AFTER_UNITS) collectGarbage();
    return counts;
  }

  /** {@link commitBulk} without the collection after it. */
  private commitAndLearn(write: Pick<BulkUnitWrite, 'commit'>, staged?: StagedFold): Promise<BulkWriteCounts> {
    const { host } = this;
    if (host.concurrentWrites) return write.commit().then((counts) => host.serial(() => this.learnCommitted(counts)));
    return host.serial(async () => {
      if (!host.indexing()) return this.learnCommitted(await write.commit());
      await host.warm();
      if (staged?.started) return staged.commit((fold) => this.commitFolded(write, fold));
      // Another import's pages are being folded (staged-fold.ts): this one is learned after its commit.
      if (this.folding !== undefined) return this.learnCommitted(await write.commit());
      // The index folds the units while the store commits them (bulk-fold.ts).
      const fold = new BulkFold(host.index, host.index.size / 4);
      this.folding = fold;
      try {
        return await this.commitFolded(write, fold);
      } finally {
        this.folding = undefined;
      }
    });
  }

  /**
   * A fold for a bulk write into `memory` whose units are handed over as they are staged
   * (staged-fold.ts), or undefined when this service does not fold bulk writes (no index yet, a
   * shared store).
   */
  stagedFold(memory: string): StagedFold | undefined {
    const { host } = this;
    if (host.concurrentWrites || !host.indexing()) return undefined;
    return new StagedFold({
      index: host.index,
      run: (fn) => host.serial(async () => {
        await host.warm();
        await fn();
      }),
      claim: (fold) => {
        if (this.folding !== undefined) return false;
        this.folding = fold;
        return true;
      },
      free: (fold) => {
        if (this.folding === fold) this.folding = undefined;
      },
    }, memory);
  }

  /** Commits with `fold` reading (or having read) the stage, then adopts and seals what it folded, or learns from the store. */
  private async commitFolded(write: Pick<BulkUnitWrite, 'commit'>, fold: BulkFold): Promise<BulkWriteCounts> {
    const pause = timeSlice(IMPORT_SLICE_MS);
    // Folded whole before the commit (staged-fold.ts): the seal is laid out while the store
    // commits, and installed once the units have their ids (index-growth.ts PendingSeal).
    // The search's planes of the new layout are built as soon as it is, while the commit runs.
    const seal = fold.fedWhole ? this.host.index.pendingSeal(pause, undefined, (layout, dropped) => this.host.seeker.prepareAhead(layout, pause, dropped)) : undefined;
    this.sealing = seal;
    const counts = await write.commit(fold.reader).catch(async (err: unknown) => {
      await seal?.drop(pause);
      await fold.rollback(pause);
      throw err;
    }).finally(() => { this.sealing = undefined; });
    // The units are committed: if adopting them fails (an allocation), the staged slots go and
    // the index learns the units from the store, and compactions are let run again. Only the
    // relabel and the install can throw (they undo themselves first); the touch of refreshed
    // units after the install cannot, so the rollback here never meets a new layout's slots.
    const adopted = await fold.adopt(counts, pause, seal).catch(async () => {
      await seal?.drop(pause).catch(() => undefined);
      await fold.rollback(pause);
      return false;
    });
    if (!adopted) return this.learnCommitted(counts);
    if (seal?.installed) await this.host.seeker.prepare(pause);
    else await this.sealBulk(pause);
    return counts;
  }

  /** Learns what a bulk commit created from the store. */
  private async learnCommitted(counts: BulkWriteCounts): Promise<BulkWriteCounts> {
    // The units it refreshed have a new updatedAt, and the commit does not say which they are.
    if (counts.updated > 0) this.host.index.forgetUpdatedAt();
    if (counts.createdIds) await this.learnRange(counts.createdIds.from, counts.createdIds.to);
    return counts;
  }

  /** Seals units staged for a bulk import, in steps paced by `pause` (a time slice), between which lookups run. */
  private async sealBulk(pause: () => Promise<void> = timeSlice(IMPORT_SLICE_MS)): Promise<void> {
    await this.host.index.sealInSteps(pause);
    await this.host.seeker.prepare(pause);
  }

  /**
   * Learns units a bulk write created (ids `from`..`to`, committed outside this service; called
   * in the queue): staged and sealed in steps when they are many (see the module header).
   */
  async learnRange(from: number, to: number): Promise<void> {
    const { host } = this;
    if (!host.indexing()) return;
    await host.warm();
    // Staged and sealed, unless an import's staged slots are in the index (a seal would post them).
    const bulk = to - from + 1 > host.index.size / 4 && host.index.holds === 0;
    let sized = !bulk;
    const pause = timeSlice(IMPORT_SLICE_MS);
    for await (const page of host.store.scanUnitTexts(LEARN_BATCH, from - 1)) {
      let k = 0;
      for (const u of page) {
        if (u.id <= to) bulk ? host.index.stage(u) : host.index.upsert(u);
        if (++k % LEARN_CHECK === 0) await pause();
      }
      const last = (page[page.length - 1] as UnitTexts).id;
      if (last >= to) break;
      // Room for the rest at once, its key lengths estimated with the first page's (into an empty
      // index too): the arrays grow once instead of doubling between turns (up to 340 ms each).
      if (!sized) for (const _ of host.index.reserveInSteps(to - last)) await pause();
      sized = true;
      await pause();
    }
    if (bulk) await this.sealBulk(pause);
  }
}
