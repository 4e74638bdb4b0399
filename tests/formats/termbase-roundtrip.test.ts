/**
 * The shared round-trip suite of the term-base formats (as translate-toolkit's
 * TestTranslationStore): write the curated glossary, read it back (format sniffed from the
 * content), import it into an empty glossary, and compare with what was written.
 */
import { describe, expect, it } from 'vitest';
import { FULL_SCOPE } from '../../src/domain/auth/roles.js';
import type { TermEntry } from '../../src/domain/termbase/entry.js';
import { contentOf } from '../../src/domain/termbase/entry.js';
import { type ExportFormat, exportGlossary } from '../../src/services/glossary/glossary-exchange.js';
import { importConcepts } from '../../src/services/glossary/glossary-import.js';
import { readCheckedFile } from '../../src/services/glossary/import-incoming.js';
import { TermbaseView } from '../../src/services/glossary/termbase-view.js';
import { openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import { glossaryEntries } from '../domain/termbase/glossary-fixture.js';

const entries = glossaryEntries();
const by = { keyId: 1, name: 'roundtrip', role: 'terminologist' as const, scope: FULL_SCOPE };
const now = new Date('2025-06-18T00:00:00Z');
const subject = { name: 'seed', title: 'Seed' };

async function roundTrip(format: ExportFormat, source: readonly TermEntry[] = entries): Promise<{ stored: TermEntry[]; text: string }> {
  const text = [...exportGlossary(source, { format }, subject, now).chunks].join('');
  const stores = openSqliteStores(':memory:');
  const view = new TermbaseView();
  await view.load(stores.termbase);
  const opts = { by, at: now.toISOString(), dryRun: false };
  const file = await readCheckedFile(text, {});
  expect(await importConcepts(stores.termbase, view, 'default', file, opts))
    .toEqual({ format: file.format, dryRun: false, concepts: source.length, created: source.length, updated: 0, unchanged: 0, skipped: [] });
  // Importing the same file again changes nothing.
  expect(await importConcepts(stores.termbase, view, 'default', await readCheckedFile(text, {}), opts)).toMatchObject({ created: 0, updated: 0, unchanged: source.length });
  const stored: TermEntry[] = [];
  for await (const batch of stores.termbase.scanEntries('default', 100)) stored.push(...batch);
  await stores.close();
  return { stored, text };
}

const byId = (list: readonly TermEntry[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('term-base round trip', () => {
  for (const format of ['tbx', 'tbx-v2', 'json'] as const) {
    it(`${format}: every field of every concept comes back`, async () => {
      const { stored } = await roundTrip(format);
      expect(byId(stored).map((e) => ({ id: e.id, ...contentOf(e) }))).toEqual(byId(entries).map((e) => ({ id: e.id, ...contentOf(e) })));
    });
  }

  for (const format of ['csv', 'tsv'] as const) {
    it(`${format}: concept fields, terms and statuses come back`, async () => {
      const { stored } = await roundTrip(format);
      const shape = (e: TermEntry) => ({ id: e.id, subjectField: e.subjectField, definition: e.definition, note: e.note, source: e.source,
        languages: Object.fromEntries(Object.entries(e.languages).map(([l, ts]) => [l, ts.map((t) => [t.term, t.status]).sort()])) });
      expect(byId(stored).map(shape)).toEqual(byId(entries).map(shape));
    });
  }

  it('keeps a forbidden term forbidden through TBX (deprecatedTerm-admn-sts + "forbidden:" note)', async () => {
    const { stored, text } = await roundTrip('tbx-v2', entries.filter((e) => e.id === 'belt-and-road-initiative'));
    expect(text).toContain('<note>forbidden: Acronym of the superseded');
    expect(stored[0]?.languages.en?.find((t) => t.term === 'OBOR')?.status).toBe('forbidden');
  });

  it('json: writes exactly what lowdb writes for the same entries (JSON.stringify, two spaces, a newline)', () => {
    const text = [...exportGlossary(entries, { format: 'json' }, subject, now).chunks].join('');
    const curatedShape = byId(entries).map((e) => ({ id: e.id, ...contentOf(e) }));
    expect(text).toBe(`${JSON.stringify(curatedShape, null, 2)}\n`);
    expect([...exportGlossary([], { format: 'json' }, subject, now).chunks].join('')).toBe('[]\n');
  });
});
