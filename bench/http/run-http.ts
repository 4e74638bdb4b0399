/**
 * The HTTP benchmark of issue 12: the figures users see, measured on the client, one request at
 * a time over a keep-alive connection, against the server process as `npm start` runs it
 * (server.ts). For each size: the memory (families of variants, corpus.ts) is written as one TMX
 * file and imported through `POST /api/v1/tm/import`; then GET /health, lookups of the issue's
 * mix at thresholds 70 and 50, a batch lookup of 1,000 segments, concordance of 中亚, the analysis
 * and XLIFF 1.2 export of the 2,000-segment mixed document, the longest stall of lookups while
 * another TMX import runs, and the server's resident set after the import and after a restart.
 *
 * Every figure records the load average it was taken under and, where it is a phase of many
 * requests, the server's CPU time per request (from /proc), which a loaded machine inflates far
 * less than wall time; each size also times a fixed piece of CPU work before its import and after
 * its export (`machineMs`, machine-speed.ts), which shows a machine that ran slow at an idle load.
 *
 * Run: `node dist/bench/http/run-http.js [sizes]` (after `npm run build`), default 100000,1000000;
 * prints the result as JSON on stdout. BENCH_HTTP_QUERIES sets the lookups per threshold (500),
 * BENCH_STALL_UNITS the size of the import during which lookups are timed (100000, at the smallest size only).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { familyUnits, lookupMix, mixedDocument, type MixQuery } from '../corpus.js';
import { latency } from '../stats.js';
import { loadSeedMaterial, prng, type SeedMaterial } from '../synthetic.js';
import { BenchClient, type Timed } from './client.js';
import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../../src/config.js';
import { documentXliff, writeTmxFile, writeTmxFiles } from './files.js';
import { machineSpeedMs } from './machine-speed.js';
import { type BenchServer, startBenchServer } from './server.js';

/** The corpus seed: the same memory at every size (the first n units of the 1M memory are the memory of n). */
export const CORPUS_SEED = 12;
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const QUERIES = Number(process.env.BENCH_HTTP_QUERIES ?? 500);
const STALL_UNITS = Number(process.env.BENCH_STALL_UNITS ?? 100_000);
const WARM_UP = 50;
const HEALTH_REQUESTS = 2_000;
const BATCH_SEGMENTS = 1_000;
const CONCORDANCE_REPEATS = 20;
const SAMPLE = 5_000;
/** The concordance phrase of the issue. */
const PHRASE = '中亚';

const load = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Requests timed on the client, with the server's CPU time per request and the load average. */
async function timed<T>(server: BenchServer, items: readonly T[], send: (item: T) => Promise<Timed<unknown>>): Promise<{ ms: number[]; cpuMsPerRequest: number; load: number[] }> {
  const load0 = load();
  const cpu0 = server.cpuMs();
  const ms: number[] = [];
  for (const item of items) ms.push((await send(item)).ms);
  return { ms, cpuMsPerRequest: (server.cpuMs() - cpu0) / Math.max(1, items.length), load: [load0, load()] };
}

/** Lookups of the mix at one threshold: p50/p95 overall and per kind. */
async function lookups(server: BenchServer, client: BenchClient, queries: readonly MixQuery[], threshold: number) {
  const send = (q: MixQuery) => client.send({ path: '/api/v1/tm/lookup', json: { source: q.source, sourceLang: 'zh-CN', targetLang: 'en', threshold, limit: 5 } });
  for (const q of queries.slice(0, WARM_UP)) await send(q);
  const run = await timed(server, queries, send);
  const byKind: Record<string, ReturnType<typeof latency>> = {};
  for (const kind of new Set(queries.map((q) => q.kind))) byKind[kind] = latency(run.ms.filter((_, i) => queries[i]?.kind === kind));
  return { threshold, ...latency(run.ms), cpuMsPerRequest: run.cpuMsPerRequest, load: run.load, byKind };
}

