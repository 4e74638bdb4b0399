/**
 * The import half of the HTTP benchmark (issue 12), alone and quick to repeat while working on
 * the import path: one TMX of `units` family units (corpus.ts, the memory run-http.ts imports)
 * imported through `POST /api/v1/tm/import` of a server process, the server's CPU time and RSS
 * after it, then a restart (index build) and RSS again. With BENCH_STALL_UNITS > 0, a second
 * import of that many units follows while another client looks up without pause (the longest
 * lookup is the stall run-http.ts reports).
 *
 * Run: `node dist/bench/http/run-import.js [units]` (default 100000) after `npm run build`;
 * BENCH_SERVER_ARGS passes node flags to the server (`--cpu-prof --cpu-prof-dir=/tmp/prof`,
 * `--trace-gc`; BENCH_GC_LOG=file keeps the server's `--trace-gc` lines, with the phase they fell
 * in); BENCH_THREADS=1 adds each server thread's CPU time during the first import, with its
 * timeline in percent of a core per second (thread-cpu.ts). Besides RSS right after the import,
 * its peak (VmHWM: the install, where the new layout and the old are both held) and RSS some
 * seconds on (`rssLaterMb`: 0.25, 1 and 3 s after). BENCH_RSS_TIMELINE=file writes RSS (with its
 * anonymous and file-backed parts) every 20 ms through the first import and 3 s after its answer,
 * beside the threads that start and end and the server's output lines (rss-timeline.ts), one JSON
 * row a line, times in ms from the answer. BENCH_SMAPS=1 splits RSS 3 s after the import, and
 * after the restart, by kind of mapping (`smapsLater`, `restart.smaps`: malloc's main arena,
 * its thread arenas, other anonymous memory, files). Prints one JSON line.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { familyUnits, lookupMix } from '../corpus.js';
import { latency } from '../stats.js';
import { loadSeedMaterial } from '../synthetic.js';
import { BenchClient } from './client.js';
import { writeTmxFile } from './files.js';
import { CORPUS_SEED } from './run-http.js';
import { rssTimeline, smapsBreakdown } from './rss-timeline.js';
import { type BenchServer, startBenchServer } from './server.js';
import { watchThreads } from './thread-cpu.js';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
/** Lookups before the stall's import. */
const WARM_UP = 50;
const load = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;
const log = (line: string) => process.stderr.write(`${line}\n`);
const GC_LOG = process.env.BENCH_GC_LOG;
const RSS_TIMELINE = process.env.BENCH_RSS_TIMELINE;
let phase = 'start';

/** Copies the server's `--trace-gc` lines to BENCH_GC_LOG, each after the phase it fell in. */
function keepGcLines(server: BenchServer): void {
  if (!GC_LOG) return;
  server.child.stdout?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (/ ms: /.test(line)) appendFileSync(GC_LOG, `${phase} ${line.trim()}\n`);
  });
}

/** When, after the import, RSS is read again (`rssLaterMb`, ms). */
const RSS_LATER_MS = [250, 1_000, 3_000];

