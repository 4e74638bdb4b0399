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

/** Resident MB of process `pid` by kind of mapping (/proc/<pid>/smaps): see {@link smapsBreakdown}. */
export interface SmapsBreakdown {
  /** The main arena of glibc's malloc (`[heap]`, grown by brk): the main thread's small and mid-sized allocations. */
  brkHeap: number;
  /** glibc's other arenas: 64 MB-aligned heaps, a readable part and the rest reserved (PROT_NONE). */
  arenas: number;
  /** How many such heaps. */
  arenaCount: number;
  /** Other anonymous memory: V8's heap pages, buffers mmapped on their own, thread stacks. */
  otherAnon: number;
  /** File-backed: the node binary, libraries, SQLite's memory-mapped files. */
  file: number;
}

/** glibc's HEAP_MAX_SIZE on 64-bit: a thread arena's heap is a mapping of this size, readable or reserved. */
const ARENA_HEAP = 64 << 20;

/** Resident memory of process `pid` by kind of mapping, from /proc/<pid>/smaps (slow: a measuring aid, not for sampling). */
export function smapsBreakdown(pid: number): SmapsBreakdown {
  const maps: { from: number; to: number; perms: string; name: string; rss: number }[] = [];
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (head) maps.push({ from: parseInt(head[1] as string, 16), to: parseInt(head[2] as string, 16), perms: head[3] as string, name: head[5] as string, rss: 0 });
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && maps.length) (maps[maps.length - 1] as (typeof maps)[number]).rss = Number(rss[1]) * 1024;
  }
  const out = { brkHeap: 0, arenas: 0, arenaCount: 0, otherAnon: 0, file: 0 };
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i] as (typeof maps)[number];
    const next = maps[i + 1];
    if (m.name === '[heap]') out.brkHeap += m.rss;
    else if (m.name.startsWith('/')) out.file += m.rss;
    else if (m.name === '' && m.perms.startsWith('rw') && m.from % ARENA_HEAP === 0
      && (m.to - m.from === ARENA_HEAP || (next !== undefined && next.from === m.to && next.perms === '---p' && next.to - m.from === ARENA_HEAP))) {
      out.arenas += m.rss;
      out.arenaCount++;
    } else out.otherAnon += m.rss;
  }
  const mb = (b: number) => Math.round(b / (1 << 20));
  return { brkHeap: mb(out.brkHeap), arenas: mb(out.arenas), arenaCount: out.arenaCount, otherAnon: mb(out.otherAnon), file: mb(out.file) };
}
