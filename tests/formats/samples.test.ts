/**
 * Every real-world sample of the reference corpus (outside the repository; skipped without it) reads, with the counts pinned in tests/fixtures/samples/counts.json:
 * XLIFF 1.x as many units as translate-toolkit counts, XLIFF 2.x every unit and segment, TMX
 * every `tu` with the units per language pair. (tests/interop checks the pins against
 * translate-toolkit itself.)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { type TmxUnit, readTmx } from '../../src/formats/tmx.js';
import { readXliff12 } from '../../src/formats/xliff12.js';
import { readXliff2 } from '../../src/formats/xliff2.js';
import { FIXTURES_DIR, SAMPLES_DIR, describeNeeding } from '../helpers/shared.js';

interface Counts {
  xliff1: Record<string, { units: number; sourceLang: string; targetLang?: string }>;
  xliff2: Record<string, { units: number; segments: number; sourceLang: string; targetLang?: string }>;
  tmx: Record<string, { tus: number; pairs: Record<string, number> }>;
}
const COUNTS = JSON.parse(readFileSync(join(FIXTURES_DIR, 'samples', 'counts.json'), 'utf8')) as Counts;

describeNeeding(['reference'], 'XLIFF 1.x samples', () => {
  it('pins every sample in the folder', () => {
    expect(Object.keys(COUNTS.xliff1).sort()).toEqual(readdirSync(join(SAMPLES_DIR, 'xliff1')).sort());
  });
  for (const [file, want] of Object.entries(COUNTS.xliff1)) {
    it(`${file}: ${want.units} units, as translate-toolkit counts`, async () => {
      const doc = await readXliff12(readFileSync(join(SAMPLES_DIR, 'xliff1', file)));
      expect(doc.units).toHaveLength(want.units);
      expect([doc.sourceLang, doc.targetLang]).toEqual([want.sourceLang, want.targetLang]);
      for (const u of doc.units) expect(u.segments).toHaveLength(1);
    });
  }
});

describeNeeding(['reference'], 'XLIFF 2.x samples', () => {
  it('pins every sample in the folder', () => {
    expect(Object.keys(COUNTS.xliff2).sort()).toEqual(readdirSync(join(SAMPLES_DIR, 'xliff2')).sort());
  });
  for (const [file, want] of Object.entries(COUNTS.xliff2)) {
    it(`${file}: ${want.units} units, ${want.segments} segments`, async () => {
      const doc = await readXliff2(readFileSync(join(SAMPLES_DIR, 'xliff2', file)));
      expect(doc.units).toHaveLength(want.units);
      expect(doc.units.flatMap((u) => u.segments.filter((s) => !s.ignorable))).toHaveLength(want.segments);
      expect([doc.sourceLang, doc.targetLang]).toEqual([want.sourceLang, want.targetLang]);
    });
  }
});

describeNeeding(['reference'], 'TMX samples', () => {
  it('pins every sample in the folder', () => {
    expect(Object.keys(COUNTS.tmx).sort()).toEqual(readdirSync(join(SAMPLES_DIR, 'tmx')).sort());
  });
  for (const [file, want] of Object.entries(COUNTS.tmx)) {
    it(`${file}: every tu, ${JSON.stringify(want.pairs)}`, async () => {
      const units: TmxUnit[] = [];
      const skipped: unknown[] = [];
      await readTmx(readFileSync(join(SAMPLES_DIR, 'tmx', file)), {}, (u) => { units.push(u); }, (s) => skipped.push(s));
      const pairs: Record<string, number> = {};
      for (const u of units) pairs[`${u.sourceLang}>${u.targetLang}`] = (pairs[`${u.sourceLang}>${u.targetLang}`] ?? 0) + 1;
      expect(pairs).toEqual(want.pairs);
      expect(skipped).toEqual([]);
      expect(new Set(units.map((u) => u.tuid ?? u.source.text)).size).toBe(want.tus);
    });
  }

  it('reads one pair on request, and a multilingual tu yields one unit per requested pair', async () => {
    const file = readFileSync(join(SAMPLES_DIR, 'tmx', 'weblate-test_memory_multilingual.tmx'));
    const units: TmxUnit[] = [];
    await readTmx(file, { sourceLang: 'en-us', targetLang: 'cs-cz' }, (u) => { units.push(u); });
    expect(units.map((u) => [u.sourceLang, u.targetLang, u.source.text, u.target.text])).toEqual([
      ['en-US', 'cs-CZ', 'If the log function is installed', 'Pokud je nainstalované logování'],
    ]);
  });
});

describeNeeding(['reference'], 'reading limits on real files', () => {
  it('stops a file with more units than allowed', async () => {
    await expect(readXliff12(readFileSync(join(SAMPLES_DIR, 'xliff1', 'memoq_MQ-12-Test01.xlf')), { maxUnits: 100 })).rejects.toThrow('more than 100 units');
    await expect(readXliff2(readFileSync(join(SAMPLES_DIR, 'xliff2', 'matecat-test_pcec.xlf')), { maxUnits: 20 })).rejects.toThrow('more than 20 units');
    expect((await readXliff12(readFileSync(join(SAMPLES_DIR, 'xliff1', 'memoq_MQ-12-Test01.xlf')), { maxUnits: 119 })).units).toHaveLength(119);
  });
});
