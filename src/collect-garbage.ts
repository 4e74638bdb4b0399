/**
 * A full garbage collection on demand, for the moments the server may pause for it: after the
 * TM index is built at start, before it listens (issue 12, RSS after a restart), and after a
 * large bulk import.
 *
 * The build leaves its temporaries behind (the staged arena and slot arrays the seal copied
 * into their sorted layout, the seal's gram numbers): at 1M units, in process, 1,198 MB of
 * ArrayBuffers after the seal and 712 MB after a collection, RSS 1,406 -> 904 MB, the collection
 * 230 ms at load 6. V8 collects them only when allocation calls for it, which a server idle after
 * its start never does, so they stayed in its RSS. Lookups are not paused by this: nothing is
 * served yet. After a bulk import of 200k units or more the TM runs it too (bulk-import.ts
 * `COLLECT_AFTER_UNITS`): there it holds lookups for its length, 86-103 ms at 1M units, once.
 *
 * The collector is reached as Jest's leak detector reaches it (`jest-leak-detector`): the
 * `--expose-gc` flag set at run time, `gc` taken from a new context, the flag unset again.
 *
 * The dead backing stores are freed inside the collection, not after it (issue 12, tenth round).
 * V8 frees them by default in a background job it posts at the end of the collection
 * (`--concurrent-array-buffer-sweeping`), so `gc()` returned with all of them still resident
 * and the import's answer went out while that job was unmapping them: RSS read right after a
 * 1M import's answer was 1,276-1,515 MB in this round's four runs of the tree before (load 3-7;
 * last round 1,295-1,574) and 1,238-1,253 MB 40 ms later. Sampled every 20 ms
 * (`BENCH_RSS_TIMELINE`), the drop, 306-357 MB in every run, starts with this collection and
 * lands on either side of the answer; the parse and stage threads had ended 8.6-24 s before and
 * the commit worker 0.4-2.9 s before, each with no drop. Off for this one collection, the sweep
 * runs in its pause: at 1M 13 ms of a 200 ms pause (`--trace-gc-nvp`, load 6.5; marking 179
 * ms), RSS right after the answer 1,213-1,290 MB in four runs. V8 reads the flag only when it
 * starts a sweep (array-buffer-sweeper.cc `RequestSweep`; finishing one does not look at it),
 * so setting it around the call is safe beside other isolates' collections: a worker's
 * collection that starts a sweep within this pause sweeps in its own pause, the others stay
 * concurrent. Left concurrent: V8's own page sweeping and unmapping (`--concurrent-sweeping`,
 * not checked to be safe to flip while a worker's isolate sweeps); it gives back the heap pages
 * the collection emptied, 0-33 MB after a 1M import, just after the answer.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The process was started with the sweep off (V8 takes `-` or `_` in a flag's name and `--no` with
 * or without a dash; Node refuses the flag in NODE_OPTIONS): it stays off.
 */
const SWEEP_OFF_AT_START = process.execArgv
  .some((arg) => /^--no-?concurrent-array-buffer-sweeping$/.test(arg.replace(/_/g, '-')));

/** Runs a full garbage collection now; the backing stores of dead ArrayBuffers are freed before it returns. */
export function collectGarbage(): void {
  const gc = typeof globalThis.gc === 'function' ? globalThis.gc : exposedGc();
  setFlagsFromString('--no-concurrent-array-buffer-sweeping');
  try {
    gc();
  } finally {
    if (!SWEEP_OFF_AT_START) setFlagsFromString('--concurrent-array-buffer-sweeping');
  }
}

/** `gc` without `--expose-gc` on the command line. */
function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  return gc;
}
