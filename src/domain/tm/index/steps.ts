/**
 * Work cut into steps with generators (the index's re-seal, issue 12): a step is the work
 * between two yields, and the caller decides what happens between steps (let lookups run, or
 * nothing when it drains the generator at once).
 */

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

/** Runs a generator of steps to its end, at once. */
export function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
