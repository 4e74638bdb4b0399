/**
 * Fuzzy retrieval over the n-gram index (issue 3, "The index"; domain notes, "Lossless pruning").
 * It returns every unit whose base score can put it in the top `limit` at or above the threshold,
 * which the matcher then scores and ranks; the result equals a brute-force scan's.
 *
 * Filters, each exact for the bar `b` (base scores are whole percents, see score.ts):
 * - length window: |c| in [|q| - k(|q|), floor(100 |q| / b)];
 * - count filter on distinct padded bigrams: k edits destroy at most 2k of the |q| + 1 bigram
 *   occurrences of q, so a unit within k edits contains at least T = D - 2k of q's D distinct
 *   bigrams, with k = floor(max(|q|, |c|) (100 - b) / 100);
 * - prefix filter: a unit with T shared grams appears in at least one of any D - T + 1 of them,
 *   so only the rarest D - T_min + 1 posting lists are scanned (ScanCount); a unit whose count
 *   from those lists is short of its own T is checked in the unscanned (common) lists by binary
 *   search before anything else, which makes the count filter exact without scanning the
 *   longest lists (measured at 100k units: scanning every list verifies 4x fewer units but costs
 *   more than it saves; probing gets the same pruning for a few binary searches per unit);
 * - verification by bit-parallel Levenshtein with a cutoff of k.
 * Candidates are verified in order of descending count, so the best arrive first. The bar rises
 * with them: once `limit` units are in hand, a unit must reach the lowest of their bases minus the
 * penalty cap, because penalties may still reorder them (final >= base - cap, see score.ts).
 *
 * Staged search: a first pass at {@link STAGE_ONE_BAR} scans few lists; only when it cannot fill
 * the top `limit` does a pass at the requested threshold follow (units accepted in the first
 * pass are not verified twice). Below about 50 the count bound is zero or less and gives nothing:
 * the pass then verifies every unit in the length window, which is still exact, only slower.
 */
import { MyersPattern } from './levenshtein.js';
import type { NgramIndex, Partition } from './ngram-index.js';
import type { GrowableU32 } from './postings.js';
import { baseScore, lengthWindow, lowestFinalScore, maxEdits } from './score.js';

/** First-pass bar: high enough to scan only the rarest grams, low enough to fill a top 5 often. */
export const STAGE_ONE_BAR = 90;

/** A unit that may belong in the result, with its base score. */
export interface FuzzyCandidate {
  unitId: number;
  base: number;
}

/** Work done by one search (for the benchmark). */
export interface SearchStats {
  passes: number;
  postings: number;
  verified: number;
}

/** Scratch arrays shared by all searches (they run one at a time). */
let counts = new Uint16Array(0);
let accepted = new Int32Array(0);
let touched = new Int32Array(0);
let epoch = 0;

function ensureScratch(slots: number): void {
  if (counts.length < slots) {
    const size = Math.max(slots, Math.ceil(counts.length * 1.5), 1024);
    counts = new Uint16Array(size);
    const next = new Int32Array(size);
    next.set(accepted);
    accepted = next;
    touched = new Int32Array(size);
  }
}

/** The `limit` best bases seen, lowest first. */
class TopBases {
  readonly bases: number[] = [];
  constructor(private readonly limit: number) {}
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
}