/** The server's peak RSS so far (VmHWM), in MB. */
function peakRssMb(server: BenchServer): number {
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100_000);
  const stall = Number(process.env.BENCH_STALL_UNITS ?? 0);
  const args = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const material = loadSeedMaterial();
  const dir = mkdtempSync(join(tmpdir(), 'caravan-bench-import-'));
  const dataDir = join(dir, 'data');
  try {
    const sources: string[] = [];
    const units = function* () {
      for (const u of familyUnits(material, n, CORPUS_SEED)) {
        if (sources.length < 5_000) sources.push(u.source);
        yield u;
      }
    };
    const file = join(dir, 'memory.tmx');
    const bytes = await writeTmxFile(file, units());
    let server = await startBenchServer(dataDir, ADMIN_KEY, {}, args);
    keepGcLines(server);
    phase = 'import';
    const client = new BenchClient(server.port, ADMIN_KEY);
    const load0 = load();
    const cpu0 = server.cpuMs();
    const threads = process.env.BENCH_THREADS === '1' ? watchThreads(server.child.pid as number) : undefined;
    const timeline = RSS_TIMELINE ? rssTimeline(server.child.pid as number) : undefined;
    const outputLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) timeline?.mark(line.trim().slice(0, 240));
    };
    if (timeline) server.child.stdout?.on('data', outputLine);
    const r = await client.send<{ imported: number }>({ path: '/api/v1/tm/import?memory=default', file: { path: file, type: 'application/x-tmx+xml', bytes } });
    timeline?.mark('zero');
    const result: Record<string, unknown> = {
      units: n, fileMB: Math.round(bytes / 1e5) / 10, imported: r.body.imported, seconds: r.ms / 1000, cpuSeconds: (server.cpuMs() - cpu0) / 1000,
      rssAfterImportMb: server.rssMb(), load: [load0, load()],
    };
    // The peak (the install of the new layout beside the old), and RSS a few seconds on: dead
    // arrays' backing stores are freed after the collection that finds them, not at once.
    result.rssPeakMb = peakRssMb(server);
    const later: number[] = [];
    for (let waited = 0; waited < RSS_LATER_MS.length; waited++) {
      await new Promise((resolve) => setTimeout(resolve, (RSS_LATER_MS[waited] as number) - (RSS_LATER_MS[waited - 1] ?? 0)));
      later.push(server.rssMb());
    }
    result.rssLaterMb = later;
    if (timeline) {
      server.child.stdout?.off('data', outputLine);
      writeFileSync(RSS_TIMELINE as string, timeline.stop().map((row) => JSON.stringify(row)).join('\n') + '\n');
    }
    // After the timeline's end: reading smaps takes long enough to leave a gap in it.
    if (process.env.BENCH_SMAPS === '1') result.smapsLater = smapsBreakdown(server.child.pid as number);
    if (threads) result.threads = threads.stop();
    log(`[import ${n}] ${JSON.stringify(result)}`);
    if (stall > 0) {
      const more = join(dir, 'more.tmx');
      const moreBytes = await writeTmxFile(more, familyUnits(material, stall, CORPUS_SEED + 1));
      const queries = lookupMix(material, sources, 500, n + 1);
      const looker = new BenchClient(server.port, ADMIN_KEY);
      const lookup = (i: number) => {
        const q = queries[i % queries.length] as (typeof queries)[number];
        return looker.send({ path: '/api/v1/tm/lookup', json: { source: q.source, sourceLang: 'zh-CN', targetLang: 'en', limit: 5 } });
      };
      // As in run-http.ts, where lookups have run before the stall: the lookup route's first
      // requests compile its validators (some 100 ms), which is not the import's doing.
      for (let i = 0; i < WARM_UP; i++) await lookup(i);
      let importing = true;
      const times: number[] = [];
      const loop = (async () => {
        for (let i = 0; importing; i++) times.push((await lookup(i)).ms);
      })();
      const l0 = load();
      phase = 'stall';
      const m = await client.send<{ imported: number }>({ path: '/api/v1/tm/import?memory=default', file: { path: more, type: 'application/x-tmx+xml', bytes: moreBytes } });
      importing = false;
      await loop;
      looker.close();
      const lat = latency(times);
      result.stall = { units: m.body.imported, seconds: m.ms / 1000, lookups: times.length, longestMs: Math.max(...times), p99: lat.p99, load: [l0, load()] };
      log(`[import ${n}] stall ${JSON.stringify(result.stall)}`);
    }
    client.close();
    await server.stop();
    const started = Date.now();
    phase = 'restart';
    server = await startBenchServer(dataDir, ADMIN_KEY, {}, args);
    keepGcLines(server);
    result.restart = { seconds: (Date.now() - started) / 1000, rssMb: server.rssMb(), load: load(),
      ...(process.env.BENCH_SMAPS === '1' ? { smaps: smapsBreakdown(server.child.pid as number) } : {}) };
    await server.stop();
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
