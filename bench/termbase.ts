/**
 * The term-base benchmark (issue 11), through the HTTP API of a server on an on-disk data
 * directory, as a client sees it. With `concepts` synthetic concepts (bench/synthetic-termbase.ts:
 * zh/en/ru terms and an English definition), default 100,000:
 * - imports a 20,000-concept TBX v2 into a new glossary (goal <= 20 s), while a client asks
 *   `/health` and a TM lookup (which carries recognised terms) every 20 ms from another process
 *   (termbase-probe.ts; goal: every answer within 100 ms); then the rest in files of 20,000, each into a larger glossary
 *   (an import's time should not grow with the glossary), probed the same way;
 * - writes entries at that size: POST and PUT with If-Match (goal p95 <= 20 ms);
 * - recognises 60-character segments cut from the seed speeches (goal p95 <= 1 ms, within 2x of
 *   the seed glossary's time): `POST /glossary/recognize` round trips, and the recognizer's own
 *   time in the server's process, with every concept and with the seed glossary alone (242 concepts);
 * - searches the glossary (goal p95 <= 20 ms): Chinese terms and parts of them, English words
 *   and terms;
 * - starts the real server (`node dist/src/main.js`) on the data directory and times it until
 *   it listens (goal <= 5 s).
 *
 * Run: `node --expose-gc dist/bench/termbase.js [concepts]` (after `npm run build`), or from
 * `npm run bench` (BENCH_TERMBASE_CONCEPTS; 0 skips it). Prints JSON on stdout.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { type Server, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { SEED_COLLECTION } from '../src/domain/collections.js';
import type { TermEntry } from '../src/domain/termbase/entry.js';
import { TermRecognizer } from '../src/domain/termbase/recognizer.js';
import { canonicalizeLanguageTag } from '../src/domain/text/language-tag.js';
import { writeTbx } from '../src/formats/tbx-write.js';
import { createApp } from '../src/http/app.js';
import { createHttpServer } from '../src/http/server.js';
import { openRuntime } from '../src/runtime.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { PROBE_READY, latency, rssAfterGc } from './stats.js';
import { prng } from './synthetic.js';
import { loadTermMaterial, recognitionSegments, syntheticConcepts } from './synthetic-termbase.js';

/** The import the issue's first figure is about. */
const FIRST_IMPORT = 20_000;
const WRITES = 200;
const SEGMENTS = 2000;
const SEGMENT_LENGTH = 60;
const SEARCHES = 500;
const STARTS = 3;
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const GLOSSARY = 'bench';

type Latency = ReturnType<typeof latency>;

/** What the benchmark measured. */
export interface TermbaseBenchResult {
  concepts: number;
  /** `cpuSeconds`: CPU the benchmark process (server and client) used meanwhile, all threads; on a shared machine it tells work from waiting. */
  imports: { concepts: number; intoEntries: number; fileMB: number; seconds: number; cpuSeconds: number; conceptsPerSecond: number; probes: Latency; maxEventLoopBlockMs: number }[];
  writes: { post: Latency; put: Latency };
  recognition: { http: Latency; inProcess: Latency; seedOnly: Latency; hitsPerSegment: number };
  search: Latency & { hitsPerQuery: number };
  /** `cpuSeconds`: CPU the server process had used when it listened (Linux /proc; NaN elsewhere). */
  startup: { seconds: number[]; cpuSeconds: number[]; termBaseLoadMs: number[] };
  rssMb: number;
  loadAverage: number[];
}

async function writeFile(file: string, entries: Iterable<TermEntry>): Promise<number> {
  const out = createWriteStream(file);
  for (const chunk of writeTbx('tbx-v2', entries, { title: 'bench', description: 'synthetic' })) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return statSync(file).size;
}

/** The next `n` items of `it`, keeping about `rate` of them in `sample` (search queries). */
function* take<T>(it: Iterator<T>, n: number, sample: T[], rate: number, rnd: () => number): Generator<T> {
  for (let i = 0; i < n; i++) {
    const r = it.next();
    if (r.done) return;
    if (rnd() < rate) sample.push(r.value);
    yield r.value;
  }
}

/** CPU seconds this process used so far, all threads. */
function cpuSeconds(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
}

/** CPU seconds process `pid` used so far (Linux: /proc/<pid>/stat, in clock ticks of 1/100 s); NaN where that is not there. */
function processCpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

