/** The term-base benchmark's figures as the Markdown tables of the README (issue 11's table, then the imports). */
import { ms, table } from './stats.js';
import type { TermbaseBenchResult } from './termbase.js';

/** The figures with their goals, and one row per import. */
export function termbaseTables(r: TermbaseBenchResult): string {
  const [first] = r.imports;
  const probesMax = Math.max(...r.imports.map((i) => i.probes.max));
  const rows: (string | number)[][] = [
    [`import a ${first?.concepts.toLocaleString('en') ?? 0}-concept TBX v2 (${first?.fileMB ?? 0} MB)`, '<= 20 s', `${first?.seconds ?? '-'} s (CPU ${first?.cpuSeconds ?? '-'} s)`],
    ['during the imports, `/health` and TM lookups (every 20 ms)', 'within 100 ms', `p50 ${r.imports.map((i) => ms(i.probes.p50)).join(' / ')}, p99 ${r.imports.map((i) => ms(i.probes.p99)).join(' / ')}, max ${ms(probesMax)} ms`],
    [`one entry write at ${r.concepts.toLocaleString('en')} entries (POST / PUT with If-Match)`, '<= 20 ms p95', `${ms(r.writes.post.p95)} / ${ms(r.writes.put.p95)} ms`],
    ['recognition of a 60-character segment (in the server / HTTP round trip)', '<= 1 ms p95, within 2x of the seed glossary',
      `${r.recognition.inProcess.p95.toFixed(3)} ms (seed glossary alone ${r.recognition.seedOnly.p95.toFixed(3)} ms) / ${ms(r.recognition.http.p95)} ms; ${r.recognition.hitsPerSegment.toFixed(1)} terms per segment`],
    ['glossary search (`GET .../entries?q=`)', '<= 20 ms p95', `p50 ${ms(r.search.p50)}, p95 ${ms(r.search.p95)} ms (${r.search.hitsPerQuery} hits per query)`],
    [`start-up with ${r.concepts.toLocaleString('en')} entries (until listening)`, '<= 5 s', `${r.startup.seconds.join(', ')} s (CPU ${r.startup.cpuSeconds.join(', ')} s; term base loaded in ${r.startup.termBaseLoadMs.join(', ')} ms)`],
  ];
  const imports = r.imports.map((i) => [i.concepts.toLocaleString('en'), i.intoEntries.toLocaleString('en'), i.fileMB, i.seconds.toFixed(1), i.cpuSeconds.toFixed(1), i.conceptsPerSecond,
    ms(i.probes.p99), ms(i.probes.max), i.maxEventLoopBlockMs]);
  return [`Term base at ${r.concepts.toLocaleString('en')} concepts through the HTTP API (RSS ${r.rssMb} MB; load average ${r.loadAverage.map((l) => l.toFixed(1)).join(' -> ')})`, '',
    table(['figure', 'goal', 'measured'], rows), '',
    table(['import concepts', 'into entries', 'file MB', 'seconds', 'CPU s', 'concepts/s', 'probe p99 ms', 'probe max ms', 'longest event-loop block ms'], imports)].join('\n');
}
