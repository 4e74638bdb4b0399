/**
 * The machine's speed at the time of a run: a fixed piece of CPU work timed in the bench's own
 * process, before and after each size's phases (run-http.ts), so that runs taken hours apart can
 * be told apart by how fast the machine ran, not only by the load average (issue 12, eleventh
 * round). The load average counts runnable threads in this machine; it does not see a host that
 * runs this machine's cores slower, which is what made some idle runs of the tenth round slow
 * (every phase of both trees 40-60% slower in one pair, load 1.0-2.3, the same code).
 *
 * The work is a mix of what the server does: a native sort of 2^17 doubles, and a loop of
 * integer arithmetic and scattered reads over 4 MB (more than the caches of a small machine).
 * Each sample is some 33 ms on this 2-core machine at load 2 (33.1-33.8 in three runs; three
 * runs at once on the two cores: 33-72). The figure is the median of seven after one unmeasured
 * sample (the first compiles the loop), in milliseconds: lower is faster.
 */
import { prng } from '../synthetic.js';

const DOUBLES = 1 << 17;
const WORDS = 1 << 20;
const SAMPLES = 7;

/** One sample of the work: its time in ms, and a checksum that keeps the loop from being dropped. */
function sample(values: Float64Array, words: Int32Array): { ms: number; sum: number } {
  const t0 = performance.now();
  const copy = values.slice();
  copy.sort();
  let h = 0x811c9dc5;
  for (let i = 0, at = 0; i < WORDS; i++) {
    at = (at + (words[at] as number) + i) & (WORDS - 1);
    h = Math.imul(h ^ (words[at] as number), 0x01000193);
  }
  return { ms: performance.now() - t0, sum: h + (copy[DOUBLES >> 1] as number) };
}

/** The median time of the fixed work, in ms (see the module header). */
export function machineSpeedMs(): number {
  const random = prng(31);
  const values = Float64Array.from({ length: DOUBLES }, () => random());
  const words = Int32Array.from({ length: WORDS }, () => Math.floor(random() * WORDS));
  let sum = sample(values, words).sum;
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const s = sample(values, words);
    times.push(s.ms);
    sum += s.sum;
  }
  if (Number.isNaN(sum)) throw new Error('machine speed: no checksum');
  times.sort((a, b) => a - b);
  return Math.round((times[SAMPLES >> 1] as number) * 100) / 100;
}
