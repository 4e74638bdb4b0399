/**
 * The curated glossary (glossary/) stays valid: every entry against entry.schema.json (Ajv,
 * draft 2020-12, strict mode), the consistency rules of glossary/README.md that a schema cannot
 * express, and the seed memory's English translations (memory/tm/*.json) use no deprecated or
 * forbidden term.
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
