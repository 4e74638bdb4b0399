/**
 * CPU time of each thread of the server process, sampled from /proc/<pid>/task/<tid>/stat while
 * a phase of the benchmark runs (issue 12: the import runs on four threads, the main thread and
 * its parse, stage and commit workers). A CPU profile (`--cpu-prof`) records where a thread is,
 * not whether it runs: a thread waiting for a core on a loaded machine (the parse worker at nice
 * 10 above all) shows as busy in it, so the profiles alone overstate the parse. These counts are
 * what the kernel charged each thread. Node does not name its worker threads: they are told apart
 * by when they appear and how busy they are (the first new ones of an import are its stage and
 * parse workers, the commit's comes at the end). Threads that ran under 0.1 s are left out.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc (Linux's USER_HZ). */
const CLOCK_TICKS = 100;
/** Threads that used less CPU than this (s) are not reported. */
const MIN_CPU_S = 0.1;

/** One thread's CPU over the phase. */
export interface ThreadCpu {
  tid: number;
  /** Seconds from the start of the watch when it was first and last seen. */
  from: number;
  to: number;
  cpuSeconds: number;
  /** Its CPU share in each `step` of the watch, in percent of one core. */
  timeline: number[];
}

function ticksOf(pid: number, tid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined; // the thread ended between the listing and the read
  }
}

/**
 * CPU time (ms) of process `pid`'s main thread (whose id is the process's) and of all its
 * threads together, now: taken before and after a round, the difference splits the round's CPU
 * into the event loop's and the rest's (V8's compiler and GC helpers, workers).
 */
export function mainAndAllCpuMs(pid: number): { main: number; all: number } {
  let main = 0;
  let all = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const ms = ((ticksOf(pid, tid) ?? 0) * 1000) / CLOCK_TICKS;
    all += ms;
    if (Number(tid) === pid) main = ms;
  }
  return { main, all };
}

/** Watches the threads of process `pid` every `everyMs`; `stop` returns each thread's CPU, its timeline in steps of `stepS`. */
export function watchThreads(pid: number, everyMs = 100, stepS = 1): { stop(): ThreadCpu[] } {
  const t0 = performance.now();
  const seen = new Map<number, { first: number; base: number; last: number; lastAt: number; timeline: number[] }>();
  let initial = true;
  const sample = () => {
    const at = (performance.now() - t0) / 1000;
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      return;
    }
    for (const tid of tids) {
      const ticks = ticksOf(pid, tid);
      if (ticks === undefined) continue;
      let t = seen.get(Number(tid));
      if (!t) {
        // A thread seen at the first sample counts from there; a later one from its start (0 ticks).
        t = { first: at, base: initial ? ticks : 0, last: initial ? ticks : 0, lastAt: at, timeline: [] };
        seen.set(Number(tid), t);
      }
      const step = Math.floor(at / stepS);
      t.timeline[step] = (t.timeline[step] ?? 0) + (ticks - t.last);
      t.last = ticks;
      t.lastAt = at;
    }
    initial = false;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return [...seen].map(([tid, t]) => ({
        tid, from: Math.round(t.first * 10) / 10, to: Math.round(t.lastAt * 10) / 10, cpuSeconds: (t.last - t.base) / CLOCK_TICKS,
        timeline: Array.from(t.timeline, (x) => Math.round(((x ?? 0) / CLOCK_TICKS / stepS) * 100)),
      })).filter((t) => t.cpuSeconds >= MIN_CPU_S);
    },
  };
}
