/**
 * Every writer's output is valid against the official schemas (`interop/validate.sh` of the reference material):
 * XLIFF 1.2 against the strict XSD, XLIFF 2.1 against the core and module XSDs, TMX against
 * the 1.4 DTD. Checked on our exports through the API and on the writers' output for every
 * reference sample and golden fixture (whatever real files bring in, we write valid files).
 */
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TmxUnit, readTmx, tmxToString } from '../../src/formats/tmx.js';
import { readXliff12, xliff12ToString } from '../../src/formats/xliff12.js';
import { readXliff2, xliff2ToString } from '../../src/formats/xliff2.js';
import { FIXTURES_DIR, SAMPLES_DIR, describeNeeding } from '../helpers/shared.js';
import { type OurFiles, buildOurFiles } from './our-files.js';
import { validate } from './tools.js';

describeNeeding(['reference', 'interop', 'xmllint'], 'schema validation of what Caravan writes', () => {
  let ours: OurFiles;
  beforeAll(async () => {
    ours = await buildOurFiles();
  });
  afterAll(() => { if (ours) rmSync(ours.dir, { recursive: true, force: true }); });

  it('the XLIFF 1.2 exports (with matches and terms; with inline codes) are valid against the strict schema', () => {
    for (const file of [ours.speech12, ours.tagged12]) expect(validate(file, true), file).toMatchObject({ result: 'valid-strict' });
  });

  it('the XLIFF 2.1 export is valid against the core and module schemas', () => {
    expect(validate(ours.speech21)).toMatchObject({ result: 'valid' });
  });

  it('the TMX files (GET /api/v1/tm/export, and with level-2 codes) are valid against the TMX 1.4 DTD', () => {
    for (const file of [ours.seedTm, ours.memory]) expect(validate(file), file).toMatchObject({ result: 'valid' });
  });

  const xliffInputs = [
    ...readdirSync(join(SAMPLES_DIR, 'xliff1')).map((f) => join(SAMPLES_DIR, 'xliff1', f)),
    ...readdirSync(join(FIXTURES_DIR, 'xliff12')).filter((f) => !f.endsWith('.json')).map((f) => join(FIXTURES_DIR, 'xliff12', f)),
    ...readdirSync(join(SAMPLES_DIR, 'xliff2')).map((f) => join(SAMPLES_DIR, 'xliff2', f)),
    ...readdirSync(join(FIXTURES_DIR, 'xliff2')).filter((f) => !f.endsWith('.json')).map((f) => join(FIXTURES_DIR, 'xliff2', f)),
  ];
  it.each(xliffInputs.map((f) => [f.split('/').slice(-2).join('/'), f]))('%s, read and written again as XLIFF 1.2 and 2.1, is valid', async (_name, file) => {
    const bytes = readFileSync(file);
    const doc = file.includes('xliff2') ? await readXliff2(bytes) : await readXliff12(bytes);
    const out12 = join(ours.dir, `${file.split('/').pop()}.out-1.2.xlf`);
    const out21 = join(ours.dir, `${file.split('/').pop()}.out-2.1.xlf`);
    writeFileSync(out12, xliff12ToString(doc));
    writeFileSync(out21, xliff2ToString(doc));
    expect(validate(out12, true)).toMatchObject({ result: 'valid-strict' });
    expect(validate(out21)).toMatchObject({ result: 'valid' });
  });

  const tmxInputs = [
    ...readdirSync(join(SAMPLES_DIR, 'tmx')).map((f) => join(SAMPLES_DIR, 'tmx', f)),
    ...readdirSync(join(FIXTURES_DIR, 'tmx')).filter((f) => !f.endsWith('.json')).map((f) => join(FIXTURES_DIR, 'tmx', f)),
  ];
  it.each(tmxInputs.map((f) => [f.split('/').slice(-2).join('/'), f]))('%s, read and written again, is valid TMX 1.4', async (_name, file) => {
    const units: TmxUnit[] = [];
    await readTmx(readFileSync(file), {}, (u) => { units.push(u); });
    const out = join(ours.dir, `${file.split('/').pop()}.out.tmx`);
    writeFileSync(out, tmxToString(units));
    expect(validate(out)).toMatchObject({ result: 'valid' });
  });
});
