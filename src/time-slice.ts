/**
 * Cooperative time slicing for long work on the main thread (imports, index builds, exports):
 * the work checks in often, and every SLICE_MS it lets the event loop run queued requests, timers
 * and I/O before going on. `await` alone does not do that: a promise that is already resolved
 * (a buffered stream chunk, a synchronous store call behind an async interface) continues in the
 * same turn, so a loop of such awaits holds the loop as long as a synchronous one.
 */
import { performance } from 'node:perf_hooks';

/** Longest slice of work between two turns: far under the 100 ms a request may wait (issue 11). */
export const SLICE_MS = 15;

/** Resolves on the next turn of the event loop, after pending I/O callbacks. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Counts a slice of work and yields to the event loop when it is used up. */
export class TimeSlicer {
  private start = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** Call between units of work. */
  async check(): Promise<void> {
    if (performance.now() - this.start < this.sliceMs) return;
    await nextTurn();
    this.start = performance.now();
  }
}

/** A pause to await between small pieces of work: it yields to the event loop once a slice is used up. */
export function timeSlice(sliceMs = SLICE_MS): () => Promise<void> {
  const slicer = new TimeSlicer(sliceMs);
  return () => slicer.check();
}
