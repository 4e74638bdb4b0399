/**
 * Two nodes on PostgreSQL at scale (issue 13, "Measured in npm run bench"), on a private
 * throwaway cluster with durable commits (fsync on): node A imports a synthetic TMX of `units`
 * units through the HTTP API (COPY into a stage, one commit), node B then starts on that database
 * (snapshot and change log: the node start time), lookups are timed through node B's HTTP API,
 * and node A takes single-unit writes at 200 per second while node B's lag is measured per write
 * (from A's response to B having applied its `Caravan-Seq`). Both nodes run in this process,
 * each with its own connection pool, index and follower; they share its event loop, so the lag
 * includes the time B waits for A's work on the same cores.
 *
 * Run: `node dist/bench/postgres-cluster.js [units]` (after `npm run build`); prints JSON on stdout.
 */
import { once } from 'node:events';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { Agent, type Server, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { SYSTEM_PRINCIPAL } from '../src/domain/auth/roles.js';
import { createApp } from '../src/http/app.js';
import { createServices, type Services } from '../src/services/container.js';
import { openPgStores } from '../src/store/postgres/pg-stores.js';
import type { Stores } from '../src/store/types.js';
import { startPgCluster } from './pg-cluster.js';
import { latency } from './stats.js';
import { editChars, prng } from './synthetic.js';
import { writeSyntheticTmx } from './tmx-import.js';

/**
 * Server settings of the benchmark's cluster, as an operator would set them for a TM server (the
 * README's "Scaling out" recommends them): the units table and its indexes in memory, and no
 * checkpoint in the middle of a million-row import. Commits stay durable (fsync on).
 */
const SERVER_SETTINGS = ['shared_buffers=1GB', 'max_wal_size=8GB', 'checkpoint_timeout=30min'];
/** Lookups timed on node B. */
const LOOKUPS = 500;
/** Write rate and duration of the replication-lag run (issue 13: p99 within 1 s at 200 writes/s). */
const WRITES_PER_SECOND = 200;
const WRITE_SECONDS = 10;
/** Term edits made one after another on node A, each timed until node B has applied it. */
const TERM_EDITS = 200;

/** What the benchmark measured. */
export interface PgClusterBenchResult {
  units: number;
  importSeconds: number;
  nodeStartSeconds: number;
  lookupMs: { p50: number; p95: number; p99: number };
  /** `writesPerSecond`: the rate node A sustained (writes commit concurrently, see pg-db.ts). */
  lagMs: { p50: number; p99: number; max: number; writes: number; writesPerSecond: number };
  /** From node A's answer to a term edit (PUT with If-Match) to node B's recognizer holding it. */
  termLagMs: { p50: number; p99: number; max: number; edits: number };
}

interface Node {
  services: Services;
  stores: Stores;
  server: Server;
  port: number;
  close(): Promise<void>;
}

async function startNode(url: string): Promise<Node> {
  const stores = await openPgStores(url);
  const services = createServices(stores);
  await services.follower?.start();
  const server = createApp({ services, logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    services, stores, server, port: (server.address() as AddressInfo).port,
    async close() {
      server.close();
      await services.follower?.stop();
      await stores.close();
    },
  };
}

/** Keep-alive connections to a node, at most this many at once (as a load balancer's pool would). */
const agent = new Agent({ keepAlive: true, maxSockets: 32 });

function post(port: number, path: string, key: string, body: unknown, method = 'POST', headers: Record<string, string> = {}): Promise<{ status: number; seq: number; etag: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent,
      headers: { ...headers, Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, seq: Number(res.headers['caravan-seq'] ?? 0), etag: String(res.headers.etag ?? '') }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs the benchmark with `units` units; cleans up after itself. */
export async function benchPgCluster(units = 1_000_000, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<PgClusterBenchResult> {
  const cluster = await startPgCluster({ durable: true, settings: SERVER_SETTINGS });
  const dir = mkdtempSync(join(tmpdir(), 'caravan-bench-pg-'));
  const nodes: Node[] = [];
  try {
    const a = await startNode(cluster.url);
    nodes.push(a);
    const key = (await a.services.keys.create('bench', 'translator', SYSTEM_PRINCIPAL)).key;
    const file = join(dir, 'bench.tmx');
    const bytes = await writeSyntheticTmx(file, units);
    log(`POST /api/v1/tm/import of ${units} units (${(bytes / 1e6).toFixed(1)} MB) to node A ...`);
    let started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: a.port, path: '/api/v1/tm/import', method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-tmx+xml', 'Content-Length': bytes } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`import answered ${res.statusCode}`))));
      });
      req.on('error', reject);
      createReadStream(file).pipe(req);
    });
    const importSeconds = (performance.now() - started) / 1000;
    log(`  ${importSeconds.toFixed(1)} s`);

    log('starting node B on the database ...');
    started = performance.now();
    const b = await startNode(cluster.url);
    nodes.push(b);
    const nodeStartSeconds = (performance.now() - started) / 1000;
    log(`  ready in ${nodeStartSeconds.toFixed(1)} s with ${b.services.tm.indexedUnits} units`);

    const rnd = prng(7);
    const sample = await b.stores.tm.listUnits({ memories: ['default'], limit: 5_000 });
    const alphabet = [...'中国亚国家合作发展共同体建设安全'];
    const times: number[] = [];
    for (let i = 0; i < LOOKUPS; i++) {
      const u = sample[Math.floor(rnd() * sample.length)];
      if (!u) break;
      const t0 = performance.now();
      const r = await post(b.port, '/api/v1/tm/lookup', key, { sourceLang: 'zh-CN', targetLang: 'en', source: editChars(u.source, i % 3, rnd, alphabet) });
      times.push(performance.now() - t0);
      if (r.status !== 200) throw new Error(`lookup answered ${r.status}`);
    }
    const look = latency(times);
    log(`  lookups on node B: p50 ${look.p50.toFixed(2)} ms, p95 ${look.p95.toFixed(2)} ms`);

    log(`${WRITES_PER_SECOND} writes/s on node A for ${WRITE_SECONDS} s, lag to node B ...`);
    const lags: Promise<number>[] = [];
    const total = WRITES_PER_SECOND * WRITE_SECONDS;
    const t0 = performance.now();
    const writes: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / WRITES_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      writes.push(post(a.port, '/api/v1/tm/units', key, { sourceLang: 'zh-CN', targetLang: 'en', source: `复制延迟测试第${i}句。`, target: `Lag test ${i}.` }).then((r) => {
        if (r.status !== 201) throw new Error(`write answered ${r.status}`);
        const acked = performance.now();
        lags.push(b.services.sync.waitFor(r.seq, 30_000).then(() => performance.now() - acked));
      }));
    }
    await Promise.all(writes);
    const writeRate = total / ((performance.now() - t0) / 1000);
    const lag = latency(await Promise.all(lags));
    log(`  ${writeRate.toFixed(0)} writes/s achieved; lag p50 ${lag.p50.toFixed(1)} ms, p99 ${lag.p99.toFixed(1)} ms`);
    log(`${TERM_EDITS} term edits on node A, lag to node B's recognizer ...`);
    const terms = (await a.services.keys.create('bench-terms', 'terminologist', SYSTEM_PRINCIPAL)).key;
    const entry = (en: string) => ({ languages: { 'zh-CN': [{ term: '复制延迟术语', status: 'preferred' }], en: [{ term: en, status: 'preferred' }] } });
    let edit = await post(a.port, '/api/v1/glossaries/default/entries', terms, { id: 'lag-term', ...entry('Lag term 0') });
    const termTimes: number[] = [];
    for (let i = 1; i <= TERM_EDITS; i++) {
      edit = await post(a.port, '/api/v1/glossaries/default/entries/lag-term', terms, entry(`Lag term ${i}`), 'PUT', { 'If-Match': edit.etag });
      if (edit.status !== 200) throw new Error(`term edit answered ${edit.status}`);
      const acked = performance.now();
      await b.services.sync.waitFor(edit.seq, 30_000);
      termTimes.push(performance.now() - acked);
    }
    const termLag = latency(termTimes);
    log(`  term edit lag p50 ${termLag.p50.toFixed(1)} ms, p99 ${termLag.p99.toFixed(1)} ms`);
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      units,
      importSeconds: round(importSeconds),
      nodeStartSeconds: round(nodeStartSeconds),
      lookupMs: { p50: round(look.p50), p95: round(look.p95), p99: round(look.p99) },
      lagMs: { p50: round(lag.p50), p99: round(lag.p99), max: round(lag.max), writes: lag.n, writesPerSecond: Math.round(writeRate) },
      termLagMs: { p50: round(termLag.p50), p99: round(termLag.p99), max: round(termLag.max), edits: termLag.n },
    };
  } finally {
    agent.destroy();
    for (const n of nodes.reverse()) await n.close().catch(() => undefined);
    cluster.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchPgCluster(Number(process.argv[2] ?? 1_000_000));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
