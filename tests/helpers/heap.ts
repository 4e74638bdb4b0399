/**
 * What a piece of work leaves behind in memory: the JS heap plus array buffers, each read after a
 * full collection, for tests that a cache cannot grow with its input (no timing, only bytes).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** V8's full collection, reached without starting the test process with --expose-gc. */
const gc = runInNewContext('gc') as () => void;

/** Turns given to the array buffers' release, which follows a collection on another thread. */
const SETTLE_TURNS = 50;

/** Bytes held now: the JS heap plus array buffers, after a full collection and the buffers' release. */
export async function held(): Promise<number> {
  let buffers = -1;
  for (let turn = 0; turn < SETTLE_TURNS; turn++) {
    gc();
    const m = process.memoryUsage();
    if (m.arrayBuffers === buffers) return m.heapUsed + m.arrayBuffers;
    buffers = m.arrayBuffers;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Bytes held after `work` more than before it (garbage collected, and buffers released, on both sides). */
export async function retainedBy(work: () => void): Promise<number> {
  const before = await held();
  work();
  return (await held()) - before;
}

/** `count` distinct code points from `first`, as texts of `each` code points. */
export function codePointTexts(first: number, count: number, each = 100): string[] {
  const texts: string[] = [];
  for (let cp = first; cp < first + count; cp += each) {
    texts.push(String.fromCodePoint(...Array.from({ length: Math.min(each, first + count - cp) }, (_, k) => cp + k)));
  }
  return texts;
}
