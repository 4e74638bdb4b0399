/**
 * translate-toolkit 3.8 (the library behind Pootle, Weblate, Virtaal) reads our XLIFF 1.2
 * export and our TMX with every unit, and its own counts of the reference samples are the
 * ones pinned in tests/fixtures/samples/counts.json.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FIXTURES_DIR, SAMPLES_DIR, describeNeeding, itNeeding } from '../helpers/shared.js';
import { type OurFiles, buildOurFiles } from './our-files.js';
import { ttkCheck } from './tools.js';

describeNeeding(['interop', 'translate-toolkit'], 'translate-toolkit reads what Caravan writes', () => {
  let ours: OurFiles;
  beforeAll(async () => {
    ours = await buildOurFiles();
  });
  afterAll(() => { if (ours) rmSync(ours.dir, { recursive: true, force: true }); });

  it('reads every unit of the XLIFF 1.2 export, each with a target, notes and languages, and writes it back', () => {
    const r = ttkCheck(ours.speech12);
    expect(r).toMatchObject({ units: ours.counts.segments, with_target: ours.counts.segments, source_language: 'zh-CN', target_language: 'en', roundtrip_ok: true });
    expect(r.with_notes).toBeGreaterThan(0);
  });

  it('reads the inline codes of the tagged export', () => {
    expect(ttkCheck(ours.tagged12)).toMatchObject({ units: ours.counts.segments, with_inline_markup: ours.counts.tagged, roundtrip_ok: true });
  });

  it('reads every unit of our TMX files, source first, as translated', () => {
    expect(ttkCheck(ours.memory)).toMatchObject({ units: ours.counts.inTmx, ttk_translated: ours.counts.inTmx, with_inline_markup: ours.counts.tagged, languages: { 'zh-CN': ours.counts.inTmx, en: ours.counts.inTmx }, roundtrip_ok: true });
    const seed = ttkCheck(ours.seedTm);
    expect(seed.units).toBeGreaterThan(100);
    expect(seed).toMatchObject({ with_target: seed.units, languages: { 'zh-CN': seed.units, en: seed.units } });
  });

  itNeeding(['reference'], 'counts the XLIFF 1.x samples as pinned in counts.json', () => {
    const counts = JSON.parse(readFileSync(join(FIXTURES_DIR, 'samples', 'counts.json'), 'utf8')) as { xliff1: Record<string, { units: number }> };
    for (const [file, want] of Object.entries(counts.xliff1)) expect(ttkCheck(join(SAMPLES_DIR, 'xliff1', file)).units, file).toBe(want.units);
  });
});
