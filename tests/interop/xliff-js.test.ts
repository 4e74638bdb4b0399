/** npm `xliff` (locize; the i18next ecosystem's reader) reads both our XLIFF versions with every unit. */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeNeeding } from '../helpers/shared.js';
import { type OurFiles, buildOurFiles } from './our-files.js';
import { xliffJsCheck } from './tools.js';

describeNeeding(['interop', 'npm-xliff'], 'npm xliff reads what Caravan writes', () => {
  let ours: OurFiles;
  beforeAll(async () => {
    ours = await buildOurFiles();
  });
  afterAll(() => { if (ours) rmSync(ours.dir, { recursive: true, force: true }); });

  it.each([['XLIFF 1.2', 'speech12'], ['XLIFF 2.1', 'speech21'], ['XLIFF 1.2 with codes', 'tagged12']] as const)('%s: every unit, with languages', (_name, key) => {
    expect(xliffJsCheck(ours[key])).toMatchObject({ ok: true, sourceLanguage: 'zh-CN', targetLanguage: 'en', files: 1,
      units: ours.counts.segments, with_target: ours.counts.segments });
  });
});