/** Runs the benchmark with `concepts` concepts; cleans up after itself. */
export async function benchTermbase(concepts = 100_000, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<TermbaseBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'caravan-bench-termbase-'));
  const dataDir = join(dir, 'data');
  const env = { CARAVAN_DATA_DIR: dataDir, CARAVAN_ADMIN_KEY: ADMIN_KEY, CARAVAN_LOG_LEVEL: 'info' as const, PORT: '0', CARAVAN_HOST: '127.0.0.1' };
  const loads = [loadavg()[0] ?? 0];
  try {
    const material = loadTermMaterial();
    const generator = syntheticConcepts(material, concepts, 11);
    const rnd = prng(3);
    const sample: TermEntry[] = [];
    const files: { file: string; concepts: number; bytes: number }[] = [];
    for (let left = concepts; left > 0; left -= FIRST_IMPORT) {
      const size = Math.min(FIRST_IMPORT, left);
      const file = join(dir, `import-${files.length + 1}.tbx`);
      files.push({ file, concepts: size, bytes: await writeFile(file, take(generator, size, sample, (SEARCHES * 1.2) / concepts, rnd)) });
    }
    log(`wrote ${files.map((f) => `${f.concepts} concepts (${(f.bytes / 1e6).toFixed(1)} MB)`).join(', ')}`);

    const rt = await openRuntime(loadConfig(env), pino({ level: 'silent' }));
    // The server as `caravan serve` makes it (its timeouts and keep-alive), around the app.
    const server: Server = createHttpServer(createApp({ services: rt.services, logger: pino({ level: 'silent' }) })).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const headers = { Authorization: `Bearer ${ADMIN_KEY}` };
    const call = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
    const json = (method: string, body: unknown, extra: Record<string, string> = {}) => ({ method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...extra } });
    let result: Omit<TermbaseBenchResult, 'startup' | 'loadAverage'>;
    try {
      await call('/api/v1/glossaries', json('POST', { id: GLOSSARY, name: 'Benchmark' }));
      // The probes' requests once before the imports: a first TM lookup builds the memory's index
      // and a route's first request compiles its validators (hundreds of ms), which is not the import's doing.
      await (await call('/api/v1/tm/lookup', json('POST', { source: '共建中国—中亚命运共同体', sourceLang: 'zh-CN', targetLang: 'en' }))).arrayBuffer();
      await (await call('/health')).arrayBuffer();
      const imports: TermbaseBenchResult['imports'] = [];
      for (const f of files) {
        const intoEntries = rt.services.glossary.entryCount();
        // The probes run in a process of their own (termbase-probe.ts): their CPU is not the import's.
        const prober = spawn(process.execPath, [join(PACKAGE_ROOT, 'dist', 'bench', 'termbase-probe.js'), base, ADMIN_KEY], { stdio: ['pipe', 'pipe', 'inherit'] });
        let probeOut = '';
        prober.stdout.on('data', (c: Buffer) => { probeOut += c.toString(); });
        while (!probeOut.startsWith(`${PROBE_READY}\n`)) await once(prober.stdout, 'data');
        const loop = monitorEventLoopDelay({ resolution: 10 });
        loop.enable();
        const cpuBefore = cpuSeconds();
        // node:http rather than fetch: fetch gives up on a response that takes over 300 s.
        const [ms, [status, text]] = await timed(() => new Promise<[number, string]>((resolve, reject) => {
          const req = request(`${base}/api/v1/glossaries/${GLOSSARY}/import`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-tbx+xml', 'Content-Length': f.bytes } }, (res) => {
            let body = '';
            res.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => resolve([res.statusCode ?? 0, body]));
          });
          req.on('error', reject);
          createReadStream(f.file).pipe(req);
        }));
        const report = JSON.parse(text) as { created: number };
        prober.stdin.end('stop\n');
        await once(prober, 'exit');
        const probes = JSON.parse(probeOut.slice(PROBE_READY.length + 1)) as number[];
        loop.disable();
        if (status !== 200 || report.created !== f.concepts) throw new Error(`import failed: ${status} ${text.slice(0, 300)}`);
        imports.push({ concepts: f.concepts, intoEntries, fileMB: Math.round(f.bytes / 1e5) / 10, seconds: Math.round(ms / 100) / 10,
          cpuSeconds: Math.round((cpuSeconds() - cpuBefore) * 10) / 10, conceptsPerSecond: Math.round(f.concepts / (ms / 1000)),
          probes: latency(probes), maxEventLoopBlockMs: Math.round(loop.max / 1e6) });
        log(`imported ${f.concepts} into ${intoEntries} in ${(ms / 1000).toFixed(1)} s (CPU ${(cpuSeconds() - cpuBefore).toFixed(1)} s); probes p99 ${latency(probes).p99.toFixed(1)} max ${latency(probes).max.toFixed(1)} ms`);
      }
      await rt.services.glossary.settled();

      const post: number[] = [];
      const put: number[] = [];
      for (let i = 0; i < WRITES; i++) {
        const entry = { languages: { 'zh-CN': [{ term: `基准写入术语${i}`, status: 'preferred' }], en: [{ term: `benchmark write ${i}`, status: 'preferred' }] } };
        const [pms, created] = await timed(() => call(`/api/v1/glossaries/${GLOSSARY}/entries`, json('POST', entry)));
        post.push(pms);
        const body = await created.json() as { id: string };
        const [ums, updated] = await timed(() => call(`/api/v1/glossaries/${GLOSSARY}/entries/${body.id}`, json('PUT', { ...entry, definition: 'Changed.' }, { 'If-Match': created.headers.get('etag') ?? '' })));
        if (updated.status !== 200) throw new Error(`PUT failed: ${updated.status}`);
        await updated.arrayBuffer();
        put.push(ums);
      }
      log(`writes: POST p95 ${latency(post).p95.toFixed(2)} ms, PUT p95 ${latency(put).p95.toFixed(2)} ms`);

      const segments = recognitionSegments(material, SEGMENTS, SEGMENT_LENGTH, 5);
      const zh = canonicalizeLanguageTag('zh-CN');
      const all = rt.services.glossary.resolveGlossaries({ keyId: 0, name: 'bench', role: 'admin', scope: { memories: '*', glossaries: '*' } });
      const http: number[] = [];
      for (const text of segments) http.push((await timed(async () => (await call('/api/v1/glossary/recognize', json('POST', { text, lang: 'zh-CN' }))).arrayBuffer()))[0]);
      const inProcess: number[] = [];
      let hits = 0;
      for (const text of segments) {
        const t = performance.now();
        hits += rt.services.glossary.recognize(text, 'zh-CN', all).length;
        inProcess.push(performance.now() - t);
      }
      const seedEntries = [];
      for await (const batch of rt.stores.termbase.scanEntries(SEED_COLLECTION, 1000)) seedEntries.push(...batch);
      const seed = new TermRecognizer(seedEntries);
      const seedOnly: number[] = [];
      for (const text of segments) {
        const t = performance.now();
        seed.recognize(text, zh, [SEED_COLLECTION]);
        seedOnly.push(performance.now() - t);
      }
      log(`recognition p95: HTTP ${latency(http).p95.toFixed(2)} ms, in process ${latency(inProcess).p95.toFixed(3)} ms (seed glossary alone ${latency(seedOnly).p95.toFixed(3)} ms)`);

      const search: number[] = [];
      let found = 0;
      for (const e of sample.slice(0, SEARCHES)) {
        const r = rnd();
        const zhTerm = e.languages['zh-CN']?.[0]?.term ?? '';
        const enTerm = e.languages.en?.[0]?.term ?? '';
        const q = r < 0.4 ? zhTerm.slice(0, 2 + Math.floor(rnd() * 4)) : r < 0.7 ? enTerm.split(' ')[0] ?? enTerm : enTerm;
        const [ms, page] = await timed(async () => (await call(`/api/v1/glossaries/${GLOSSARY}/entries?q=${encodeURIComponent(q)}&limit=50`)).json() as Promise<{ total: number }>);
        search.push(ms);
        found += page.total;
      }
      log(`search p95 ${latency(search).p95.toFixed(2)} ms (${Math.round(found / search.length)} hits per query)`);
      result = { concepts, imports, writes: { post: latency(post), put: latency(put) },
        recognition: { http: latency(http), inProcess: latency(inProcess), seedOnly: latency(seedOnly), hitsPerSegment: hits / SEGMENTS },
        search: { ...latency(search), hitsPerQuery: Math.round(found / search.length) }, rssMb: rssAfterGc().rssMb };
      loads.push(loadavg()[0] ?? 0);
    } finally {
      server.close();
      await rt.close();
    }
    const startup = { seconds: [] as number[], cpuSeconds: [] as number[], termBaseLoadMs: [] as number[] };
    for (let i = 0; i < STARTS; i++) {
      const t = performance.now();
      const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'dist', 'src', 'main.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('"msg":"Caravan is listening"')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${out}`)));
      });
      startup.seconds.push(Math.round((performance.now() - t) / 100) / 10);
      startup.cpuSeconds.push(processCpuSeconds(child.pid));
      startup.termBaseLoadMs.push(Number(/"ms":(\d+),"msg":"term base loaded"/.exec(out)?.[1] ?? NaN));
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    log(`start-up: ${startup.seconds.join(', ')} s, CPU ${startup.cpuSeconds.join(', ')} s (term base loaded in ${startup.termBaseLoadMs.join(', ')} ms)`);
    return { ...result, startup, loadAverage: [...loads, loadavg()[0] ?? 0] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchTermbase(Number(process.argv[2] ?? 100_000));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
