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
 * (issue 12, the server's profile matched to the event-loop gaps). {@link zeroedInSteps} allocates
 * such an array and faults its pages in a megabyte a step before that pass; arrays written front
 * to back (the arena as a layout copies keys into it) fault in a few pages a step by themselves.
 */

/** Bytes of a fresh array zeroed between two yields of {@link zeroedInSteps}: some 3 ms here (see above). */
export const FAULT_STEP_BYTES = 1 << 20;

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

/** A typed array's constructor over a buffer. */
export interface TypedArrayOf<T> {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/**
 * A zeroed typed array of `length` entries, allocated uninitialised and zeroed `stepBytes` a step
 * with a yield between. `new Uint32Array(n)` zeroes at once: calloc clears memory the allocator
 * takes back from its heap (below glibc's mmap threshold, which rises to 32 MB as large blocks
 * are freed), faulting it in at the rate above; a posting array's allocation alone held the
 * event loop 24 ms in one step (issue 12). `Buffer.allocUnsafeSlow` is malloc without the
 * clearing (its own buffer, never Node's pool), and its pages fault in as the steps zero them.
 */
export function* zeroedInSteps<T extends Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array>(
  type: TypedArrayOf<T>, length: number, stepBytes = FAULT_STEP_BYTES,
): Generator<void, T, void> {
  const bytes = Buffer.allocUnsafeSlow(length * type.BYTES_PER_ELEMENT);
  const array = new type(bytes.buffer as ArrayBuffer, bytes.byteOffset, length);
  yield* inSteps(length, Math.max(1, Math.floor(stepBytes / type.BYTES_PER_ELEMENT)), (lo, hi) => {
    array.fill(0, lo, hi);
  });
  return array;
}

/** Runs a generator of steps to its end, at once. */
export function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
