/**
 * The Markdown tables `npm run bench` prints for issue 12's HTTP figures and issue 10's memory
 * figures, beside the targets, so the README's table is the bench's output as printed.
 */
import type { MemoriesBenchResult } from '../memories.js';
import { ms, table } from '../stats.js';
import type { runHttpSize } from './run-http.js';

/** What the HTTP benchmark measured at one size. */
export type HttpRun = Awaited<ReturnType<typeof runHttpSize>>;

const pair = (a: number, b: number) => `${ms(a)} / ${ms(b)}`;
const loadOf = (l: readonly number[] | undefined) => (l ? l.map((x) => x.toFixed(1)).join('-') : '-');

/** One row per figure of issue 12, one column per size: the value and the load average it was taken under. */
export function httpTables(runs: readonly HttpRun[]): string {
  const rows: [string, string, (r: HttpRun) => string][] = [
    ['lookup, threshold 70: p50 / p95 ms', 'at 1M ≤ 3 / ≤ 8; at 100k ≤ 1.5 / ≤ 4', (r) => `${pair(r.lookups.at70.p50, r.lookups.at70.p95)} (server CPU ${ms(r.lookups.at70.cpuMsPerRequest)}/lookup; load ${loadOf(r.lookups.at70.load)})`],
    ['lookup, threshold 50: p50 / p95 ms', 'at 1M ≤ 6 / ≤ 30', (r) => `${pair(r.lookups.at50.p50, r.lookups.at50.p95)} (CPU ${ms(r.lookups.at50.cpuMsPerRequest)}; load ${loadOf(r.lookups.at50.load)})`],
    ['GET /health p50 ms', '≤ 1.0', (r) => `${ms(r.health.full.p50)} (CPU ${ms(r.health.full.cpuMsPerRequest)}; load ${loadOf(r.health.full.load)})`],
    ['TMX import s (uploads, MB)', '1M ≤ 30 s in one upload', (r) => `${r.tmxImport.seconds.toFixed(1)} (${r.tmxImport.uploads}, ${r.tmxImport.fileMB} MB; CPU ${r.tmxImport.cpuSeconds.toFixed(1)} s; load ${loadOf(r.tmxImport.load)})`],
    ['server RSS MB after import / after restart', '1M ≤ 1500 / ≤ 1200', (r) => `${r.rssAfterImportMb} / ${r.restart.rssMb}`],
    ['longest lookup ms during an import into the memory', '100k into 100k ≤ 100', (r) => (r.stall ? `${Math.round(r.stall.longestLookupMs)} (${r.stall.units} units in ${r.stall.importSeconds.toFixed(1)} s; load ${loadOf(r.stall.load)})` : '-')],
    ['analysis of the 2,000-segment document s', '1M ≤ 10', (r) => `${r.analysis.seconds.toFixed(1)} (CPU ${r.analysis.cpuSeconds.toFixed(1)}; load ${loadOf(r.analysis.load)})`],
    ['XLIFF 1.2 export with proposals s', '1M ≤ 15', (r) => `${r.xliffExport.seconds.toFixed(1)} (CPU ${r.xliffExport.cpuSeconds.toFixed(1)}; load ${loadOf(r.xliffExport.load)})`],
    ['batch lookup of 1,000 segments p50 s', '1M ≤ 2', (r) => `${(r.batch.p50 / 1000).toFixed(2)} (load ${loadOf(r.batch.load)})`],
    ['concordance of 中亚 p50 / p95 ms (hits)', '1M ≤ 50', (r) => `${pair(r.concordance.p50, r.concordance.p95)} (${r.concordance.hits}; load ${loadOf(r.concordance.load)})`],
    ['machine speed: fixed CPU work ms, before / after (lower is faster)', '-', (r) => pair(r.machineMs[0] as number, r.machineMs[1] as number)],
  ];
  return table(['figure (HTTP, client side)', 'target', ...runs.map((r) => `${r.units.toLocaleString('en')} units`)], rows.map(([name, target, cell]) => [name, target, ...runs.map(cell)]));
}

/** Issue 10's two comparisons. */
export function memoriesTable(m: MemoriesBenchResult): string {
  const t = (x: MemoriesBenchResult['overOne']) => `${pair(x.p50, x.p95)} (CPU mean ${ms(x.cpuMean)}; load ${loadOf(x.load)})`;
  return table(['lookup (threshold 70, limit 5, in process)', 'p50 / p95 ms', 'ratio (p50, p95, CPU mean)', 'goal'], [
    [`over ${m.memories} memories of ${m.total.toLocaleString('en')} units in all`, t(m.overTwenty), `${m.twentyToOne.p50.toFixed(2)}, ${m.twentyToOne.p95.toFixed(2)}, ${m.twentyToOne.cpuMean.toFixed(2)}`, '≤ 1.5 × one memory'],
    [`over one memory of ${m.total.toLocaleString('en')} units`, t(m.overOne), '1', ''],
    [`limited to a memory of ${m.small.toLocaleString('en')} among ${m.total.toLocaleString('en')}`, t(m.smallAmongLarge), `${m.amongToAlone.p50.toFixed(2)}, ${m.amongToAlone.p95.toFixed(2)}, ${m.amongToAlone.cpuMean.toFixed(2)}`, '≈ 1 × alone'],
    [`the same ${m.small.toLocaleString('en')} units alone`, t(m.smallAlone), '1', ''],
  ]);
}
