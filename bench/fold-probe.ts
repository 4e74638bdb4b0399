/**
 * The main thread's fold of a bulk import, in process (issue 12, seventh round): the HTTP
 * benchmark's memory (`units` family units, corpus.ts, the units run-http.ts imports) staged into
 * an empty index as an import's pages are (bulk-fold.ts: provisional ids, one stamp), then laid
 * out as a pending seal is beside the commit and relabelled in that layout with the ids a store
 * would give (in reverse staging order) and installed (index-growth.ts PendingSeal.adopt), with
 * the CPU time of each part and a digest of everything the index then holds (slots, keys,
 * symbols, folded numbers, every posting list): two trees that fold alike print the same digest.
 * (Until the relabel was added, later in issue 12's seventh round, the index was sealed with
 * `seal` and the digest taken under the provisional ids.)
 *
 * Run: `node --expose-gc dist/bench/fold-probe.js [units] [rounds]` (default 100000, 1) after
 * `npm run build`; each round stages and seals a fresh index. Prints one JSON line. To compare
 * with an older tree, copy the built probe into its `dist/bench` and run both, alternating.
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { NgramIndex } from '../src/domain/tm/index/ngram-index.js';
import { familyUnits } from './corpus.js';
import { CORPUS_SEED } from './http/run-http.js';
import { loadSeedMaterial } from './synthetic.js';

const STAMP = '2026-01-01T00:00:00.000Z';
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** A digest of what `ix` holds, in slot order (postings by gram number, both sides of every partition). */
function digest(ix: NgramIndex): string {
  const h = createHash('sha256');
  const n = ix.slotCount;
  const put = (a: ArrayBufferView & { subarray(from: number, to: number): ArrayBufferView }, to = n) => h.update(a.subarray(0, to) as Uint8Array);
  h.update(`${n} ${ix.size} ${ix.sortedEnd}`);
  for (const a of [ix.unitIds, ix.partitionOf, ix.sourceStart, ix.sourceLength, ix.targetStart, ix.targetLength, ix.alive, ix.updatedAt]) put(a);
  put(ix.arena.data, ix.arena.length);
  h.update(JSON.stringify([ix.sourceSymbols.symbols, ix.targetSymbols.symbols, [...ix.numbers].sort((a, b) => a[0] - b[0])]));
  for (const p of ix.partitions) {
    h.update(`${p.key} ${p.alive} ${p.source.size} ${p.target.size}`);
    h.update(p.lengthStart as unknown as Uint8Array);
    for (const table of [p.source, p.target]) {
      for (let g = 0; g < table.size; g++) {
        const list = table.posting(g);
        h.update(list.data.subarray(0, list.length));
      }
    }
  }
  return h.digest('hex');
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100_000);
  const rounds = Number(process.argv[3] ?? 1);
  const units = [...familyUnits(loadSeedMaterial(), n, CORPUS_SEED)].map((u, k) => ({ ...u, id: -(k + 1), memory: 'default', updatedAt: STAMP }));
  const runs: { foldMs: number; sealMs: number; relabelMs: number }[] = [];
  const ids = Float64Array.from(units, (_, k) => n - k);
  let last = '';
  for (let r = 0; r < rounds; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    const ix = new NgramIndex();
    ix.reserve(n);
    const t0 = cpuMs();
    for (const u of units) ix.stage(u);
    const t1 = cpuMs();
    const seal = ix.pendingSeal(async () => undefined, Infinity);
    await seal.built;
    const t2 = cpuMs();
    await seal.adopt((k) => -(k + 1), ids, async () => undefined);
    const t3 = cpuMs();
    runs.push({ foldMs: Math.round(t1 - t0), sealMs: Math.round(t2 - t1), relabelMs: Math.round(t3 - t2) });
    last = digest(ix);
  }
  process.stdout.write(`${JSON.stringify({ units: n, runs, digest: last, load: loadavg()[0] })}\n`);
}

await main();
