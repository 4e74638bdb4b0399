/**
 * The server's resident set sampled over time beside what happens in it (issue 12, tenth round:
 * what RSS right after the 1M import holds that is given back within a quarter second): every
 * `everyMs`, VmRSS with its anonymous and file-backed parts from /proc/<pid>/status, and the
 * threads that started or ended since the last sample (/proc/<pid>/task; Node does not name
 * its worker threads, thread-cpu.ts tells them apart); lines of the server's output (`--trace-gc`
 * lines, log lines) are added with the time they arrived. Times are ms from `mark('zero')`
 * (run-import.js marks the import's answer), so the drop can be set beside the events.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** One sample or event of the timeline. */
export interface TimelineRow {
  /** ms from the zero mark (before it: negative). */
  t: number;
  /** VmRSS, RssAnon, RssFile in MB (samples only). */
  rss?: [number, number, number];
  /** Threads started (+tid) and ended (-tid) since the sample before. */
  threads?: number[];
  /** A marked event or a line of the server's output. */
  event?: string;
}

const KB = /(\w+):\s+(\d+) kB/g;

function statusMb(pid: number): [number, number, number] | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb: Record<string, number> = {};
  for (const m of text.matchAll(KB)) kb[m[1] as string] = Number(m[2]);
  const mb = (k: string) => Math.round((kb[k] ?? 0) / 1024);
  return [mb('VmRSS'), mb('RssAnon'), mb('RssFile')];
}

function tids(pid: number): Set<number> {
  try {
    return new Set(readdirSync(`/proc/${pid}/task`).map(Number));
  } catch {
    return new Set();
  }
}

/** Samples process `pid` every `everyMs` until `stop`; `mark` adds an event (`'zero'` sets the time origin). */
export function rssTimeline(pid: number, everyMs = 20): { mark(event: string): void; stop(): TimelineRow[] } {
  const rows: (TimelineRow & { at: number })[] = [];
  let zero = performance.now();
  let known = tids(pid);
  const sample = () => {
    const at = performance.now();
    const rss = statusMb(pid);
    const now = tids(pid);
    const changed = [...now].filter((t) => !known.has(t)).concat([...known].filter((t) => !now.has(t)).map((t) => -t));
    known = now;
    if (rss) rows.push(changed.length ? { at, t: 0, rss, threads: changed } : { at, t: 0, rss });
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    mark(event) {
      const at = performance.now();
      if (event === 'zero') zero = at;
      rows.push({ at, t: 0, event });
    },
    stop() {
      clearInterval(timer);
      sample();
      return rows.map(({ at, ...row }) => ({ ...row, t: Math.round(at - zero) }));
    },
  };
}
