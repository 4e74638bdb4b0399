/**
 * A bulk import's units folded into the index before the store has given them ids (issue 12).
 *
 * Before, the index learned an import after its commit, reading the created units back from the
 * store and folding them (a restart's work: at 1M units the commit took ~20 s in its worker and
 * the learning ~15 s more on the main thread, one after the other). Now the TM service hands the
 * commit a {@link StageReader}: while the commit's worker writes, the main thread reads the stage
 * (the units in staging order) page by page and stages each unit in the index under a provisional
 * id (minus its staging position), between turns of the event loop. An import parsed off the main
 * thread hands its units over as they are staged instead ({@link BulkFold.feed}, staged-fold.ts),
 * before the commit, which then reads nothing. Staged slots are not searched until the seal, so
 * lookups meanwhile answer from the index as it was.
 *
 * Ids are known only once the commit is done: the store gives new ids in staging order, and says
 * which staging position each new id went to (`createdOrder`) and which staged units were stored
 * already and only refreshed (`updatedOrder`, with the stored units' ids). When the positions
 * match what was folded, the created units' slots are relabelled with their ids, the refreshed
 * ones' removed (the stored unit has its own slot, with the same texts; its updatedAt becomes
 * the commit's), and the index is sealed as before. Otherwise (a reader that failed, a commit
 * that failed, an import that created nothing) the staged slots are rolled back, so the index is
 * exactly as it was, and the service learns the created ids from the store as before (or, for a
 * failed commit, learns nothing).
 *
 * Sixth round (issue 12): an import that refreshed any stored unit used to be rolled back and
 * learned again from the store. The stall probe's second file shares 847 of its 100k units with
 * the memory, so its whole fold was thrown away (the rollback one step of 130 ms at load 6), the
 * units read back and folded again, and the index sealed a second time: the main thread's
 * profile over that import, 10,710 samples (learning 1,605, two layouts 1,694), against 4,611
 * with the fold adopted (`--cpu-prof`, load 6.2-7.8 and 3.7-4.1), the import 15.5 -> 6.9 s.
 *
 * A fold during the commit runs in the TM's write queue from start to end. A fold fed before the
 * commit takes the queue for one page at a time (staged-fold.ts), so other writes go on between
 * its pages: their slots then lie between the staged ones. The fold therefore keeps the slot of
 * each staged unit, and, from its first unit to its end, holds the index's compactions
 * (`NgramIndex.holds`), which would post the staged slots and move them. A rollback cuts the
 * slots off at the mark when nothing came between (the index exactly as it was), and otherwise
 * removes the staged units one by one (tombstones, which searches skip).
 */
import { type PendingSeal, RELABEL_STEP } from '../../domain/tm/index/index-growth.js';
import { inSteps } from '../../domain/tm/index/steps.js';
import type { IndexMark, NgramIndex } from '../../domain/tm/index/ngram-index.js';
import type { BulkWriteCounts, StageReader, UnitTexts } from '../../store/types.js';
import { timeSlice } from '../../time-slice.js';

/** Staged units read from the store at once (a page); they are folded under a time slice (time-slice.ts). */
const FOLD_BATCH = 1_000;
/** Units folded between two looks at the clock: a unit folds in some 10-40 µs. */
const FOLD_CHECK = 64;
/** Room for more than an import's estimated units (share of the file read so far, staged-fold.ts): estimates drift by a few percent. */
const EXPECTED_SPARE = 1.0625;
/** Arena symbols allowed a unit beyond its texts' characters (a fold that expands one, `㎏` -> `kg`). */
const ARENA_MARGIN = 4;
/**
 * Share of the staged units that may be refreshed stored ones for a seal laid out during the
 * commit to be installed with them as tombstones: a compaction comes once tombstones are a
 * quarter of the slots (ngram-index.ts), so an eighth leaves room; beyond it the layout is
 * dropped and the index sealed again without them.
 */
const REFRESHED_IN_LAYOUT = 1 / 8;
/** No refreshed units: a commit that reports no `updatedOrder`. */
const NONE = new Int32Array(0);

