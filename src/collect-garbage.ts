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
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Runs a full garbage collection now (the backing stores of dead ArrayBuffers are freed just after). */
export function collectGarbage(): void {
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    return;
  }
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  gc();
}
