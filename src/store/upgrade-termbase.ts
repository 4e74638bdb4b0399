/**
 * Upgrades the term base of a 0.1.0 data directory (issue 10 §6, issue 11): its `termbase.json`
 * becomes the glossary `default`, every entry with its version and bookkeeping and every history
 * record (tombstones of deleted entries too), loaded verbatim; then the file is renamed to a
 * backup name so that it is kept but never imported twice.
 *
 * A 0.1.0 term base that was seeded already holds the curated glossary, so the seed step is marked
 * done (`seed.glossary`): loading the curated glossary again into a glossary of its own would
 * report every seed term twice. Safe to re-run after a crash: a `default` that already has content
 * was loaded by an earlier run (nothing else writes before the upgrade), so only the rename is left.
 */
import { DEFAULT_COLLECTION } from '../domain/collections.js';
import { readLegacyTermbase, retireLegacyTermbase } from './lowdb/legacy-termbase.js';
import type { Stores } from './types.js';

/** Meta key: when the glossary seed was loaded (or found already loaded). */
export const SEED_GLOSSARY_META = 'seed.glossary';

/** What an upgrade did. */
export interface TermbaseUpgrade {
  entries: number;
  history: number;
  /** The name the 0.1.0 file was kept under. */
  backup: string;
}

/** Upgrades `dataDir`'s 0.1.0 term base if it has one. */
export async function upgradeTermbase(dataDir: string, stores: Pick<Stores, 'termbase' | 'meta'>): Promise<TermbaseUpgrade | undefined> {
  const legacy = await readLegacyTermbase(dataDir);
  if (!legacy) return undefined;
  const loaded = (await stores.termbase.countEntries(DEFAULT_COLLECTION)) > 0 || (await stores.termbase.idsInUse(DEFAULT_COLLECTION)).size > 0;
  if (!loaded) {
    await stores.termbase.restoreGlossary(DEFAULT_COLLECTION, legacy.entries.map((e) => ({ ...e, glossary: DEFAULT_COLLECTION })), legacy.history);
  }
  if (legacy.seededAt && (await stores.meta.getMeta(SEED_GLOSSARY_META)) === undefined) await stores.meta.setMeta(SEED_GLOSSARY_META, legacy.seededAt);
  return { entries: legacy.entries.length, history: legacy.history.length, backup: await retireLegacyTermbase(dataDir) };
}
