/**
 * A bulk import's units folded into the index while the store commits them (issue 12).
 *
 * Before, the index learned an import after its commit, reading the created units back from the
 * store and folding them (a restart's work: at 1M units the commit took ~20 s in its worker and
 * the learning ~15 s more on the main thread, one after the other). Now the TM service hands the
 * commit a {@link StageReader}: while the commit's worker writes, the main thread reads the stage
 * (the units in staging order) page by page and stages each unit in the index under a provisional
 * id (minus its staging position), between turns of the event loop. Staged slots are not
 * searched until the seal, so lookups meanwhile answer from the index as it was.
 *
 * Ids are known only once the commit is done: the store sorts the stage into identity order and
 * gives new ids in that order, and says which staging position each new id went to
 * (`createdOrder`). When every staged unit was created and the positions match what was folded,
 * the slots are relabelled with their ids and the index is sealed as before. Otherwise (units
 * that were already stored and only updated, a reader that failed, a commit that failed) the
 * staged slots are rolled back, so the index is exactly as it was, and the service learns the
 * created ids from the store as before (or, for a failed commit, learns nothing).
 *
 * All of this runs in the TM's write queue, so no other write changes the index between the mark
 * and the relabel or rollback.
 */
import type { IndexMark, NgramIndex } from '../../domain/tm/index/ngram-index.js';
import type { BulkWriteCounts, StageReader, UnitTexts } from '../../store/types.js';
import { timeSlice } from '../../time-slice.js';

/** Staged units read from the store at once (a page); they are folded under a time slice (time-slice.ts). */
const FOLD_BATCH = 1_000;
/** Units folded between two looks at the clock: a unit folds in some 10-40 µs. */
const FOLD_CHECK = 64;

/** One bulk import's fold, from the commit's start to its end. */
export class BulkFold {
  private mark: IndexMark | undefined;
  private firstPosition = 0;
  private failed = false;
  private total = 0;
  /** Units staged in the index under provisional ids (counted out of the TM's size until adopted). */
  staged = 0;

  /** `small`: imports of this many units or fewer are learned after the commit, as before (posted at once, no seal). */
  constructor(private readonly index: NgramIndex, private readonly small: number) {}

  /** The reader the commit calls with the stage. */
  readonly reader: StageReader = {
    wants: (total) => {
      if (total <= this.small) return false;
      this.total = total;
      this.mark = this.index.mark();
      return true;
    },
    read: (staged) => this.read(staged),
  };

  private async read(staged: (batch: number) => AsyncIterable<UnitTexts[]>): Promise<void> {
    let pages = 0;
    // Folding, and growing the index's arrays, paced by one time slice: pages of 1,000 or 2,000
    // units folded a turn held lookups 150-240 ms at load 6.5 during a 100k-unit import, and the
    // arena grown in one copy 100-240 ms (ngram-index.ts reserveInSteps).
    const pause = timeSlice();
    try {
      for (const _ of this.index.reserveInSteps(this.total)) await pause();
      for await (const page of staged(FOLD_BATCH)) {
        // Room for the rest's keys once the first page gives their length (an empty index has no
        // length to go by): the arena then grows once, not by copies of hundreds of MB as it
        // fills (one held the event loop 3.3 s during a 1M-unit import at load 5).
        if (pages++ === 1) for (const _ of this.index.reserveInSteps(this.total - this.staged)) await pause();
        for (const u of page) {
          if (this.staged === 0) this.firstPosition = u.id;
          // Positions come in order with no gap, so slot mark + k holds position first + k.
          if (u.id !== this.firstPosition + this.staged) throw new Error('staged units out of order');
          this.index.stage({ ...u, id: -u.id });
          if (++this.staged % FOLD_CHECK === 0) await pause();
        }
        await pause();
      }
    } catch {
      this.failed = true;
    }
  }

  /**
   * After a commit: true when the folded units are exactly the created ones, now relabelled with
   * their ids in steps paced by `pause` (the caller seals); otherwise the staged slots are rolled
   * back and false.
   */
  async adopt(counts: BulkWriteCounts, pause: () => Promise<void>): Promise<boolean> {
    const order = counts.createdOrder;
    const from = counts.createdIds?.from;
    if (this.mark === undefined) return false;
    if (!this.failed && order !== undefined && from !== undefined && order.length === this.staged) {
      const ids = new Float64Array(this.staged);
      let complete = true;
      for (let j = 0; j < order.length && complete; j++) {
        const k = (order[j] as number) - this.firstPosition;
        complete = k >= 0 && k < ids.length && ids[k] === 0;
        ids[k] = from + j;
      }
      if (complete) {
        for (const _ of this.index.relabelInSteps(this.mark, ids)) await pause();
        this.staged = 0;
        return true;
      }
    }
    this.rollback();
    return false;
  }

  /** Forgets the staged slots (a failed commit, or one whose units cannot be adopted). */
  rollback(): void {
    if (this.mark !== undefined) this.index.rollback(this.mark);
    this.mark = undefined;
    this.staged = 0;
  }
}
