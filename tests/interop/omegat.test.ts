/**
 * OmegaT 3.6 opens our XLIFF 1.2 export: it finds every segment (untranslated units carry a
 * copy of the source in <target state="new">) and fills every exact match from our TMX in
 * tm/auto, tagged segments included (the TMX codes carry the XLIFF originals).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeNeeding } from '../helpers/shared.js';
import { type OurFiles, buildOurFiles } from './our-files.js';
import { omegatCheck } from './tools.js';

describeNeeding(['interop', 'omegat'], 'OmegaT reads what Caravan writes', () => {
  let ours: OurFiles;
  beforeAll(async () => {
    ours = await buildOurFiles();
  });
  afterAll(() => { if (ours) rmSync(ours.dir, { recursive: true, force: true }); });

  it('finds every segment of the XLIFF 1.2 export and fills the exact ones from our TMX, tagged ones included', () => {
    const { status, report } = omegatCheck(ours.tagged12, ours.memory);
    expect(status).toBe(0);
    expect(report).toMatchObject({ units_in_file: ours.counts.segments, segments_found: ours.counts.segments, tmx_loaded: { 'memory.tmx': ours.counts.inTmx },
      filled_from_tm: ours.counts.filled, target_file_written: true, target_file_well_formed: true, errors: [] });
    const tagged = report.segments.filter((s) => /<[gx]\d/.test(s.source));
    expect(tagged).toHaveLength(ours.counts.tagged);
    for (const s of tagged) expect(s).toMatchObject({ origin: 'xAUTO', target: expect.stringMatching(/<[gx]\d/) });
  });

  it('fills the untagged exact matches from GET /api/v1/tm/export', () => {
    const { status, report } = omegatCheck(ours.tagged12, ours.seedTm);
    expect(status).toBe(0);
    expect(report.segments_found).toBe(ours.counts.segments);
    expect(report.filled_from_tm).toBe(ours.counts.filled - ours.counts.tagged);
  });
});
