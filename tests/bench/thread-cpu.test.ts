import { describe, expect, it } from 'vitest';
import { mainAndAllCpuMs } from '../../bench/http/thread-cpu.js';

/** Spins on this (the main) thread until the process has used `ms` more of CPU time. */
function spinFor(ms: number): void {
  const start = process.cpuUsage();
  let x = 0;
  for (;;) {
    for (let i = 0; i < 100_000; i++) x = (x * 31 + i) | 0;
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) break;
  }
  expect(x).not.toBeNaN();
}

describe('mainAndAllCpuMs (run-lookups.ts splits a round by it)', () => {
  it("charges the main thread's own CPU to it, and every thread's to the sum", () => {
    const before = mainAndAllCpuMs(process.pid);
    spinFor(300);
    const after = mainAndAllCpuMs(process.pid);
    // /proc counts in ticks of 10 ms; the spin allocates nothing, so V8's other threads add little.
    expect(after.main - before.main).toBeGreaterThanOrEqual(200);
    expect(after.all - before.all).toBeGreaterThanOrEqual(after.main - before.main);
    expect(after.all).toBeGreaterThanOrEqual(after.main);
  });

  it('reads nothing for a process that does not exist', () => {
    // Pid 0 has no /proc entry: the listing throws rather than inventing a thread.
    expect(() => mainAndAllCpuMs(0)).toThrow();
  });
});
