import { describe, expect, it } from 'vitest';
import { countTrace } from '../../bench/http/trace-counts.js';

// Lines as Node 20's V8 writes them under --trace-deopt --trace-opt, and run-lookups' round markers.
const TRACE = [
  '[completed compiling 0x1c2a <JSFunction unitsOfTu (sfi = 0x35fa)> (target TURBOFAN) - took 0.010, 45.000, 0.032 ms]',
  '[bailout (kind: deopt-eager, reason: wrong map): begin. deoptimizing 0x2079 <JSFunction matchKey (sfi = 0x6b07)>, 0x026f <Code TURBOFAN>, opt id 83, bytecode offset 17]',
  '=== after import threshold 70 warm-up',
  '[marking 0x1166 <JSFunction sweep (sfi = 0x3046)> for optimization to TURBOFAN, ConcurrencyMode::kConcurrent, reason: hot and stable]',
  '[completed compiling 0x1166 <JSFunction sweep (sfi = 0x3046)> (target TURBOFAN) - took 0.5, 10.0, 0.5 ms]',
  '[completed optimizing 0x1166 <JSFunction sweep (sfi = 0x3046)> (target TURBOFAN)]',
  '=== after import threshold 70 round 1',
  '[bailout (kind: deopt-eager, reason: Insufficient type feedback for binary operation): begin. deoptimizing 0x0464 <JSFunction sweep (sfi = 0x17c5)>, 0x0c4b <Code TURBOFAN>, opt id 315]',
  // A deopt line can follow a chunk of another line in the copied output.
  '    0x7ffc: [top + 0] <- 0x2e16[bailout (kind: deopt-eager, reason: Insufficient type feedback for binary operation): begin. deoptimizing 0x0464 <JSFunction sweep (sfi = 0x17c5)>, opt id 324]',
  '[completed compiling 0x1166 <JSFunction sweep (sfi = 0x3046)> (target TURBOFAN) - took 1.0, 20.0, 1.0 ms]',
  '[completed compiling 0x1167 <JSFunction lookupOne (sfi = 0x3047)> (target TURBOFAN) - took 1.0, 2.0, 3.0 ms]',
].join('\n');

describe('countTrace (run-lookups.ts BENCH_SERVER_OUT with --trace-deopt --trace-opt)', () => {
  it('counts deopts by function and reason, and compiles with their time, in each round', () => {
    const sections = countTrace(TRACE);
    expect(sections.map((s) => s.name)).toEqual(['start', 'after import threshold 70 warm-up', 'after import threshold 70 round 1']);
    const [start, warmUp, round1] = sections;
    expect([...(start?.deopts ?? [])]).toEqual([['matchKey: wrong map', 1]]);
    expect([...(start?.compileMs.keys() ?? [])]).toEqual(['unitsOfTu']);
    expect(start?.compileMs.get('unitsOfTu')).toBeCloseTo(45.042, 6);
    // A marking and a completed optimisation are not compiles of their own: one compile, once.
    expect([...(warmUp?.compiles ?? [])]).toEqual([['sweep', 1]]);
    expect([...(warmUp?.deopts ?? [])]).toEqual([]);
    expect([...(round1?.deopts ?? [])]).toEqual([['sweep: Insufficient type feedback for binary operation', 2]]);
    expect([...(round1?.compiles ?? [])]).toEqual([['sweep', 1], ['lookupOne', 1]]);
    expect(round1?.compileMs.get('sweep')).toBe(22);
  });

  it('keeps everything in the start section when there is no marker', () => {
    const [only, ...rest] = countTrace('[completed compiling 0x1 <JSFunction f (sfi = 0x2)> (target TURBOFAN) - took 1, 2, 3 ms]\nnoise');
    expect(rest).toEqual([]);
    expect(only?.compiles.get('f')).toBe(1);
    expect(only?.compileMs.get('f')).toBe(6);
  });
});
