/**
 * The first search primes the planes' sweep at every counter width (sweep-priming.ts), so that a
 * longer query after V8 has optimised the sweep on short ones does not deoptimise it; and
 * `sortedFrom` clamps lengths past the longest unit's to the end of the sorted slots. The
 * optimisation check reads V8's own status (`%GetOptimizationStatus`, natives syntax turned on
 * at run time): without the priming, the long search below deoptimises the sweep
 * ("Insufficient type feedback for binary operation").
 */
import { setFlagsFromString } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { prng } from '../../../../bench/synthetic.js';
import { NgramIndex } from '../../../../src/domain/tm/index/ngram-index.js';
import { sortedFrom } from '../../../../src/domain/tm/index/ngram-search.js';
import { TmSeeker } from '../../../../src/domain/tm/index/seeker.js';
import type { Partition } from '../../../../src/domain/tm/index/ngram-index.js';
import { SlotPlanes } from '../../../../src/domain/tm/index/plane-sweep.js';

// Natives syntax for the status checks, and V8's optimising compiler on this thread, so that
// `%OptimizeFunctionOnNextCall` takes effect on the next call and not when a background job ends.
setFlagsFromString('--allow-natives-syntax');
setFlagsFromString('--no-concurrent-recompilation');
// Built with Function: V8's natives syntax parses only in code compiled after the flag is set.
const natives = {
  prepare: new Function('f', '%PrepareFunctionForOptimization(f);') as (f: unknown) => void,
  optimizeNext: new Function('f', '%OptimizeFunctionOnNextCall(f);') as (f: unknown) => void,
  status: new Function('f', 'return %GetOptimizationStatus(f);') as (f: unknown) => number,
};
// Process-wide flags: put back after this file, should a pool ever run other files in this process.
afterAll(() => setFlagsFromString('--concurrent-recompilation'));
/**
 * V8's `OptimizationStatus::kTurboFanned` bit (src/runtime/runtime.h in Node 20's V8): optimised
 * by TurboFan, not only the `kOptimized` bit that Maglev's code also sets in later V8s.
 */
const TURBOFANNED = 1 << 6;

const rnd = prng(29);
const text = (n: number, alphabet: number) => Array.from({ length: n }, () => String.fromCharCode(0x4e00 + Math.floor(rnd() * alphabet))).join('');

/**
 * Units of 10-30 symbols and some of 520 sharing 300-339 of them with `long` (at threshold 50, a
 * 520-symbol query may miss 256-511 of its keys: the widest, 9-bit counters), sealed.
 */
function index(): { ix: NgramIndex; long: string } {
  const ix = new NgramIndex();
  let id = 0;
  const add = (source: string) => ix.stage({ id: ++id, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source, target: 'x' });
  for (let i = 0; i < 300; i++) add(text(10 + Math.floor(rnd() * 21), 400));
  const long = text(520, 3000);
  for (let i = 0; i < 40; i++) add(`${long.slice(0, 300 + i)}${text(220 - i, 3000)}`);
  ix.seal();
  return { ix, long };
}

describe('the planes\' sweep, primed by the first search', () => {
  it('stays optimised through a query whose counters are wider than every earlier query\'s', () => {
    const { ix, long } = index();
    const part = ix.partitionFor('m', 'zh-CN', 'en');
    const seeker = new TmSeeker(ix);
    const short = Array.from({ length: 20 }, () => text(20, 400));
    const sweep = SlotPlanes.prototype.sweep;
    // The first search primes the sweep, with no feedback vector made ahead of it (as in a server);
    // only then does the test ask V8 to keep the function's feedback for its optimisation.
    for (const q of short) seeker.fuzzy(part, q, 70, 5);
    natives.prepare(sweep);
    seeker.fuzzy(part, short[1] as string, 70, 5);
    natives.optimizeNext(sweep);
    seeker.fuzzy(part, short[0] as string, 70, 5);
    expect(natives.status(sweep) & TURBOFANNED).toBe(TURBOFANNED);
    // 520 symbols at 50: 256 or more of its keys may miss, the 9-bit counters; the short queries needed 3 bits.
    const found = seeker.fuzzy(part, long, 50, 5);
    expect(found.length).toBeGreaterThan(0);
    expect(natives.status(sweep) & TURBOFANNED).toBe(TURBOFANNED);
  });
});

describe('sortedFrom', () => {
  it('gives the first slot of each length, the start below 0 and the end past the longest', () => {
    const { ix } = index();
    const p = ix.partitions[ix.partitionFor('m', 'zh-CN', 'en')] as Partition;
    const ls = p.lengthStart;
    const end = ls[ls.length - 1] as number;
    expect(sortedFrom(p, -3)).toBe(ls[0]);
    expect(sortedFrom(p, 0)).toBe(ls[0]);
    expect(sortedFrom(p, 25)).toBe(ls[25]);
    expect(sortedFrom(p, ls.length - 1)).toBe(end);
    expect(sortedFrom(p, ls.length + 40)).toBe(end);
    expect(end).toBe(ix.sortedEnd);
  });
});
