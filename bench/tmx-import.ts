/**
 * TMX import and export at scale, through the HTTP API as a client uses it: writes a synthetic
 * TMX file of `units` translation units (zh-CN -> en, one in ten with inline codes, one in
 * ten with an origin prop) to a temporary directory, POSTs it to /api/v1/tm/import of a server
 * on an on-disk SQLite store, then GETs /api/v1/tm/export of the whole pair. Reports wall time,
 * throughput and the peak resident set size of the process (server and client together).
 * Goal (issue 5): a 1M-unit TMX imports with RSS under 1 GB.
 *
 * Run: `node --expose-gc dist/bench/tmx-import.js [units]` (after `npm run build`), or call
 * {@link benchTmxImport} from a bench runner.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { type Server, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { SYSTEM_PRINCIPAL } from '../src/domain/auth/roles.js';
import { createApp } from '../src/http/app.js';
import { createServices } from '../src/services/container.js';
import { openSqliteStores } from '../src/store/sqlite/sqlite-stores.js';
import { prng } from './synthetic.js';

/** What the benchmark measured. */
export interface TmxBenchResult {
  units: number;
  fileMB: number;
  /** `maxEventLoopBlockMs`: the longest the server could not answer other requests (the one-transaction commit). */
  import: { seconds: number; unitsPerSecond: number; imported: number; updated: number; maxEventLoopBlockMs: number };
  export: { seconds: number; unitsPerSecond: number; MBPerSecond: number; bytes: number };
  peakRssMB: number;
  /** Peak RSS while importing only. */
  importPeakRssMB: number;
}

const SYLLABLES = '中国亚国家合作发展共同体建设安全世代友好命运一带路倡议经济贸易人文交流互信互利开放包容和平繁荣稳定繁荣创新能源交通基础设施';
const WORDS = ['China', 'Central', 'Asia', 'cooperation', 'development', 'community', 'shared', 'future', 'security', 'friendship', 'trade', 'energy', 'people', 'exchange'];


/** Writes the synthetic TMX; resolves with its size in bytes. */
export async function writeSyntheticTmx(file: string, units: number): Promise<number> {
  const out = createWriteStream(file);
  const rnd = prng(42); // deterministic: every run imports the same file
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="bench" creationtoolversion="1" segtype="sentence" o-tmf="bench" adminlang="en" srclang="zh-CN" datatype="plaintext"/>\n<body>\n');
  for (let i = 0; i < units; i++) {
    const n = 6 + Math.floor(rnd() * 12);
    let zh = '';
    for (let k = 0; k < n; k++) zh += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
    zh += `${i}。`;
    const en = `${Array.from({ length: 2 + Math.floor(rnd() * 5) }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ')} ${i}.`;
    const tagged = i % 10 === 0;
    const seg = (s: string) => (tagged ? `<bpt i="1">&lt;g id="1"&gt;</bpt>${s}<ept i="1">&lt;/g&gt;</ept>` : s);
    const props = i % 10 === 5 ? `<prop type="x-caravan-origin-document">bench-${i % 97}.txt</prop>` : '';
    await write(`<tu>${props}<tuv xml:lang="zh-CN"><seg>${seg(zh)}</seg></tuv><tuv xml:lang="en"><seg>${seg(en)}</seg></tuv></tu>\n`);
  }
  await write('</body>\n</tmx>\n');
  out.end();
  await once(out, 'finish');
  return statSync(file).size;
}

/** Samples the RSS every 25 ms; `stop()` returns the peak in MB. */
function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 25);
  return { stop: () => { clearInterval(timer); return Math.round(Math.max(peak, process.memoryUsage.rss()) / 1024 / 1024); } };
}

/** Imports and exports `units` units through the HTTP API; cleans up after itself. */
export async function benchTmxImport(units = 1_000_000, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<TmxBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'caravan-bench-tmx-'));
  const stores = openSqliteStores(join(dir, 'data'));
  const services = createServices(stores);
  await services.glossary.warm();
  const key = (await services.keys.create('bench', 'translator', SYSTEM_PRINCIPAL)).key;
  const server: Server = createApp({ services, logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const overall = rssSampler();
  try {
    const file = join(dir, 'bench.tmx');
    log(`writing ${units} units to ${file} ...`);
    const bytes = await writeSyntheticTmx(file, units);
    log(`  ${(bytes / 1e6).toFixed(1)} MB`);

    log('POST /api/v1/tm/import ...');
    const sampler = rssSampler();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    let started = performance.now();
    const report = await new Promise<{ imported: number; updated: number }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/v1/tm/import', method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-tmx+xml', 'Content-Length': bytes } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => { body += c; });
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body) as { imported: number; updated: number }) : reject(new Error(`${res.statusCode}: ${body}`))));
      });
      req.on('error', reject);
      createReadStream(file).pipe(req);
    });
    const importSeconds = (performance.now() - started) / 1000;
    const importPeakRssMB = sampler.stop();
    loop.disable();
    const maxEventLoopBlockMs = Math.round(loop.max / 1e6);
    log(`  ${report.imported} imported in ${importSeconds.toFixed(1)} s, peak RSS ${importPeakRssMB} MB, longest event-loop block ${maxEventLoopBlockMs} ms`);

    log('GET /api/v1/tm/export ...');
    started = performance.now();
    const exported = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/api/v1/tm/export?sourceLang=zh-CN&targetLang=en', headers: { Authorization: `Bearer ${key}` } }, (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => { n += c.length; });
        res.on('end', () => resolve(n));
        res.on('error', reject);
      }).on('error', reject).end();
    });
    const exportSeconds = (performance.now() - started) / 1000;
    log(`  ${(exported / 1e6).toFixed(1)} MB in ${exportSeconds.toFixed(1)} s`);
    return {
      units,
      fileMB: Math.round(bytes / 1e5) / 10,
      import: { seconds: Math.round(importSeconds * 10) / 10, unitsPerSecond: Math.round(report.imported / importSeconds), imported: report.imported,
        updated: report.updated, maxEventLoopBlockMs },
      export: { seconds: Math.round(exportSeconds * 10) / 10, unitsPerSecond: Math.round(units / exportSeconds), MBPerSecond: Math.round(exported / 1e5 / exportSeconds) / 10, bytes: exported },
      peakRssMB: overall.stop(),
      importPeakRssMB,
    };
  } finally {
    overall.stop();
    server.close();
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const units = Number(process.argv[2] ?? 1_000_000);
  const result = await benchTmxImport(units);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
