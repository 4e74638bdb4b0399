/**
 * Work cut into steps with generators (the index's re-seal, issue 12): a step is the work
 * between two yields, and the caller decides what happens between steps (let lookups run, or
 * nothing when it drains the generator at once).
 *
 * Fresh memory is work too. On the 2-core Firecracker VM the benchmarks run on, the first write
 * to a page of a newly allocated array faults it in at some 3 ms per MB (12 µs a 4 KB page;
 * measured: touching a new 32 MB Uint32Array 96-102 ms, writing it again 0.25 ms, load 3.4),
 * whatever the allocation itself cost. A pass that writes all over a new array (the posting
 * lists filled in slot order, each slot's grams scattered over all of them) faults the whole
 * array in its first steps: 54-98 ms in one step of 1,000 slots during a 100k import into 100k
 * (issue 12, the server's profile matched to the event-loop gaps). {@link faultInSteps} maps such
 * an array's pages a megabyte a step before that pass; arrays written front to back (the arena,
 * the per-slot arrays) fault in a few pages a step by themselves.
 */

/** Bytes of a fresh array faulted in between two yields of {@link faultInSteps}: some 3 ms here (see above). */
export const FAULT_STEP_BYTES = 1 << 20;

/** Bytes of a memory page (Linux x86-64). */
const PAGE_BYTES = 4096;

/**
 * Runs `run` over [0, n) in ranges of `step` items, yielding between them. The loops live in
 * plain functions, not in the generators: V8 does not optimise a generator's loop while it runs
 * (no on-stack replacement in resumable functions), and a generator that runs once per seal
 * stayed in the interpreter, some 2 µs a slot to copy its keys (issue 12, the server's profile).
 */
export function* inSteps(n: number, step: number, run: (lo: number, hi: number) => void): Generator<void, void, void> {
  for (let lo = 0; lo < n; lo += step) {
    if (lo > 0) yield;
    run(lo, Math.min(n, lo + step));
  }
}

/**
 * Writes a zero into every page of `fresh`, a newly allocated (all-zero) typed array, `stepBytes`
 * at a time with a yield between, so that the pass that fills it later finds its pages mapped
 * (see the module header). Yields nothing for an array of one step or less.
 */
export function* faultInSteps(fresh: Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array, stepBytes = FAULT_STEP_BYTES): Generator<void, void, void> {
  const perPage = PAGE_BYTES / fresh.BYTES_PER_ELEMENT;
  const perStep = Math.max(perPage, Math.floor(stepBytes / fresh.BYTES_PER_ELEMENT));
  yield* inSteps(fresh.length, perStep, (lo, hi) => {
    for (let i = lo; i < hi; i += perPage) fresh[i] = 0;
  });
}

/** Runs a generator of steps to its end, at once. */
export function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
