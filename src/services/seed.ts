/**
 * First start: fills an empty data directory from the curated data in the repository —
 * the seed speeches (`memory/speeches/`, loaded as zh-CN → en documents), the seed
 * translation memory (`memory/tm/*.json`, into a memory of its own named for the summits) and
 * the glossary (`glossary/entries.json`, read through lowdb, loaded into a glossary of its own
 * named for the summits, SEED_COLLECTION). The seed documents read and write that memory.
 *
 * Idempotent: a document whose name is already stored is skipped, units are upserted by
 * identity, and the glossary is loaded once (meta `seed.glossary` records it, so entries a
 * terminologist deletes later do not come back; an upgraded 0.1.0 term base that was seeded
 * already holds the curated entries, see upgrade-termbase.ts).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SYSTEM_PRINCIPAL } from '../domain/auth/roles.js';
import { DEFAULT_COLLECTION, SEED_COLLECTION } from '../domain/collections.js';
import type { CuratedEntry, TermEntry } from '../domain/termbase/entry.js';
import type { NewUnit } from '../domain/tm/unit.js';
import { readJsonDocument } from '../store/lowdb/json-documents.js';
import type { Stores } from '../store/types.js';
import { SEED_GLOSSARY_META } from '../store/upgrade-termbase.js';
import { DocumentService } from './documents.js';
import { MemoryService } from './tm/memories.js';

/** Who the seed data is recorded as written by. */
export const SEED_ACTOR = 'seed';
/** What the seed memory is called and says about itself. */
const SEED_MEMORY_NAME = 'China–Central Asia summits';
const SEED_MEMORY_DESCRIPTION = 'Our own English translation of the speeches at the China–Central Asia summits of 2022 and 2023 (zh-CN → en).';

interface SpeechManifest {
  documents: { file: string; title: string; date: string }[];
}

/** One file of the seed memory (memory/tm/*.json). */
export interface SeedTmFile {
  document: string;
  title: string;
  date: string;
  sourceLang: string;
  targetLang: string;
  units: { source: string; target: string; note?: string }[];
}

/** What seeding added. */
export interface SeedReport {
  documents: number;
  units: number;
  entries: number;
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

/** Units of a seed TM file with their context (neighbouring segments) and origin. */
export function seedUnits(file: SeedTmFile): NewUnit[] {
  return file.units.map((u, i) => ({
    sourceLang: file.sourceLang,
    targetLang: file.targetLang,
    source: u.source,
    target: u.target,
    context: { previous: file.units[i - 1]?.source, next: file.units[i + 1]?.source },
    origin: { document: file.document, title: file.title, date: file.date },
    note: u.note ?? null,
  }));
}

/** The glossary the curated entries are loaded into. */
export const SEED_GLOSSARY = {
  id: SEED_COLLECTION,
  name: 'China–Central Asia summits',
  description: 'Curated terminology of the China–Central Asia summit speeches (2022, 2023, 2025), in Chinese, English and Russian; reviewed in git as glossary/entries.json.',
  tags: ['seed', 'diplomacy'],
} as const;

/** Loads the curated glossary into SEED_GLOSSARY once; returns the entries loaded. */
async function seedGlossary(root: string, stores: Stores): Promise<number> {
  if ((await stores.meta.getMeta(SEED_GLOSSARY_META)) !== undefined) return 0;
  const at = new Date().toISOString();
  const tb = stores.termbase;
  if (!(await tb.getGlossary(SEED_GLOSSARY.id))) {
    await tb.createGlossary({ ...SEED_GLOSSARY, tags: [...SEED_GLOSSARY.tags], readOnly: false, createdAt: at, createdBy: SEED_ACTOR, updatedAt: at, updatedBy: SEED_ACTOR, lastWriteAt: null });
  }
  let loaded = 0;
  if ((await tb.countEntries(SEED_GLOSSARY.id)) === 0) {
    const curated = (await readJsonDocument<CuratedEntry[]>(join(root, 'glossary', 'entries.json'))) ?? [];
    const entries = curated.map((c): TermEntry => ({ ...c, glossary: SEED_GLOSSARY.id, createdAt: at, createdBy: SEED_ACTOR, updatedAt: at, updatedBy: SEED_ACTOR, version: 1 }));
    await tb.restoreGlossary(SEED_GLOSSARY.id, entries, entries.map((e) => ({ entryId: e.id, version: 1, action: 'created' as const, by: SEED_ACTOR, at, changes: [] })));
    loaded = entries.length;
  }
  await stores.meta.setMeta(SEED_GLOSSARY_META, at);
  return loaded;
}

/** Seeds documents, TM and glossary from `root` (the package root) where not done yet. */
export async function seedDataDir(root: string, stores: Stores): Promise<SeedReport> {
  const report: SeedReport = { documents: 0, units: 0, entries: 0 };

  const freshTm = (await stores.meta.getMeta('seed.tm')) === undefined;
  if (freshTm && !(await stores.memories.getMemory(SEED_COLLECTION))) {
    await stores.memories.createMemory({ id: SEED_COLLECTION, name: SEED_MEMORY_NAME, description: SEED_MEMORY_DESCRIPTION, tags: ['seed', 'diplomacy'] }, SEED_ACTOR);
  }
  const manifest = await readJson<SpeechManifest>(join(root, 'memory', 'speeches', 'manifest.json'));
  const existing = new Set((await stores.documents.listDocuments()).map((d) => d.name));
  const documents = new DocumentService(stores.documents, new MemoryService(stores.memories, stores.tm, stores.keys, stores.documents));
  // Data directories seeded before memories existed have their seed units in `default`.
  const seedMemory = (await stores.memories.getMemory(SEED_COLLECTION)) ? SEED_COLLECTION : DEFAULT_COLLECTION;
  for (const d of manifest.documents) {
    if (existing.has(d.file)) continue;
    const text = await readFile(join(root, 'memory', 'speeches', d.file), 'utf8');
    await documents.createFromText({ name: d.file, sourceLang: 'zh-CN', targetLang: 'en', text, meta: { title: d.title, date: d.date, origin: 'seed' },
      settings: { memories: [{ id: seedMemory }], writeMemory: seedMemory } }, SYSTEM_PRINCIPAL);
    report.documents++;
  }

  if (freshTm) {
    const dir = join(root, 'memory', 'tm');
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()) {
      const result = await stores.tm.upsertUnits(SEED_COLLECTION, seedUnits(await readJson<SeedTmFile>(join(dir, name))), SEED_ACTOR);
      report.units += result.created;
    }
    await stores.meta.setMeta('seed.tm', new Date().toISOString());
  }

  report.entries = await seedGlossary(root, stores);
  return report;
}
