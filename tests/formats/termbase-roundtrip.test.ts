/**
 * The shared round-trip suite of the term-base formats (as translate-toolkit's
 * TestTranslationStore): write the curated glossary, read it back (format sniffed from the
 * content), import it into an empty term base, and compare with what was written.
 */
import { describe, expect, it } from 'vitest';
import { FULL_SCOPE } from '../../src/domain/auth/roles.js';
import type { TermEntry } from '../../src/domain/termbase/entry.js';
import { contentOf } from '../../src/domain/termbase/entry.js';
import { readTermbaseUpload } from '../../src/formats/registry.js';
import { type ExportFormat, applyImport, exportGlossary } from '../../src/services/glossary/glossary-exchange.js';
import type { TermbaseDocument } from '../../src/store/lowdb/termbase-store.js';
import { glossaryEntries } from '../domain/termbase/glossary-fixture.js';

const entries = glossaryEntries();
const by = { keyId: 1, name: 'roundtrip', role: 'terminologist' as const, scope: FULL_SCOPE };
const now = new Date('2025-06-18T00:00:00Z');

async function roundTrip(format: ExportFormat, source: readonly TermEntry[] = entries): Promise<{ doc: TermbaseDocument; text: string }> {
  const text = [...exportGlossary(source, { format }, now).chunks].join('');
  const file = await readTermbaseUpload(text, {});
  const doc: TermbaseDocument = { schemaVersion: 1, entries: [], history: [] };
  const report = applyImport(doc, file, by, now.toISOString(), false);
  expect(report).toEqual({ format: file.format, dryRun: false, concepts: source.length, created: source.length, updated: 0, unchanged: 0, skipped: [] });
  // Importing the same file again changes nothing.
  expect(applyImport(doc, await readTermbaseUpload(text, {}), by, now.toISOString(), false)).toMatchObject({ created: 0, updated: 0, unchanged: source.length });
  return { doc, text };
}

const byId = (list: readonly TermEntry[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('term-base round trip', () => {
  for (const format of ['tbx', 'tbx-v2'] as const) {
    it(`${format}: every field of every concept comes back`, async () => {
      const { doc } = await roundTrip(format);
      expect(byId(doc.entries).map((e) => ({ id: e.id, ...contentOf(e) }))).toEqual(byId(entries).map((e) => ({ id: e.id, ...contentOf(e) })));
    });
  }

  for (const format of ['csv', 'tsv'] as const) {
    it(`${format}: concept fields, terms and statuses come back`, async () => {
      const { doc } = await roundTrip(format);
      const shape = (e: TermEntry) => ({ id: e.id, subjectField: e.subjectField, definition: e.definition, note: e.note, source: e.source,
        languages: Object.fromEntries(Object.entries(e.languages).map(([l, ts]) => [l, ts.map((t) => [t.term, t.status]).sort()])) });
      expect(byId(doc.entries).map(shape)).toEqual(byId(entries).map(shape));
    });
  }

  it('keeps a forbidden term forbidden through TBX (deprecatedTerm-admn-sts + "forbidden:" note)', async () => {
    const { doc, text } = await roundTrip('tbx-v2', entries.filter((e) => e.id === 'belt-and-road-initiative'));
    expect(text).toContain('<note>forbidden: Acronym of the superseded');
    expect(doc.entries[0]?.languages.en?.find((t) => t.term === 'OBOR')?.status).toBe('forbidden');
  });
});
