/**
 * The analysis and the XLIFF 1.2 export of run-http.ts's 2,000-segment mixed document alone,
 * through HTTP, on a data directory that run-lookups.js made and keeps (issue 12): the same
 * memory, sample and document as the full benchmark, without its import, lookups and batch, so
 * a change to the analysis or the export can be measured before/after (alternating servers on
 * one data directory) in a minute instead of a full run of 3-4 minutes at 1M units.
 *
 * Each round prints the wall time, the server's CPU time and the load, with a SHA-256 digest of
 * the analysis's bands and totals and of the exported file's bytes: two servers that analyse and
 * export alike print the same digests. BENCH_ROUNDS repeats both (default 2), BENCH_PARTS picks
 * them (`analysis,export`), BENCH_CPU_PROF=<dir> starts the server with `--cpu-prof` (the profile
 * is written there when it stops).
 *
 * Run: `node dist/bench/http/run-analysis.js <units> <dir>` (after `npm run build`), where `<dir>`
 * holds the `data` directory of `node dist/bench/http/run-lookups.js <units> <dir>`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { familyUnits, mixedDocument, sampleSources } from '../corpus.js';
import { loadSeedMaterial, prng } from '../synthetic.js';
import { BenchClient } from './client.js';
import { documentXliff } from './files.js';
import { CORPUS_SEED } from './run-http.js';
import { startBenchServer } from './server.js';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const SAMPLE = 5_000;

const n = Number(process.argv[2] ?? 100_000);
const dir = process.argv[3];
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const parts = new Set((process.env.BENCH_PARTS ?? 'analysis,export').split(','));
const profileDir = process.env.BENCH_CPU_PROF;
const load = () => (loadavg()[0] ?? 0).toFixed(2);
const log = (line: string) => process.stdout.write(`${line}\n`);
const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

if (dir === undefined || !existsSync(join(dir, 'data')) || readdirSync(join(dir, 'data')).length === 0) {
  throw new Error(`usage: run-analysis.js <units> <dir>, with <dir>/data made by run-lookups.js <units> <dir>`);
}
const material = loadSeedMaterial();
const sample: string[] = [];
for (const _ of sampleSources(familyUnits(material, n, CORPUS_SEED), sample, SAMPLE, prng(n + 7))); // the sample alone: the memory is on disk
const xliffFile = join(dir, 'document.xlf');
const xliff = documentXliff(mixedDocument(material, sample, n + 2).map((s) => s.source));
writeFileSync(xliffFile, xliff);

const server = await startBenchServer(join(dir, 'data'), ADMIN_KEY, {}, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
const client = new BenchClient(server.port, ADMIN_KEY);
let docId: number | undefined;
try {
  log(`[${n}] started on the data directory; RSS ${server.rssMb()} MB`);
  const created = await client.send<{ id: number; segments: number }>({ path: '/api/v1/documents?name=bench.xlf', file: { path: xliffFile, type: 'application/xliff+xml', bytes: Buffer.byteLength(xliff) } });
  docId = created.body.id;
  for (let r = 0; r < rounds; r++) {
    if (parts.has('analysis')) {
      const load0 = load();
      const cpu0 = server.cpuMs();
      const a = await client.send<{ bands: unknown; total: unknown }>({ path: `/api/v1/documents/${docId}/analysis` });
      const digest = sha(JSON.stringify({ bands: a.body.bands, total: a.body.total }));
      log(`[${n}] analysis round ${r + 1}: ${(a.ms / 1000).toFixed(2)} s, server CPU ${((server.cpuMs() - cpu0) / 1000).toFixed(2)} s, load ${load0}-${load()}, digest ${digest}`);
    }
    if (parts.has('export')) {
      const load0 = load();
      const cpu0 = server.cpuMs();
      const e = await client.send<string>({ path: `/api/v1/documents/${docId}/xliff?version=1.2` }, 'text');
      log(`[${n}] export round ${r + 1}: ${(e.ms / 1000).toFixed(2)} s, server CPU ${((server.cpuMs() - cpu0) / 1000).toFixed(2)} s, load ${load0}-${load()}, ` +
        `${Buffer.byteLength(e.body)} bytes, digest ${sha(e.body)}`);
    }
  }
} finally {
  if (docId !== undefined) await client.send({ method: 'DELETE', path: `/api/v1/documents/${docId}` }, 'size');
  client.close();
  await server.stop();
  rmSync(xliffFile, { force: true });
}
