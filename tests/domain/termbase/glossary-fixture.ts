/** The curated glossary as stored entries, for domain tests (read from the repository). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CuratedEntry, TermEntry } from '../../../src/domain/termbase/entry.js';
import { PACKAGE_ROOT } from '../../../src/version.js';

/** The glossary the fixtures' entries are in. */
export const FIXTURE_GLOSSARY = 'seed';

/** Every curated concept with seed bookkeeping, in `glossary`. */
export function glossaryEntries(glossary = FIXTURE_GLOSSARY): TermEntry[] {
  const curated = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'glossary', 'entries.json'), 'utf8')) as CuratedEntry[];
  return curated.map((c) => ({ ...c, glossary, createdAt: '2025-01-01T00:00:00.000Z', createdBy: 'seed', updatedAt: '2025-01-01T00:00:00.000Z', updatedBy: 'seed', version: 1 }));
}

/** A minimal stored entry. */
export function entry(id: string, languages: TermEntry['languages'], glossary = FIXTURE_GLOSSARY): TermEntry {
  return { id, glossary, languages, createdAt: 'now', createdBy: 't', updatedAt: 'now', updatedBy: 't', version: 1 };
}
