/**
 * Software we did not write reads our term-base exports: the official TBX schemas (xmllint via
 * interop/validate.sh), translate-toolkit 3.8 and OmegaT 3.6 (TBX v2 only; neither reads TBX
 * v3). CI installs the tools with scripts/setup-interop.sh; where they or the reference
 * material are missing (a fresh clone), these tests are skipped with the reason (tests/helpers/shared.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { exportGlossary } from '../../src/services/glossary/glossary-exchange.js';
import { glossaryEntries } from '../domain/termbase/glossary-fixture.js';
import { INTEROP_DIR as INTEROP, describeNeeding } from '../helpers/shared.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'caravan-tbx-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


function exportTo(name: string, format: 'tbx' | 'tbx-v2', includeTraditional = false): string {
  const file = join(dir, name);
  writeFileSync(file, [...exportGlossary(glossaryEntries(), { format, includeTraditional }, { name: 'caravan-glossary', title: 'Caravan term base' }, new Date('2025-06-18T00:00:00Z')).chunks].join(''));
  return file;
}

async function output(cmd: string, args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(cmd, args, { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describeNeeding(['reference', 'interop', 'xmllint'], 'TBX exports against the official schemas', () => {
  for (const [name, format, traditional, result] of [
    ['v3.tbx', 'tbx', false, 'RESULT valid tbx-v3-TBX-Basic'],
    ['v3-traditional.tbx', 'tbx', true, 'RESULT valid tbx-v3-TBX-Basic'],
    ['v2.tbx', 'tbx-v2', false, 'RESULT valid tbx-v2-TBX-Basic'],
    ['v2-traditional.tbx', 'tbx-v2', true, 'RESULT valid tbx-v2-TBX-Basic'],
  ] as const) {
    it(`${name} is valid (${result.split(' ')[2]})`, async () => {
      const file = exportTo(name, format, traditional);
      const { code, stdout } = await output(join(INTEROP, 'validate.sh'), [file]);
      expect(stdout).toContain(`${result} ${file}`);
      expect(code).toBe(0);
    });
  }
});

describeNeeding(['interop', 'translate-toolkit'], 'translate-toolkit reads the TBX v2 export', () => {
  it('as 242 units, Chinese source first, and writes it back', async () => {
    const file = exportTo('ttk.tbx', 'tbx-v2');
    const { code, stdout } = await output('/usr/bin/python3', [join(INTEROP, 'ttk_check.py'), file]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { ok: boolean; units: number; with_target: number; languages: Record<string, number>; roundtrip_ok: boolean; first_units: { source: string; target: string }[] };
    expect(report).toMatchObject({ ok: true, units: 242, with_target: 242, languages: { 'zh-CN': 242, en: 242, ru: 241 }, roundtrip_ok: true });
    expect(report.first_units[0]).toEqual({ source: '中国共产党第二十次全国代表大会', target: '20th National Congress of the Communist Party of China' });
  }, 60_000);
});

describeNeeding(['interop', 'omegat'], 'OmegaT loads the TBX v2 export as a glossary', () => {
  it('with every zh-CN/en term pair (428)', async () => {
    const file = exportTo('omegat.tbx', 'tbx-v2');
    const { code, stdout } = await output(join(INTEROP, 'omegat_check.sh'), ['--prefill', join(INTEROP, 'testdata', 'untranslated-1.2.xlf'), '', file]);
    const report = JSON.parse(stdout) as { glossary_loaded: Record<string, number>; glossary_errors: string[]; errors: string[] };
    expect(report.glossary_errors).toEqual([]);
    expect(report.errors).toEqual([]);
    expect(report.glossary_loaded).toEqual({ 'omegat.tbx': 428 });
    expect(code).toBe(0);
  }, 120_000);
});