/**
 * The time slice of an import's work on the main thread (the fold, growth, relabel, seal and
 * planes; time-slice.ts), shorter than the default 15 ms. Chosen by reasoning, not by a
 * measured gain: a lookup during an import waits for one slice when it arrives and for one
 * more at each turn of the event loop it takes, and it takes two more (Express's router defers
 * with `setImmediate` when a request leaves a router that did not answer it: the role gate's
 * and the key check's, in the stall probe's server a `setImmediate` from each for every
 * lookup), so up to some 45 ms of every lookup during an import could be the fold's slices.
 * The steps the slice is looked at between are 1-3 ms (FOLD_CHECK units, SEAL_STEP slots, a
 * megabyte zeroed or copied), and a turn of the loop costs some 10-20 µs. Measured, 15 and 5 ms
 * could not be told apart (stall probe alternating at load 9.6-12.5, longest lookup 514, 220,
 * 240, 247 ms against 187, 292, 278, 942 ms; README, issue 12's sixth round): the starved parse
 * worker, not the slices, set the gaps then. The idle comparison is not done.
 */
export const IMPORT_SLICE_MS = 5;

/** One bulk import's fold, from its first unit to the commit's end. */
export class BulkFold {
  private mark: IndexMark | undefined;
  private firstPosition = 0;
  private failed = false;
  private total = 0;
  /** The slot of each staged unit, by staging order. */
  private slots = new Uint32Array(1024);
  /** Units staged in the index under provisional ids, by staging order. */
  private staged = 0;
  /** Staged units still in the index's unit map when the adoption began (undefined: not adopting). */
  private countedOutAtAdoption: number | undefined;
  /** Refreshed staged units gone from the index's unit map since the adoption began. */
  private gone = 0;
  /** Set once units were handed over by {@link feed}: the commit then reads nothing and stamps its units with it. */
  private stamp: string | undefined;
  /** The reader the commit calls with the stage. */
  readonly reader: StageReader;

  /** `small`: imports of this many units or fewer are learned after the commit, as before (posted at once, no seal). */
  constructor(private readonly index: NgramIndex, private readonly small: number) {
    const fold = this;
    this.reader = {
      wants: (total) => {
        if (this.stamp !== undefined) return !this.failed;
        if (total <= this.small) return false;
        this.total = total;
        this.begin();
        return true;
      },
      read: (staged) => (this.stamp === undefined ? this.read(staged) : Promise.resolve()),
      get stamp() {
        return fold.stamp;
      },
    };
  }

  /** Marks where the staged slots begin and holds the index's compactions (see the module header). */
  private begin(): void {
    if (this.mark !== undefined) return;
    this.mark = this.index.mark();
    this.index.holds++;
  }

  /**
   * Folds staged units handed over as they are staged (an import parsed off the main thread,
   * staged-fold.ts), before the commit, paced by `pause`; `stamp` is the updatedAt the commit will
   * give them. The index grows in steps as they come, to `expected` units in all (an estimate)
   * when it is given, else by the units staged so far. The caller keeps other writes out until
   * it resolves.
   */
  async feed(page: readonly UnitTexts[], stamp: string, pause: () => Promise<void>, expected = 0): Promise<void> {
    if (this.failed) return;
    this.stamp = stamp;
    this.begin();
    try {
      // Room in the slots and the arena, grown in steps: for the rest of the import as estimated
      // (grown by the units staged so far, the slots and arena of a 1M-unit import were copied
      // some ten times, and RSS after it was 1,761 MB against 1,2xx), and by at least the page's
      // characters (a key's symbols are no more than its text's, give or take a fold): an arena
      // that filled first grew in one copy on the event loop (186 ms at 100k into 100k, load 9).
      const symbols = page.reduce((n, u) => n + u.source.length + u.target.length + ARENA_MARGIN, 0);
      if (this.index.slotCount + page.length > this.index.unitIds.length || this.index.arena.length + symbols > this.index.arena.data.length) {
        for (const _ of this.index.reserveInSteps(Math.max(page.length, this.staged, Math.ceil((expected - this.staged) * EXPECTED_SPARE)), undefined, symbols)) await pause();
      }
      await this.foldUnits(page, pause);
    } catch {
      this.failed = true;
    }
  }

