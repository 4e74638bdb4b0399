/**
 * The request stack of a lookup, measured apart from the lookup (issue 12): servers whose
 * lookups answer from a kept answer (fixed-answer-server.ts) on copies of a data directory
 * written by `run-lookups.js`, sent the 500 lookups of its mix and `GET /health` over one
 * keep-alive connection, one round at a time, the servers in turn (A, B, A, B, ...), so that
 * two builds are compared under the same load. Prints server CPU a request, p50 and p95 per
 * round and server, and the load.
 *
 * With STACK_CALLGRIND=<dir>, each server runs under `valgrind --tool=callgrind` (instructions
 * counted, so the load of a shared machine does not enter): instrumentation is turned on after
 * the start, counters are zeroed before and dumped after each measured round, and the
 * instructions a request of each round are printed from the dumps (kept in <dir> for
 * `callgrind_annotate`). STACK_CPU_PROF=<dir> writes each server's CPU profile there when it stops;
 * STACK_SERVER_ARGS adds node flags to each server (`--cpu-prof-interval=50` samples a request's
 * stack finely enough to split it: the default 1 ms takes less than one sample a request).
 *
 * Run: `node dist/bench/http/stack-probe.js <tree>:<dataDir> [<tree>:<dataDir> ...]` after
 * `npm run build` in each tree (the fixed-answer server is taken from this tree's build and must
 * be in each tree's `dist/bench/http/`); STACK_ROUNDS (default 4), STACK_WARM (warm-up rounds,
 * default 2), STACK_QUERIES (the first lookups of the mix, default all 500), STACK_HEALTH (`GET
 * /health` a round, default 300; 0 for none); STACK_ANSWERS=<file> keeps the answers between runs
 * (fixed-answer-server.ts), so that a run under callgrind need not compute them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { familyUnits, lookupMix, sampleSources } from '../corpus.js';
import { latency } from '../stats.js';
import { loadSeedMaterial, prng } from '../synthetic.js';
import { BenchClient } from './client.js';
import { CORPUS_SEED } from './run-http.js';
import { type BenchServer, startBenchServer } from './server.js';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
/** The lookups of run-lookups.js's mix. */
const MIX = 500;
const QUERIES = Number(process.env.STACK_QUERIES ?? MIX);
const SAMPLE = 5_000;
const HEALTH = Number(process.env.STACK_HEALTH ?? 300);
const THRESHOLD = 70;

const n = Number(process.env.STACK_UNITS ?? 100_000);
const rounds = Number(process.env.STACK_ROUNDS ?? 4);
const warm = Number(process.env.STACK_WARM ?? 2);
const callgrindDir = process.env.STACK_CALLGRIND;
const profileDir = process.env.STACK_CPU_PROF;
const serverArgs = (process.env.STACK_SERVER_ARGS ?? '').split(' ').filter(Boolean);
const load = () => (loadavg()[0] ?? 0).toFixed(2);
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Probed {
  name: string;
  server: BenchServer;
  client: BenchClient;
}

/** The kernel's share of a process's CPU time so far, in ms (stime of /proc/<pid>/stat). */
function sysMs(server: BenchServer): number {
  const stat = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[12]) * 10;
}

/** Instructions counted since the last zeroing, dumped to a file named after `tag`. */
function dumpInstructions(server: BenchServer, tag: string): number {
  const pid = String(server.child.pid);
  execFileSync('callgrind_control', ['-d', tag, pid], { stdio: 'ignore' });
  const dumps = readdirSync(callgrindDir as string).filter((f) => f.startsWith(`callgrind.out.${pid}.`));
  const file = dumps.map((f) => join(callgrindDir as string, f)).find((f) => readFileSync(f, 'utf8').includes(`desc: Trigger: dump ${tag}\n`));
  const summary = file ? /\nsummary: (\d+)/.exec(readFileSync(file, 'utf8')) : null;
  return Number(summary?.[1] ?? NaN);
}

const material = loadSeedMaterial();
const sample: string[] = [];
for (const _ of sampleSources(familyUnits(material, n, CORPUS_SEED), sample, SAMPLE, prng(n + 7)));
const queries = lookupMix(material, sample, MIX, n + 1).slice(0, QUERIES);
const lookups = queries.map((q) => ({ path: '/api/v1/tm/lookup', json: { source: q.source, sourceLang: 'zh-CN', targetLang: 'en', threshold: THRESHOLD, limit: 5 } }));
const health = { path: '/health', anonymous: true };

const probed: Probed[] = [];
try {
  for (const arg of process.argv.slice(2)) {
    const [tree, dataDir] = arg.split(':') as [string, string];
    const under = callgrindDir ? ['valgrind', '--tool=callgrind', '--smc-check=all-non-file', '--instr-atstart=no', `--callgrind-out-file=${callgrindDir}/callgrind.out.%p`] : undefined;
    const nodeArgs = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...serverArgs];
    const server = await startBenchServer(dataDir, ADMIN_KEY, {}, nodeArgs, { script: join(tree, 'dist', 'bench', 'http', 'fixed-answer-server.js'), ...(under ? { under } : {}) });
    if (callgrindDir) execFileSync('callgrind_control', ['-i', 'on', String(server.child.pid)], { stdio: 'ignore' });
    probed.push({ name: tree, server, client: new BenchClient(server.port, ADMIN_KEY) });
    log(`started ${tree} on ${dataDir}`);
  }
  for (let r = -warm; r < rounds; r++) {
    for (const p of probed) {
      for (const [what, calls] of [['lookup', lookups], ['health', Array.from({ length: HEALTH }, () => health)]] as const) {
        if (calls.length === 0) continue;
        const load0 = load();
        if (callgrindDir && r >= 0) execFileSync('callgrind_control', ['-z', String(p.server.child.pid)], { stdio: 'ignore' });
        const cpu0 = p.server.cpuMs();
        const sys0 = sysMs(p.server);
        const t0 = performance.now();
        const ms: number[] = [];
        for (const call of calls) ms.push((await p.client.send(call)).ms);
        const cpu = (p.server.cpuMs() - cpu0) / calls.length;
        const sys = (sysMs(p.server) - sys0) / calls.length;
        const wall = (performance.now() - t0) / calls.length;
        if (r < 0) continue;
        const instr = callgrindDir ? ` ${(dumpInstructions(p.server, `${what}-${r}`) / calls.length / 1e6).toFixed(3)} M instructions a request,` : '';
        const l = latency(ms);
        log(`round ${r + 1} ${p.name} ${what}:${instr} server CPU ${cpu.toFixed(3)} ms a request (kernel ${sys.toFixed(3)}), p50/p95 ${l.p50.toFixed(3)}/${l.p95.toFixed(3)} ms, wall ${wall.toFixed(3)} ms, load ${load0}-${load()}`);
      }
    }
  }
} finally {
  for (const p of probed) {
    p.client.close();
    await p.server.stop();
  }
}