/** Finds the candidates for a query key (matching-key symbols) in partition `part`. */
export function searchFuzzy(ix: NgramIndex, part: number, key: Int32Array, threshold: number, limit: number, stats?: SearchStats): FuzzyCandidate[] {
  const p = ix.partitions[part] as Partition;
  const L = key.length;
  ensureScratch(ix.slotCount);
  epoch++;
  const unknown = new Map<number, number>();
  const q = Int32Array.from(key, (s) => ix.sourceSymbols.get(s) ?? (unknown.get(s) ?? unknown.set(s, ix.sourceSymbols.size + unknown.size).get(s) as number));
  const pattern = new MyersPattern(q, ix.sourceSymbols.size + unknown.size);
  const seen = new Set<number>();
  const lists: (GrowableU32 | undefined)[] = [];
  for (let i = 0, prev = 0; i <= L; i++) {
    const cur = i < L ? (q[i] as number) : 0;
    const code = prev * 0x4000000 + cur;
    if (!seen.has(code)) {
      seen.add(code);
      const g = p.source.find(prev, cur);
      lists.push(g < 0 ? undefined : p.source.lists[g]);
    }
    prev = cur;
  }
  lists.sort((a, b) => (a?.length ?? 0) - (b?.length ?? 0));
  const D = lists.length;
  const top = new TopBases(limit);
  const found: FuzzyCandidate[] = [];
  const floor = Math.ceil(threshold);
  const barNow = () => Math.max(floor, top.bar());

  const verify = (slot: number, bar: number): void => {
    if (!ix.alive[slot] || accepted[slot] === epoch) return;
    const len = ix.sourceLength[slot] as number;
    const k = maxEdits(Math.max(L, len), bar);
    const start = ix.sourceStart[slot] as number;
    if (stats) stats.verified++;
    const d = pattern.distance(ix.arena.data, start, start + len, k);
    if (d > k) return;
    const base = baseScore(d, L, len);
    if (base < bar) return;
    accepted[slot] = epoch;
    found.push({ unitId: ix.unitIds[slot] as number, base });
    top.offer(base);
  };

  const pass = (stageBar: number): void => {
    if (stats) stats.passes++;
    let bar = Math.max(stageBar, top.bar());
    let [cmin, cmax] = lengthWindow(L, bar);
    const tMin = D - 2 * maxEdits(Math.max(L, Math.min(cmax, 1 << 30)), bar);
    if (tMin <= 0) {
      for (let len = cmin; len <= Math.min(cmax, p.byLength.length - 1); len++) {
        const list = p.byLength[len];
        for (let i = 0; list && i < list.length; i++) verify(list.data[i] as number, barNow());
      }
      return;
    }
    const scanned = D - tMin + 1;
    const rest = lists.slice(scanned).filter((l): l is GrowableU32 => l !== undefined);
    const nt = scanCount(lists, scanned, stats);
    const order = byCountDescending(nt, scanned);
    const lengths = ix.sourceLength;
    let tNow = tMin;
    for (let i = 0; i < nt; i++) {
      const slot = order[i] as number;
      let c = counts[slot] as number;
      if (barNow() > bar) {
        bar = barNow();
        [cmin, cmax] = lengthWindow(L, bar);
        tNow = D - 2 * maxEdits(Math.max(L, cmax), bar);
      }
      if (c + rest.length < tNow) break;
      const len = lengths[slot] as number;
      if (len < cmin || len > cmax) continue;
      // Count filter, exact: probe the common lists that were not scanned (rarest first, so a
      // unit that shares one clause with the query fails after a few binary searches).
      const need = D - 2 * maxEdits(Math.max(L, len), bar);
      for (let g = 0; c < need && c + rest.length - g >= need; g++) if (contains(rest[g] as GrowableU32, slot)) c++;
      if (c < need) continue;
      verify(slot, bar);
    }
    for (let i = 0; i < nt; i++) counts[touched[i] as number] = 0;
  };

  for (const stage of STAGE_ONE_BAR > floor ? [STAGE_ONE_BAR, floor] : [floor]) {
    pass(stage);
    if (top.bar() >= stage) break;
  }
  const finalBar = barNow();
  return found.filter((c) => c.base >= finalBar);
}

/** ScanCount over the first `scanned` lists: counts per slot, touched slots listed; returns how many. */
function scanCount(lists: readonly (GrowableU32 | undefined)[], scanned: number, stats: SearchStats | undefined): number {
  const c = counts;
  const t = touched;
  let nt = 0;
  for (let g = 0; g < scanned; g++) {
    const list = lists[g];
    if (!list) continue;
    const data = list.data;
    const n = list.length;
    if (stats) stats.postings += n;
    for (let i = 0; i < n; i++) {
      const s = data[i] as number;
      const k = c[s] as number;
      c[s] = k + 1;
      if (k === 0) t[nt++] = s;
    }
  }
  return nt;
}

/** True when the sorted posting list holds `slot` (binary search). */
function contains(list: GrowableU32, slot: number): boolean {
  const data = list.data;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = data[mid] as number;
    if (v === slot) return true;
    if (v < slot) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The first `n` touched slots ordered by descending count (counting sort). */
function byCountDescending(n: number, maxCount: number): Int32Array {
  const start = new Int32Array(maxCount + 2);
  for (let i = 0; i < n; i++) {
    const bucket = maxCount - (counts[touched[i] as number] as number);
    start[bucket] = (start[bucket] as number) + 1;
  }
  for (let c = 0, sum = 0; c <= maxCount + 1; c++) {
    const k = start[c] as number;
    start[c] = sum;
    sum += k;
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = touched[i] as number;
    const bucket = maxCount - (counts[s] as number);
    out[start[bucket] as number] = s;
    start[bucket] = (start[bucket] as number) + 1;
  }
  return out;
}