  /** Stages `page` (ids: staging positions) under provisional ids, paced by `pause`. */
  private async foldUnits(page: readonly UnitTexts[], pause: () => Promise<void>): Promise<void> {
    if (this.slots.length < this.staged + page.length) {
      const grown = new Uint32Array(Math.max(this.slots.length * 2, this.staged + page.length));
      grown.set(this.slots.subarray(0, this.staged));
      this.slots = grown;
    }
    for (const u of page) {
      if (this.staged === 0) this.firstPosition = u.id;
      // Positions come in order with no gap, so staged unit k holds position first + k.
      if (u.id !== this.firstPosition + this.staged) throw new Error('staged units out of order');
      this.index.stage({ ...u, id: -u.id });
      // A new unit id (provisional ids are negative): stage appended one slot.
      this.slots[this.staged] = this.index.slotCount - 1;
      if (++this.staged % FOLD_CHECK === 0) await pause();
    }
    await pause();
  }

  private async read(staged: (batch: number) => AsyncIterable<UnitTexts[]>): Promise<void> {
    let pages = 0;
    // Folding, and growing the index's arrays, paced by one time slice: pages of 1,000 or 2,000
    // units folded a turn held lookups 150-240 ms at load 6.5 during a 100k-unit import, and the
    // arena grown in one copy 100-240 ms (index-growth.ts reserveSlots).
    const pause = timeSlice(IMPORT_SLICE_MS);
    try {
      for (const _ of this.index.reserveInSteps(this.total)) await pause();
      for await (const page of staged(FOLD_BATCH)) {
        // Room for the rest's keys once the first page gives their length (an empty index has no
        // length to go by): the arena then grows once, not by copies of hundreds of MB as it
        // fills (one held the event loop 3.3 s during a 1M-unit import at load 5).
        if (pages++ === 1) for (const _ of this.index.reserveInSteps(this.total - this.staged)) await pause();
        await this.foldUnits(page, pause);
      }
    } catch {
      this.failed = true;
    }
  }

  /** True when every unit was handed over before the commit (and none failed): the seal may be laid out while it runs. */
  get fedWhole(): boolean {
    return this.stamp !== undefined && this.staged > 0 && !this.failed;
  }

  /**
   * After a commit: true when the folded units are the created ones and those the commit found
   * stored and refreshed, now relabelled with their ids in steps paced by `pause` (the refreshed
   * ones removed; the caller seals), or, given `seal` (laid out during the commit), relabelled in
   * its layout, which is installed (`seal.installed`); otherwise the staged slots are rolled back
   * (and `seal` dropped) and false. The refreshed units' updatedAt is the commit's.
   */
  async adopt(counts: BulkWriteCounts, pause: () => Promise<void>, seal?: PendingSeal): Promise<boolean> {
    const ids = this.idsOf(counts);
    // Staged units killed meanwhile (their memory deleted between pages, and made again before
    // the commit, which then wrote them all) have no slot to relabel: the units are read back
    // from the store instead (a review of the seventh round: 1,500 of 80,000 committed units
    // were left out of the index until a restart).
    if (ids === undefined || this.index.provisionalUnits !== this.staged) {
      await seal?.drop(pause);
      await this.rollback(pause);
      return false;
    }
    const first = this.firstPosition;
    const refreshed = counts.updatedIds?.length ?? 0;
    // A refreshed unit's slot leaves the unit map as it is relabelled: it is no longer counted
    // out of the TM's size (tm.ts unitCount), which stays as it was until the end, as in rollback.
    this.countedOutAtAdoption = this.index.provisionalUnits;
    const counted = this.counting();
    const paused = async () => {
      counted();
      await pause();
    };
    // A layout whose building failed (an allocation) is dropped, and so is one that would keep
    // many refreshed units as tombstones: the live index is relabelled and the caller seals.
    const fits = refreshed <= this.staged * REFRESHED_IN_LAYOUT;
    try {
      if (seal && fits && (await seal.built.then(() => true, () => false))) await seal.adopt((k) => -(first + k), ids, paused);
      else if (seal) await seal.drop(pause);
      if (!seal?.installed) for (const _ of this.index.relabelStagedInSteps(this.slots.subarray(0, this.staged), (k) => -(first + k), ids)) await paused();
    } catch (err) {
      // The relabel undid itself (index-growth.ts relabelSlots): the staged units are all back
      // under their provisional ids, for the caller's rollback, and counted out as such.
      this.countedOutAtAdoption = undefined;
      throw err;
    }
    counted();
    if (refreshed > 0) {
      if (this.stamp === undefined) this.index.forgetUpdatedAt();
      else for (const _ of this.index.touchInSteps(counts.updatedIds as Int32Array, this.stamp)) await pause();
    }
    this.end();
    return true;
  }

