import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { rssTimeline, smapsBreakdown } from '../../bench/http/rss-timeline.js';

const MB = 1 << 20;

/** This process's VmRSS in MB. */
function rssMb(): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;
}

describe('rssTimeline (run-import.ts BENCH_RSS_TIMELINE)', () => {
  it('samples RSS as it grows, sets times from the zero mark, and sees a thread start and end', async () => {
    const timeline = rssTimeline(process.pid, 5);
    await sleep(30);
    const held = new Uint8Array(64 * MB).fill(1);
    const worker = new Worker('setTimeout(() => {}, 50)', { eval: true });
    await sleep(30);
    timeline.mark('zero');
    await new Promise((resolve) => worker.once('exit', resolve));
    await sleep(30);
    timeline.mark('after the worker');
    const rows = timeline.stop();
    expect(held[0]).toBe(1);

    const samples = rows.filter((r) => r.rss !== undefined);
    const first = samples[0]?.rss as [number, number, number];
    const last = samples[samples.length - 1]?.rss as [number, number, number];
    // The 64 MB of pages filled are resident, and anonymous.
    expect(last[0] - first[0]).toBeGreaterThanOrEqual(60);
    expect(last[1] - first[1]).toBeGreaterThanOrEqual(60);
    // VmRSS holds its anonymous and file-backed parts (each rounded to a MB).
    expect(samples.every((r) => {
      const [rss, anon, file] = r.rss as [number, number, number];
      return rss >= anon + file - 1;
    })).toBe(true);
    expect(rows.find((r) => r.event === 'zero')?.t).toBe(0);
    expect(rows.find((r) => r.event === 'after the worker')?.t).toBeGreaterThan(0);
    expect(samples[0]?.t).toBeLessThan(0);
    // The worker's thread appears once and ends once, the start before the zero mark.
    const started = rows.filter((r) => r.threads?.some((t) => t > 0));
    const ended = rows.filter((r) => r.threads?.some((t) => t < 0));
    expect(started.length).toBeGreaterThanOrEqual(1);
    expect((started[0] as { t: number }).t).toBeLessThan(0);
    const tids = new Set(started.flatMap((r) => (r.threads as number[]).filter((t) => t > 0)));
    expect(ended.flatMap((r) => (r.threads as number[]).filter((t) => t < 0)).some((t) => tids.has(-t))).toBe(true);
    // Rows are in time order.
    expect(rows.map((r) => r.t)).toEqual([...rows.map((r) => r.t)].sort((a, b) => a - b));
  });
});

describe('smapsBreakdown (run-import.ts BENCH_SMAPS)', () => {
  it('splits RSS into parts that add up to it, with memory in every kind this process holds', () => {
    const held = new Uint8Array(32 * MB).fill(1);
    const parts = smapsBreakdown(process.pid);
    const rss = rssMb();
    const sum = parts.brkHeap + parts.arenas + parts.otherAnon + parts.file;
    expect(held[0]).toBe(1);
    // Read a moment apart and rounded part by part: within a few MB.
    expect(Math.abs(sum - rss)).toBeLessThan(8);
    // The node binary and its libraries are file-backed; V8's heap and the array above are not.
    expect(parts.file).toBeGreaterThan(10);
    expect(parts.otherAnon).toBeGreaterThanOrEqual(32);
    expect(parts.brkHeap).toBeGreaterThan(0);
  });

  // Thread arenas are glibc's, and MALLOC_ARENA_MAX=1 turns them off: the test then has nothing to find.
  const glibc = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime;
  const arenas = glibc !== undefined && process.env.MALLOC_ARENA_MAX !== '1';
  it.skipIf(!arenas)("counts a worker thread's small allocations in malloc's thread arenas (glibc, MALLOC_ARENA_MAX not 1)", async () => {
    // 24 MB in buffers of 2 KB, allocated (malloc, below its mmap threshold) on the worker's thread.
    const code = `const { parentPort } = require('node:worker_threads');
      const kept = Array.from({ length: 12288 }, () => new Uint8Array(2048).fill(1));
      parentPort.postMessage(kept.length);
      setInterval(() => {}, 1000);`;
    const worker = new Worker(code, { eval: true });
    try {
      const before = smapsBreakdown(process.pid);
      await new Promise((resolve) => worker.once('message', resolve));
      const after = smapsBreakdown(process.pid);
      expect(after.arenaCount).toBeGreaterThanOrEqual(1);
      expect(after.arenas - before.arenas).toBeGreaterThanOrEqual(20);
    } finally {
      await worker.terminate();
    }
  });
});
