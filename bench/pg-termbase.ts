/**
 * The term base on PostgreSQL at scale (issue 13): imports N synthetic concepts (default 100,000)
 * into a private cluster through the store's staged import, then times the glossary search the
 * services make (the query mix of termbase.ts: Chinese terms and parts of them, English words and
 * terms), once through the store (our tokens in a `text[]` with a GIN index) and once as pg_trgm
 * would answer it (a trigram GIN index over the terms and definition, `LIKE '%q%'`), the
 * alternative pg-termbase-list.ts was chosen against.
 *
 *   npx tsx bench/pg-termbase.ts [concepts] [tokens]   (`tokens`: the store's search only)
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { openPgStores } from '../src/store/postgres/pg-stores.js';
import { startPgCluster } from './pg-cluster.js';
import { prng } from './synthetic.js';
import { loadTermMaterial, syntheticConcepts } from './synthetic-termbase.js';

/** Queries timed per method. */
const QUERIES = 300;
/** Entries staged per batch. */
const STAGE = 1000;

function p(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const concepts = Number(process.argv[2] ?? 100_000);
const cluster = await startPgCluster({ durable: true });
const stores = await openPgStores(cluster.url);
try {
  const at = new Date().toISOString();
  await stores.termbase.createGlossary({ id: 'syn', name: 'Synthetic', description: '', tags: [], readOnly: false, createdAt: at, createdBy: 'bench', updatedAt: at, updatedBy: 'bench', lastWriteAt: null });
  const material = loadTermMaterial();
  const rnd = prng(7);
  const sample: { zh: string; en: string }[] = [];
  const started = performance.now();
  const bulk = await stores.termbase.beginEntryImport('syn');
  let batch = [];
  for (const e of syntheticConcepts(material, concepts, 1)) {
    const entry = { ...e, glossary: 'syn' };
    if (rnd() < 0.01) sample.push({ zh: e.languages['zh-CN']?.[0]?.term ?? '', en: e.languages.en?.[0]?.term ?? '' });
    batch.push({ op: 'put' as const, entry, expectedVersion: null, history: { entryId: e.id, version: 1, action: 'created' as const, by: 'bench', at, changes: [] } });
    if (batch.length >= STAGE) {
      await bulk.stage(batch);
      batch = [];
    }
  }
  await bulk.stage(batch);
  const staged = performance.now();
  await bulk.commit();
  const done = performance.now();
  process.stdout.write(`import of ${concepts} concepts: stage ${((staged - started) / 1000).toFixed(1)} s, commit ${((done - staged) / 1000).toFixed(1)} s (load ${loadavg()[0]?.toFixed(1)})\n`);
  await stores.close().catch(() => undefined);

  const queries = Array.from({ length: QUERIES }, (_, i) => {
    const s = sample[i % sample.length] as { zh: string; en: string };
    const r = rnd();
    return r < 0.4 ? s.zh.slice(0, 2 + Math.floor(rnd() * 4)) : r < 0.7 ? s.en.split(' ')[0] ?? s.en : s.en;
  });
  const reopened = await openPgStores(cluster.url);
  const time = async (name: string, run: (q: string) => Promise<number>) => {
    const ms: number[] = [];
    let hits = 0;
    for (const q of queries) {
      const t = performance.now();
      hits += await run(q);
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    process.stdout.write(`${name}: p50 ${p(ms, 0.5).toFixed(1)} ms, p95 ${p(ms, 0.95).toFixed(1)} ms, ${Math.round(hits / queries.length)} hits per query (load ${loadavg()[0]?.toFixed(1)})\n`);
  };
  await time('tokens, GIN (the store)', async (q) => (await reopened.termbase.listEntries({ glossaries: ['syn'], q, limit: 50 })).total);

  if (process.argv[3] !== 'tokens') {
    const postgres = (await import('postgres')).default;
    const sql = postgres(cluster.url, { max: 1, onnotice: () => undefined });
    const t0 = performance.now();
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`;
    await sql`ALTER TABLE term_entries ADD COLUMN trgm text`;
    await sql`UPDATE term_entries SET trgm = lower(languages || ' ' || coalesce(definition, ''))`;
    await sql`CREATE INDEX term_entries_trgm ON term_entries USING gin (trgm gin_trgm_ops)`;
    process.stdout.write(`pg_trgm index built in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    await time('pg_trgm LIKE', async (q) => {
      const [row] = await sql<{ n: number }[]>`WITH h AS (SELECT id FROM term_entries WHERE glossary = 'syn' AND trgm LIKE ${`%${q.toLowerCase()}%`})
        SELECT (SELECT count(*)::int FROM h) AS n, (SELECT array_agg(id) FROM (SELECT id FROM h ORDER BY id LIMIT 50) x) AS page`;
      return row?.n ?? 0;
    });
    await sql.end();
  }
  await reopened.close();
} finally {
  cluster.destroy();
}
