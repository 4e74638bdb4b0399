/**
 * The curated glossary (glossary/) stays valid: every entry against entry.schema.json (Ajv,
 * draft 2020-12, strict mode), the consistency rules of glossary/README.md that a schema cannot
 * express (unique Chinese terms; contexts copied from the entry's source seed; no term allowed in
 * one entry and deprecated in another; the source rule), and the seed memory's English
 * translations (memory/tm/*.json) pass the term QA with it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { CuratedEntry } from '../../src/domain/termbase/entry.js';
import { validateEntry } from '../../src/domain/termbase/entry-rules.js';
import { type QaIssue, checkTranslation } from '../../src/domain/termbase/qa.js';
import { TermRecognizer } from '../../src/domain/termbase/recognizer.js';
import { chineseKey } from '../../src/domain/termbase/term-keys.js';
import { canonicalizeLanguageTag } from '../../src/domain/text/language-tag.js';
import type { SeedTmFile } from '../../src/services/seed.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { FIXTURE_GLOSSARY, glossaryEntries } from '../domain/termbase/glossary-fixture.js';

const read = (...p: string[]) => readFileSync(join(PACKAGE_ROOT, ...p), 'utf8');
const raw = read('glossary', 'entries.json');
const curated = JSON.parse(raw) as CuratedEntry[];

describe('glossary/entries.json', () => {
  it('has at least 100 concepts, each valid against glossary/entry.schema.json', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const validate = ajv.compile(JSON.parse(read('glossary', 'entry.schema.json')) as object);
    expect(curated.length).toBeGreaterThanOrEqual(100);
    const invalid = curated.flatMap((e) => {
      const valid: boolean = validate(e);
      return valid ? [] : [{ id: e.id, errors: ajv.errorsText(validate.errors) }];
    });
    expect(invalid).toEqual([]);
  });

  it('passes the API\'s entry rules and has unique ids and Chinese terms (on folded keys)', () => {
    const ids = new Set<string>();
    const owners = new Map<string, string>();
    const clashes: string[] = [];
    for (const e of curated) {
      const { id: _id, source: _s, subjectField: _f, definition: _d, note: _n, ...rest } = e;
      expect(() => validateEntry({ ...rest, id: e.id })).not.toThrow();
      if (ids.has(e.id)) clashes.push(`id ${e.id}`);
      ids.add(e.id);
      for (const t of e.languages['zh-CN'] ?? []) {
        const key = chineseKey(t.term);
        const owner = owners.get(key);
        if (owner !== undefined && owner !== e.id) clashes.push(`${t.term} in ${owner} and ${e.id}`);
        owners.set(key, e.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('rule 5: every zh-CN context is copied from the entry\'s source seed (line breaks removed) and holds its term', () => {
    const seeds = new Map<string, string>();
    const seedText = (file: string): string => {
      if (!seeds.has(file)) seeds.set(file, read('memory', 'speeches', file).replace(/\r?\n/gu, ''));
      return seeds.get(file) as string;
    };
    const bad = curated.flatMap((e) => (e.languages['zh-CN'] ?? []).flatMap((t) => {
      if (t.context === undefined) return [];
      const problems: string[] = [];
      if (!seedText(e.source).includes(t.context)) problems.push(`${e.id}: context of ${t.term} is not in ${e.source}`);
      if (!chineseKey(t.context).includes(chineseKey(t.term))) problems.push(`${e.id}: context of ${t.term} does not hold the term`);
      return problems;
    }));
    expect(bad).toEqual([]);
  });

  it('rule 3: no term is allowed in one entry and deprecated or forbidden in another, nor inside an allowed term', () => {
    const allowed = new Map<string, string>();
    const unwanted: { key: string; id: string; lang: string }[] = [];
    for (const e of curated) {
      for (const [lang, terms] of Object.entries(e.languages)) {
        if (lang.startsWith('zh')) continue;
        for (const t of terms ?? []) {
          const key = ` ${t.term.toLowerCase().replace(/ё/gu, 'е')} `;
          if (t.status === 'preferred' || t.status === 'admitted') allowed.set(`${lang}${key}`, e.id);
          else unwanted.push({ key, id: e.id, lang });
        }
      }
    }
    const clashes = unwanted.flatMap(({ key, id, lang }) => [...allowed.entries()]
      .filter(([a]) => a.startsWith(lang) && a.slice(lang.length).includes(key))
      .map(([a, owner]) => `${id}: deprecated "${key.trim()}" is allowed in ${owner} ("${a.slice(lang.length).trim()}")`));
    expect(clashes).toEqual([]);
  });

  it('is pretty-printed as JSON.stringify(entries, null, 2) plus a newline', () => {
    expect(raw).toBe(`${JSON.stringify(curated, null, 2)}\n`);
  });
});

describe('the seed memory against the glossary', () => {
  const recognizer = new TermRecognizer(glossaryEntries());
  const files = readdirSync(join(PACKAGE_ROOT, 'memory', 'tm')).filter((f) => f.endsWith('.json')).sort();
  const issues: (QaIssue & { file: string; unit: number })[] = [];
  for (const file of files) {
    const tm = JSON.parse(read('memory', 'tm', file)) as SeedTmFile;
    const sourceLang = canonicalizeLanguageTag(tm.sourceLang);
    const targetLang = canonicalizeLanguageTag(tm.targetLang);
    tm.units.forEach((u, unit) => {
      for (const i of checkTranslation(recognizer, { source: u.source, target: u.target, sourceLang, targetLang }, [FIXTURE_GLOSSARY])) issues.push({ ...i, file, unit });
    });
  }

  it('uses no deprecated or forbidden term in any English translation', () => {
    expect(issues.filter((i) => i.code !== 'missing-term').map((i) => `${i.file}#${i.unit}: ${i.message}`)).toEqual([]);
  });

  it('uses the glossary\'s preferred or admitted term wherever the source has a term (no missing-term warning)', () => {
    expect(files).toEqual(['2022-video-summit.json', '2023-xian-keynote.json']);
    expect(issues.map((i) => `${i.file}#${i.unit}: ${i.message}`)).toEqual([]);
  });
});

describe('the seed memory is aligned to the seed speeches', () => {
  const segments = JSON.parse(read('tests', 'fixtures', 'text', 'speech-segments.json')) as Record<string, string[]>;
  type Unit = SeedTmFile['units'][number] & { ocrSource?: string };

  it.each(['2022-video-summit.json', '2023-xian-keynote.json'])('%s: one unit per segment of its speech, in order (OCR-corrected sources say so)', (file) => {
    const tm = JSON.parse(read('memory', 'tm', file)) as Omit<SeedTmFile, 'units'> & { units: Unit[] };
    expect(tm.units.map((u) => u.ocrSource ?? u.source)).toEqual(segments[tm.document]);
    for (const u of tm.units.filter((x) => x.ocrSource !== undefined)) {
      expect(u.source).not.toBe(u.ocrSource);
      expect(u.note).toMatch(/^Source corrected: the OCR'd page/u);
    }
  });
});
