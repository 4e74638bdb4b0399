/**
 * The planes' sweep run at every counter width before the first search (issue 12, ninth round):
 * it changes no result, only what V8 knows of the sweep when it optimises it.
 *
 * Why. {@link SlotPlanes.sweep} counts misses in bit-sliced counters only as wide as the misses
 * allowed (`levels`, 1-9 bits): a sentence at 70 needs 4-5, a segment of 100 characters 6. V8
 * optimises the sweep after the first few dozen searches, and the counters those searches never
 * reached have no type feedback, so the first longer query after that deoptimises the whole
 * sweep (`--trace-deopt`: "Insufficient type feedback for binary operation" at `c5 & carry`),
 * which then runs unoptimised code until V8 optimises it again. In the HTTP benchmark at 100k
 * this happened in the first round of lookups after the import and after the restart (once or
 * twice each, besides once in the warm-up), the round whose p95 issue 12 reports. Running the
 * sweep at each width over one word of slots before the first search, with a slot that survives
 * (so that the survivors' paths run too: S from the counters, less the repeats of a repeated
 * bucket it lacks), gives every branch its feedback: 30 sweeps of one word, once a process.
 *
 * Measured: see ngram-search.ts ("The first round after an import").
 */
import type { NgramIndex } from './ngram-index.js';
import { PlaneSurvivors, SlotPlanes } from './plane-sweep.js';
import { bucket } from './signatures.js';

/** Widest counter of the sweep (9 bits: 511 misses; see plane-sweep.ts). */
const WIDEST = 9;

/**
 * Rounds of the ten sweeps. V8 gives a function its feedback vector lazily
 * (`--lazy-feedback-allocation`): only once it has run bytecode worth a budget of its bytecode
 * size times `--interrupt-budget-factor-for-feedback-allocation` (8 in Node 20's V8), and what runs
 * before that records nothing. A first version that swept once, before any search had run the
 * sweep, left the deoptimisation in place; a review later found one round enough when searches had
 * run before. Three rounds cover both, for 30 sweeps of one word once a process.
 */
const ROUNDS = 3;

/** Whether the sweep has run at every width in this process (type feedback is per function, not per index). */
let primed = false;

/**
 * The layout of an index whose sorted slots all have an empty key (sources of whitespace alone),
 * so that its searches do not look through them again until it is laid out anew: each search
 * primes until one has primed. A throwaway probe (2,000 searches at 70 after 300, CPU, load 4):
 * 1.04 ms a search at 1M such units, 0.12 ms at 100k; looked through once, 0.03 ms at both.
 */
const keyless = new WeakMap<NgramIndex, number>();

/**
 * Sweeps the word of `ix`'s first sorted slot with a key, a few times at each counter width, for
 * V8's type feedback (see the module header). A no-op once done, and until `ix` has such a
 * slot (looked for once a layout). The sweep builds the planes of that chunk if no search has
 * yet; nothing else changes.
 */
export function primeSweep(ix: NgramIndex): void {
  if (primed || keyless.get(ix) === ix.layout) return;
  let slot = 0;
  while (slot < ix.sortedEnd && ix.sourceLength[slot] === 0) slot++;
  if (slot >= ix.sortedEnd) {
    keyless.set(ix, ix.layout);
    return;
  }
  primed = true;
  // The slot's own symbols, repeated past the widest counter's count, after two of a symbol in
  // a bucket it lacks: it misses only those two, so from two bits on it survives, and its S is
  // taken from the counters less the repeats of a repeated bucket it lacks.
  const own = ix.sourceOf(slot);
  const ownBuckets = new Set(Array.from(own, (x) => bucket(x)));
  // (A unit with all 256 buckets has none it lacks: then its own first symbol, and that path stays unprimed.)
  let absent = own[0] as number;
  for (let x = 0; x < 1 << 16; x++) {
    if (!ownBuckets.has(bucket(x))) {
      absent = x;
      break;
    }
  }
  const query = new Int32Array((1 << WIDEST) + 1);
  query[0] = query[1] = absent;
  for (let i = 2; i < query.length; i++) query[i] = own[i % own.length] as number;
  const planes = new SlotPlanes(ix, query);
  const into = new PlaneSurvivors();
  const lo = slot & ~31;
  const hi = Math.min(lo + 32, ix.sortedEnd);
  for (let round = 0; round < ROUNDS; round++) {
    // spare = |Q| - need misses allowed; `levels` bits hold spare for spare in [2^(levels-1), 2^levels).
    for (let levels = 1; levels <= WIDEST; levels++) planes.sweep(lo, hi, planes.querySize - (1 << (levels - 1)), query.length, into);
    // Every query symbol allowed to miss: no counters, S counted from the planes.
    planes.sweep(lo, hi, planes.querySize - query.length, query.length, into);
  }
}
