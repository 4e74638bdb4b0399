/**
 * A preload for the bench's server (issue 12, tenth round): appends a JSON line a garbage
 * collection to GC_OBSERVER_FILE, its kind (minor, major, incremental, weakcb), its start on the
 * monotonic clock in ms (the clock of run-lookups.js's `from`/`to` with BENCH_EACH, and of its
 * rounds' `at`) and its duration, so that collections can be lined up with the requests they fell
 * in. `--trace-gc` counts from the isolate's start instead, which the client does not know.
 *
 * Run: `GC_OBSERVER_FILE=<file> BENCH_SERVER_ARGS=--import=./dist/bench/http/gc-observer.js node
 * dist/bench/http/run-lookups.js <units> [dataDir]` (the server runs from the package root).
 */
import { appendFileSync } from 'node:fs';
import { constants, PerformanceObserver, performance } from 'node:perf_hooks';

const file = process.env.GC_OBSERVER_FILE;
/** The monotonic clock's ms at `performance.now()` 0. */
const origin = Number(process.hrtime.bigint() / 1000n) / 1000 - performance.now();
const KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

if (file) {
  new PerformanceObserver((list) => {
    const lines = list.getEntries().map((e) => {
      // Node 20's GC entries carry their kind in `detail` (the typings of PerformanceEntry lack it).
      const kind = (e as { detail?: { kind?: number } }).detail?.kind ?? -1;
      return JSON.stringify({ kind: KINDS[kind] ?? String(kind), from: origin + e.startTime, ms: e.duration });
    });
    if (lines.length > 0) appendFileSync(file, `${lines.join('\n')}\n`);
  }).observe({ entryTypes: ['gc'] });
}
