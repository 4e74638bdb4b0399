/**
 * What the in-process probes of the lookup service share (service-probe.ts, bar-probe.ts,
 * penalty-bound-probe.ts): the 500 queries of run-http.ts's mix for a memory of `n` units, the
 * lookup service opened on a data directory that `run-lookups.js` made (the real SQLite store,
 * the seed glossary, the admin key's principal) with its index built and its planes' steps done,
 * the digest the probes print of their answers, and the oracle probes' arguments.
 */
import { join } from 'node:path';
import { pino } from 'pino';
import { familyUnits, lookupMix, type MixQuery, sampleSources } from './corpus.js';
import { CORPUS_SEED } from './http/run-http.js';
import { loadSeedMaterial, prng, type SeedMaterial } from './synthetic.js';
import { FULL_SCOPE, type Principal } from '../src/domain/auth/roles.js';
import { loadConfig } from '../src/config.js';
import { openRuntime } from '../src/runtime.js';

const QUERIES = 500;
const SAMPLE = 5_000;

/** The arguments of a probe of the oracle kind (bar-probe.ts, penalty-bound-probe.ts): `<units> <dataDir> [threshold]`, PROBE_REPEAT, PROBE_SLOWEST. */
export function oracleProbeArgs(script: string): { units: number; dir: string; threshold: number; repeat: number; slowest: number } {
  const dir = process.argv[3];
  if (!dir) throw new Error(`usage: ${script} <units> <dataDir> [threshold]`);
  return {
    units: Number(process.argv[2] ?? 100_000), dir, threshold: Number(process.argv[4] ?? 70),
    repeat: Number(process.env.PROBE_REPEAT ?? 3), slowest: Number(process.env.PROBE_SLOWEST ?? 25),
  };
}

/** FNV-1a over a string's code units, from `acc` (2166136261 to start). */
export function fnv1a(acc: number, text: string): number {
  let x = acc;
  for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 16777619) >>> 0;
  return x;
}

/** The seed material, the memory's sample of sources and the 500 queries of the HTTP mix at `n` units. */
export function benchQueries(n: number): { material: SeedMaterial; sample: string[]; queries: MixQuery[] } {
  const material = loadSeedMaterial();
  const sample: string[] = [];
  for (const _ of sampleSources(familyUnits(material, n, CORPUS_SEED), sample, SAMPLE, prng(n + 7)));
  return { material, sample, queries: lookupMix(material, sample, QUERIES, n + 1) };
}

/** The runtime on `dir`'s data directory, its index built and its signature planes built ahead (as in the server), and the admin principal. */
export async function openLookupService(dir: string): Promise<{ runtime: Awaited<ReturnType<typeof openRuntime>>; by: Principal }> {
  const config = loadConfig({ ...process.env, CARAVAN_DATA_DIR: join(dir, 'data'), CARAVAN_ADMIN_KEY: 'bench-admin-key-0123456789abcdef' });
  const runtime = await openRuntime(config, pino({ level: 'silent' }));
  await runtime.services.tm.warm();
  // The signature planes are built in steps after the build, between turns of the event loop, as in the server.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  return { runtime, by: { keyId: 1, name: 'bench', role: 'admin', scope: FULL_SCOPE } };
}
