/**
 * The client that asks a server `/health` and a TM lookup (which carries recognised terms) every
 * PROBE_EVERY_MS while the term-base benchmark imports, in a process of its own, so that its
 * requests are timed as another client sees them and its CPU does not count as the import's.
 * Run: `node dist/bench/termbase-probe.js <base URL> <key>`; it prints {@link READY} on a line
 * once warmed up, and on a line on stdin it stops and prints the latencies (ms) as JSON.
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { PROBE_READY as READY } from './stats.js';

/** Pause between two probes. */
export const PROBE_EVERY_MS = 20;

const [base, key] = process.argv.slice(2);
let stop = false;
process.stdin.once('data', () => { stop = true; });
const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
const lookup = JSON.stringify({ source: '共建中国—中亚命运共同体', sourceLang: 'zh-CN', targetLang: 'en' });
const probe = (k: number) => (k % 2 ? fetch(`${base}/health`) : fetch(`${base}/api/v1/tm/lookup`, { method: 'POST', headers, body: lookup }));
// Untimed, before the import starts: the first fetch of a process loads and compiles undici and
// opens the connection (85-227 ms measured against an idle server), which is the client's cost.
for (const k of [0, 1]) await (await probe(k)).arrayBuffer();
process.stdout.write(`${READY}\n`);
const times: number[] = [];
for (let k = 0; !stop; k++) {
  const t = performance.now();
  const res = await probe(k);
  await res.arrayBuffer();
  times.push(performance.now() - t);
  await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
}
if (!process.stdout.write(JSON.stringify(times))) await once(process.stdout, 'drain');
process.exit(0);
