/**
 * The state of one fuzzy search's sweep (ngram-search.ts): the best bases seen and the bar they
 * impose, the length window and edits allowed for that bar, and the units accepted. Kept in
 * classes, not in closures made per search (issue 12, eighth round: see ngram-search.ts, "The
 * search's optimised code after an import").
 */
import type { MyersPattern } from '../scoring/levenshtein.js';
import { baseScore, lengthWindow, lowestFinalScore, maxEdits } from '../scoring/score.js';
import type { BagFilter } from './bag-filter.js';
import type { FuzzyCandidate, SearchStats } from './ngram-search.js';
import type { NgramIndex, Partition } from './ngram-index.js';
import type { SlotPlanes } from './plane-sweep.js';
import type { SignatureFilter } from './signatures.js';

/** The `limit` best bases seen, lowest first. */
export class TopBases {
  readonly bases: number[] = [];
  constructor(private readonly limit: number, private readonly bands?: readonly number[]) {}
  offer(base: number): void {
    if (this.bases.length === this.limit && base <= (this.bases[0] as number)) return;
    let i = this.bases.findIndex((b) => b > base);
    if (i < 0) i = this.bases.length;
    this.bases.splice(i, 0, base);
    if (this.bases.length > this.limit) this.bases.shift();
  }
  /** The bar the heap imposes, or -Infinity while it is not full. */
  bar(): number {
    return this.bases.length === this.limit ? lowestFinalScore(this.bases[0] as number) : -Infinity;
  }
  /** The bar of the sweep: {@link bar}, or with bands the next edge above it once it reaches one ({@link SweepOptions.bands}). */
  sweepBar(): number {
    const low = this.bar();
    const bands = this.bands;
    if (bands === undefined || bands.length === 0 || low < (bands[0] as number)) return low;
    for (const edge of bands) if (edge > low) return edge;
    return low;
  }
}

/** The filters a unit meets before it is accepted, cheapest first. */
export interface Filters {
  planes: SlotPlanes;
  signature: SignatureFilter;
  bag: BagFilter;
  pattern: MyersPattern;
}

/**
 * The state of one search's sweep: the bar in force, its length window and the edits allowed per
 * length (they shrink as the bar rises), and the units accepted. A class and not closures made
 * per search, so that the optimised code of the sweep does not hang on which closures V8 inlined
 * when it first optimised it (see the module header).
 */
export class SweepState {
  readonly found: FuzzyCandidate[] = [];
  /** The bar the window is for. */
  now = -1;
  wmin = 0;
  wmax = -1;
  /** Edits allowed at each length of the window, from `wmin`. */
  edits = new Int32Array(0);
  private readonly floor: number;
  private readonly longest: number;

  constructor(private readonly ix: NgramIndex, p: Partition, private readonly L: number, private readonly filters: Filters, threshold: number,
    private readonly top: TopBases, private readonly stats: SearchStats | undefined) {
    this.floor = Math.ceil(threshold);
    let longest = p.lengthStart.length - 2;
    for (let i = 0; i < p.tail.length; i++) longest = Math.max(longest, ix.sourceLength[p.tail.data[i] as number] as number);
    this.longest = longest;
    this.rebar(this.bar());
  }

  /** The bar now: the threshold, or higher once `limit` units are in hand. */
  bar(): number {
    return Math.max(this.floor, this.top.sweepBar());
  }

  /** The window and the edits allowed per length for `bar`. */
  rebar(bar: number): void {
    this.now = bar;
    const [wmin, wmax] = lengthWindow(this.L, bar);
    this.wmin = wmin;
    this.wmax = Math.min(wmax, this.longest);
    this.edits = new Int32Array(Math.max(0, this.wmax - wmin + 1));
    for (let c = wmin; c <= this.wmax; c++) this.edits[c - wmin] = maxEdits(Math.max(this.L, c), bar);
  }

  /** Bag filter and Levenshtein for a unit that passed the signature at `k` edits; accepts it when it reaches the bar. */
  confirm(slot: number, len: number, k: number): void {
    const { ix, stats, L } = this;
    const start = ix.sourceStart[slot] as number;
    if (stats) stats.signed++;
    if (!this.filters.bag.screens(ix.arena.data, start, start + len, k)) return;
    if (stats) stats.distances++;
    const t0 = stats?.clock?.() ?? 0;
    const d = this.filters.pattern.distance(ix.arena.data, start, start + len, k);
    if (stats?.clock) stats.distanceMs = (stats.distanceMs ?? 0) + stats.clock() - t0;
    if (d > k) return;
    const base = baseScore(d, L, len);
    if (base < this.now) return;
    this.found.push({ unitId: ix.unitIds[slot] as number, base, updatedAt: ix.updatedAtKnown ? ix.updatedAt[slot] as number : NaN });
    this.top.offer(base);
    const bar = this.bar();
    if (bar > this.now) this.rebar(bar);
  }

  /** The units found that reach the final bar (those that settled the best band stay: they are below its edge). */
  result(): FuzzyCandidate[] {
    const finalBar = Math.max(this.floor, this.top.bar());
    return this.found.filter((x) => x.base >= finalBar);
  }
}