/** Times one import while another client looks up without pause: the longest lookup is the stall. */
async function stallDuringImport(server: BenchServer, key: string, file: string, bytes: number, queries: readonly MixQuery[]) {
  const importer = new BenchClient(server.port, key);
  const looker = new BenchClient(server.port, key);
  let importing = true;
  const times: number[] = [];
  const loop = (async () => {
    for (let i = 0; importing; i++) {
      const q = queries[i % queries.length] as MixQuery;
      times.push((await looker.send({ path: '/api/v1/tm/lookup', json: { source: q.source, sourceLang: 'zh-CN', targetLang: 'en', limit: 5 } })).ms);
    }
  })();
  const load0 = load();
  const imported = await importer.send<{ imported: number }>({ path: '/api/v1/tm/import?memory=default', file: { path: file, type: 'application/x-tmx+xml', bytes } });
  importing = false;
  await loop;
  importer.close();
  looker.close();
  return { units: imported.body.imported, importSeconds: imported.ms / 1000, lookups: times.length, longestLookupMs: Math.max(...times), ...latency(times), load: [load0, load()] };
}

/** Every figure at one size. */
export async function runHttpSize(n: number, material: SeedMaterial, stall: number) {
  const dir = mkdtempSync(join(tmpdir(), 'caravan-bench-http-'));
  const dataDir = join(dir, 'data');
  let server: BenchServer | undefined;
  try {
    const rnd = prng(n + 7);
    const sample: string[] = [];
    let seen = 0;
    const units = function* () {
      for (const u of familyUnits(material, n, CORPUS_SEED)) {
        if (sample.length < SAMPLE) sample.push(u.source);
        else if (rnd() < SAMPLE / ++seen) sample[Math.floor(rnd() * SAMPLE)] = u.source;
        yield u;
      }
    };
    // One upload when the file fits under the server's upload limit, else as few parts as fit.
    const tmx = await writeTmxFiles(join(dir, 'memory.tmx'), units(), DEFAULT_UPLOAD_LIMIT_BYTES);
    const bytes = tmx.reduce((sum, f) => sum + f.bytes, 0);
    log(`[http ${n}] TMX ${(bytes / 1e6).toFixed(0)} MB written in ${tmx.length} file(s)`);
    const queries = lookupMix(material, sample, QUERIES, n + 1);
    const document = mixedDocument(material, sample, n + 2);

    const machineBefore = machineSpeedMs();
    server = await startBenchServer(dataDir, ADMIN_KEY);
    let client = new BenchClient(server.port, ADMIN_KEY);
    const health = async () => {
      const h = () => client.send({ path: '/health', anonymous: true });
      for (let i = 0; i < WARM_UP * 4; i++) await h();
      const run = await timed(server as BenchServer, Array.from({ length: HEALTH_REQUESTS }), h);
      return { ...latency(run.ms), cpuMsPerRequest: run.cpuMsPerRequest, load: run.load };
    };
    const healthEmpty = await health();

    const load0 = load();
    let importedUnits = 0;
    let importMs = 0;
    const cpuImport0 = server.cpuMs();
    for (const f of tmx) {
      const imported = await client.send<{ imported: number }>({ path: '/api/v1/tm/import?memory=default', file: { path: f.path, type: 'application/x-tmx+xml', bytes: f.bytes } });
      importedUnits += imported.body.imported;
      importMs += imported.ms;
    }
    const tmxImport = { units: importedUnits, fileMB: Math.round(bytes / 1e5) / 10, uploads: tmx.length, seconds: importMs / 1000, cpuSeconds: (server.cpuMs() - cpuImport0) / 1000,
      unitsPerSecond: Math.round(importedUnits / (importMs / 1000)), load: [load0, load()] };
    const rssAfterImportMb = server.rssMb();
    log(`[http ${n}] imported ${tmxImport.units} in ${tmxImport.seconds.toFixed(1)} s, RSS ${rssAfterImportMb} MB`);

    const healthFull = await health();
    const at70 = await lookups(server, client, queries, 70);
    log(`[http ${n}] lookups at 70: p50 ${at70.p50.toFixed(2)} p95 ${at70.p95.toFixed(2)} ms (load ${at70.load.join(' -> ')})`);
    const at50 = await lookups(server, client, queries, 50);
    log(`[http ${n}] lookups at 50: p50 ${at50.p50.toFixed(2)} p95 ${at50.p95.toFixed(2)} ms`);

    const segments = document.filter((_, i) => i % 2 === 0).slice(0, BATCH_SEGMENTS).map((s) => ({ source: s.source }));
    const batchRun = await timed(server, [0, 1, 2], () => client.send({ path: '/api/v1/tm/lookup/batch', json: { sourceLang: 'zh-CN', targetLang: 'en', segments } }));
    const batch = { segments: segments.length, ...latency(batchRun.ms), cpuMsPerRequest: batchRun.cpuMsPerRequest, load: batchRun.load };
    log(`[http ${n}] batch of ${segments.length}: ${batch.p50.toFixed(0)} ms`);

    let hits = 0;
    const concordanceRun = await timed(server, Array.from({ length: CONCORDANCE_REPEATS }), async () => {
      const r = await client.send<{ total: number }>({ path: `/api/v1/tm/concordance?q=${encodeURIComponent(PHRASE)}&sourceLang=zh-CN&targetLang=en&limit=20` });
      hits = r.body.total;
      return r;
    });
    const concordance = { phrase: PHRASE, hits, share: hits / n, ...latency(concordanceRun.ms), cpuMsPerRequest: concordanceRun.cpuMsPerRequest, load: concordanceRun.load };

    const xliff = documentXliff(document.map((s) => s.source));
    const xliffFile = join(dir, 'document.xlf');
    writeFileSync(xliffFile, xliff);
    const created = await client.send<{ id: number; segments: number }>({ path: '/api/v1/documents?name=bench.xlf', file: { path: xliffFile, type: 'application/xliff+xml', bytes: Buffer.byteLength(xliff) } });
    const docId = created.body.id;
    let load1 = load();
    let cpu0 = server.cpuMs();
    const analysed = await client.send<{ bands: unknown[] }>({ path: `/api/v1/documents/${docId}/analysis` });
    const analysis = { segments: created.body.segments, seconds: analysed.ms / 1000, cpuSeconds: (server.cpuMs() - cpu0) / 1000, load: [load1, load()], bands: analysed.body.bands };
    log(`[http ${n}] analysis of ${analysis.segments} segments: ${analysis.seconds.toFixed(1)} s`);
    load1 = load();
    cpu0 = server.cpuMs();
    const exported = await client.send<number>({ path: `/api/v1/documents/${docId}/xliff?version=1.2` }, 'size');
    const xliffExport = { segments: created.body.segments, seconds: exported.ms / 1000, cpuSeconds: (server.cpuMs() - cpu0) / 1000, bytes: exported.body, load: [load1, load()] };
    log(`[http ${n}] XLIFF export: ${xliffExport.seconds.toFixed(1)} s`);
    const machineMs = [machineBefore, machineSpeedMs()];
    log(`[http ${n}] machine speed (fixed work, ms): ${machineMs.join(' -> ')}`);

    let stallResult: Awaited<ReturnType<typeof stallDuringImport>> | undefined;
    if (stall > 0) {
      const more = join(dir, 'more.tmx');
      const moreBytes = await writeTmxFile(more, familyUnits(material, stall, CORPUS_SEED + 1));
      stallResult = await stallDuringImport(server, ADMIN_KEY, more, moreBytes, queries);
      log(`[http ${n}] longest lookup during a ${stall}-unit import: ${stallResult.longestLookupMs.toFixed(0)} ms`);
    }

    client.close();
    await server.stop();
    const started = Date.now();
    server = await startBenchServer(dataDir, ADMIN_KEY);
    const restartSeconds = (Date.now() - started) / 1000;
    client = new BenchClient(server.port, ADMIN_KEY);
    for (const q of queries.slice(0, WARM_UP)) await client.send({ path: '/api/v1/tm/lookup', json: { source: q.source, sourceLang: 'zh-CN', targetLang: 'en' } });
    const rssAfterRestartMb = server.rssMb();
    log(`[http ${n}] restart in ${restartSeconds.toFixed(1)} s, RSS ${rssAfterRestartMb} MB`);
    client.close();
    return {
      units: n, machineMs, health: { empty: healthEmpty, full: healthFull }, tmxImport, rssAfterImportMb, lookups: { at70, at50 }, batch, concordance,
      analysis, xliffExport, stall: stallResult, restart: { seconds: restartSeconds, rssMb: rssAfterRestartMb },
    };
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = (process.argv[2] ?? '100000,1000000').split(',').map(Number).filter((x) => x > 0);
  const material = loadSeedMaterial();
  const runs = [];
  for (const [i, n] of sizes.entries()) runs.push(await runHttpSize(n, material, i === 0 ? STALL_UNITS : 0));
  process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
}
