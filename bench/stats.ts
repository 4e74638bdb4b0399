/** Small statistics and formatting helpers for the benchmark. */

/** The q-quantile (0-1) of `values` by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** p50, p95, p99 and max of a list of milliseconds. */
export function latency(ms: readonly number[]): { p50: number; p95: number; p99: number; max: number; n: number } {
  return { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), p99: quantile(ms, 0.99), max: Math.max(...ms), n: ms.length };
}

/** Resident set size in MB after a full garbage collection (needs `node --expose-gc`). */
export function rssAfterGc(): { rssMb: number; heapMb: number; arrayBuffersMb: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  const mb = (b: number) => Math.round(b / 1048576);
  return { rssMb: mb(m.rss), heapMb: mb(m.heapUsed), arrayBuffersMb: mb(m.arrayBuffers) };
}

/** Milliseconds with two decimals. */
export function ms(v: number): string {
  return Number.isFinite(v) ? v.toFixed(2) : '-';
}

/** A Markdown table. */
export function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The line a probing client process (termbase-probe.ts) prints once it is warmed up and timing. */
export const PROBE_READY = 'ready';