  /**
   * Staged units counted out of the TM's size (tm.ts unitCount: the index's size less these) until
   * the fold ends: those in the index's unit map under provisional ids, which the store does not
   * hold yet (or, once the commit has, until they are adopted: the size moves once, at the end).
   * Counted by the unit map itself (unit-slots.ts), so that it stays exact whatever removes them
   * (a review of the sixth round: a memory deleted during the import killed its staged slots, and
   * the fold's own count, staged less gone, kept them counted out, /health short by as many).
   */
  get countedOut(): number {
    return this.countedOutAtAdoption === undefined ? this.index.provisionalUnits : this.countedOutAtAdoption - this.gone;
  }

  /**
   * Counts the staged units that have left the index's unit map since it was called, each time
   * what it returns is called (after each step), so that {@link countedOut} follows them out.
   */
  private counting(): () => void {
    const size = this.index.size;
    return () => {
      this.gone = size - this.index.size;
    };
  }

  /**
   * The id of each staged unit (NaN: one the commit found stored and refreshed), when the commit
   * created or refreshed exactly the units folded, and created some.
   */
  private idsOf(counts: BulkWriteCounts): Float64Array | undefined {
    const order = counts.createdOrder;
    const from = counts.createdIds?.from;
    const refreshed = counts.updatedOrder ?? NONE;
    if (this.mark === undefined || this.failed || order === undefined || from === undefined || order.length + refreshed.length !== this.staged) return undefined;
    const ids = new Float64Array(this.staged);
    const place = (position: number, id: number): boolean => {
      const k = position - this.firstPosition;
      if (!(k >= 0 && k < ids.length && ids[k] === 0)) return false;
      ids[k] = id;
      return true;
    };
    for (let j = 0; j < order.length; j++) if (!place(order[j] as number, from + j)) return undefined;
    for (const position of refreshed) if (!place(position, NaN)) return undefined;
    return ids;
  }

  /**
   * Forgets the staged slots (a failed commit or import, or one whose units cannot be adopted), in
   * steps paced by `pause`; nothing is folded after.
   */
  async rollback(pause: () => Promise<void>): Promise<void> {
    this.failed = true;
    const mark = this.mark;
    if (mark !== undefined) {
      // Nothing came between the staged slots: cut them off; otherwise remove them one by one.
      const steps = this.index.slotCount === mark.slots + this.staged ? this.index.rollbackInSteps(mark)
        : inSteps(this.staged, RELABEL_STEP, (lo, hi) => {
          for (let k = lo; k < hi; k++) this.index.remove(this.index.unitIds[this.slots[k] as number] as number);
        });
      // Units counted out of the TM's size until each is gone from the index (countedOut, unit-slots.ts).
      this.countedOutAtAdoption = undefined;
      for (const _ of steps) await pause();
    }
    this.end();
  }

  /** Lets the index compact again. */
  private end(): void {
    if (this.mark !== undefined) this.index.holds--;
    this.mark = undefined;
    this.staged = 0;
    this.countedOutAtAdoption = undefined;
    this.gone = 0;
  }
}
