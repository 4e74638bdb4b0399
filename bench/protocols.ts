/**
 * The protocol routes for translation tools (issue 15) at scale, through HTTP as the tools call
 * them: a memory of `units` synthetic units (synthetic.ts) in an on-disk SQLite store, a link
 * key, then
 * - tmserver lookups as Weblate sends them (every path part quoted, threshold 70, 5 candidates)
 *   and APy translations as OmegaT sends them (one best match at 75), p50/p95 per request over
 *   the same query mix as the TM benchmark (exact, edited, numbers changed, unrelated);
 * - `languages/`, which Weblate asks before it looks anything up (it counts the key's pairs);
 * - OmegaT's sync of the memory: the whole TMX (seconds, MB) and then the conditional GET with
 *   the stored ETag, which must stay a 304 that costs the same at any size.
 * The client is node:http on one keep-alive agent, one request at a time, as a tool asks while a
 * translator types. No goal is set by the issue; the numbers go in the report and the README.
 *
 * Run: `node --expose-gc dist/bench/protocols.js [units]` (after `npm run build`), or call
 * {@link benchProtocols} from a bench runner.
 */
import { once } from 'node:events';
import { Agent, type Server, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { SYSTEM_PRINCIPAL } from '../src/domain/auth/roles.js';
import { DEFAULT_COLLECTION } from '../src/domain/collections.js';
import { createApp } from '../src/http/app.js';
import { createServices } from '../src/services/container.js';
import { openSqliteStores } from '../src/store/sqlite/sqlite-stores.js';
import { latency } from './stats.js';
import { loadSeedMaterial, syntheticQueries, syntheticUnits } from './synthetic.js';

/** Requests per measured route: enough for a stable p95 on a shared 2-core machine. */
const QUERIES = Number(process.env.BENCH_PROTOCOL_QUERIES ?? 1000);
/** Requests of the routes that do not depend on the text (`languages/`, the TMX's 304). */
const REPEATS = 200;
/** Units stored per transaction while building the memory. */
const LOAD_BATCH = 10_000;

/** What the benchmark measured (milliseconds unless named otherwise). */
export interface ProtocolBenchResult {
  units: number;
  tmserver: ReturnType<typeof latency>;
  apy: ReturnType<typeof latency>;
  languages: ReturnType<typeof latency>;
  omegat: { tmxSeconds: number; tmxMB: number; notModified: ReturnType<typeof latency> };
}

/** One GET; resolves with the status, the ETag and the body's length. */
function get(agent: Agent, port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; etag?: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag, bytes }));
      res.on('error', reject);
    }).on('error', reject).end();
  });
}

/** Times `paths` one after another; every answer must be `status`. */
async function timed(agent: Agent, port: number, paths: string[], status: number, headers: Record<string, string> = {}): Promise<ReturnType<typeof latency>> {
  const times: number[] = [];
  for (const path of paths) {
    const t = performance.now();
    const res = await get(agent, port, path, headers);
    times.push(performance.now() - t);
    if (res.status !== status) throw new Error(`GET ${path.replace(/cvn_[^/]+/, 'KEY')}: ${res.status}, expected ${status}`);
  }
  return latency(times);
}

/** Python's `quote(text, safe='')`, as Weblate quotes each path part. */
const quote = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Builds a memory of `units` units and measures the protocol routes on it; cleans up after itself. */
export async function benchProtocols(units = 100_000, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<ProtocolBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'caravan-bench-protocols-'));
  const stores = openSqliteStores(join(dir, 'data'));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let server: Server | undefined;
  try {
    const material = loadSeedMaterial();
    const sources: string[] = [];
    let batch = [];
    for (const u of syntheticUnits(material, units, units)) {
      batch.push(u);
      if (sources.length < 5000) sources.push(u.source);
      if (batch.length === LOAD_BATCH) {
        await stores.tm.upsertUnits(DEFAULT_COLLECTION, batch, 'bench');
        batch = [];
      }
    }
    if (batch.length) await stores.tm.upsertUnits(DEFAULT_COLLECTION, batch, 'bench');
    const services = createServices(stores);
    await services.tm.warm();
    const key = (await services.keys.create('bench-link', 'reader', SYSTEM_PRINCIPAL, undefined, {})).key;
    server = createApp({ services, logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    log(`[protocols] ${units} units stored and indexed`);

    const queries = syntheticQueries(material, sources, QUERIES, units + 1);
    await timed(agent, port, queries.slice(0, 50).map((q) => `/tmserver/${key}/zh_hans/en/unit/${quote(q.source)}`), 200);
    const tmserver = await timed(agent, port, queries.map((q) => `/tmserver/${key}/zh_hans/en/unit/${quote(q.source)}`), 200);
    log(`[protocols] tmserver p50 ${tmserver.p50.toFixed(1)} ms, p95 ${tmserver.p95.toFixed(1)} ms`);
    const apy = await timed(agent, port, queries.map((q) => `/apy/${key}/translate?q=${encodeURIComponent(q.source)}&markUnknown=no&langpair=zh_CN|en`), 200);
    log(`[protocols] APy p50 ${apy.p50.toFixed(1)} ms, p95 ${apy.p95.toFixed(1)} ms`);

    const languages = await timed(agent, port, Array.from({ length: REPEATS }, () => `/tmserver/${key}/languages/`), 200);
    log(`[protocols] languages/ p50 ${languages.p50.toFixed(1)} ms, p95 ${languages.p95.toFixed(1)} ms`);

    const tmxPath = `/omegat/${key}/memories/${DEFAULT_COLLECTION}.tmx`;
    const t = performance.now();
    const full = await get(agent, port, tmxPath);
    const tmxSeconds = (performance.now() - t) / 1000;
    if (full.status !== 200 || !full.etag) throw new Error(`GET the TMX: ${full.status}`);
    const notModified = await timed(agent, port, Array.from({ length: REPEATS }, () => tmxPath), 304, { 'If-None-Match': full.etag });
    log(`[protocols] TMX ${(full.bytes / 1e6).toFixed(1)} MB in ${tmxSeconds.toFixed(1)} s; 304 p50 ${notModified.p50.toFixed(1)} ms, p95 ${notModified.p95.toFixed(1)} ms`);
    return { units, tmserver, apy, languages, omegat: { tmxSeconds: Math.round(tmxSeconds * 10) / 10, tmxMB: Math.round(full.bytes / 1e5) / 10, notModified } };
  } finally {
    agent.destroy();
    if (server) await new Promise((resolve) => server?.close(resolve));
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchProtocols(Number(process.argv[2] ?? 100_000));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
