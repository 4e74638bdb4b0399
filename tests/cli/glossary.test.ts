import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/version.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'caravan-cli-glossary-'));
const data = join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function caravan(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'src', 'cli', 'main.ts'), ...args],
    { cwd: PACKAGE_ROOT, env: { ...process.env, CARAVAN_DATA_DIR: data, CARAVAN_ADMIN_KEY: 'cli-test-admin-key-0123456789' } });
}

describe('caravan glossary and terms', () => {
  it('terms prints each recognised term with its span, status, entry and translations', async () => {
    const { stdout } = await caravan('terms', '在中亞設立魯班工坊');
    expect(stdout).toBe('1-3\t中亞\tpreferred\tchina-central-asia-summits\tcentral-asia\ten: Central Asia; ru: Центральная Азия\n'
      + '5-9\t魯班工坊\tpreferred\tchina-central-asia-summits\tluban-workshop\ten: Luban Workshop; ru: Мастерская Лубань\n');
    const en = await caravan('terms', 'OBOR', '--lang', 'en', '--glossary', 'china-central-asia-summits');
    expect(en.stdout).toBe('0-4\tOBOR\tforbidden\tchina-central-asia-summits\tbelt-and-road-initiative\tzh-CN: 一带一路; ru: инициатива «Пояс и путь»\n');
    expect((await caravan('terms', 'OBOR', '--lang', 'en', '--glossary', 'default')).stdout).toBe('');
  }, 60_000);

  it('glossary export writes a file; glossary import reads it back (dry run: nothing changes)', async () => {
    const out = join(dir, 'glossary.v2.tbx');
    const exported = await caravan('glossary', 'export', '--format', 'tbx-v2', '--langs', 'zh-CN,en', '--out', out);
    expect(exported.stderr).toContain(`242 concepts written to ${out} (tbx-v2)`);
    expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<martif type="TBX-Basic" xml:lang="en">/);
    const dry = await caravan('glossary', 'import', out, '--dry-run', '--glossary', 'china-central-asia-summits');
    expect(dry.stdout).toBe('dry run, nothing written: tbx-v2, 242 concepts: 0 created, 0 updated, 242 unchanged, 0 skipped\n');
    const intoDefault = await caravan('glossary', 'import', out, '--dry-run');
    expect(intoDefault.stdout).toBe('dry run, nothing written: tbx-v2, 242 concepts: 242 created, 0 updated, 0 unchanged, 0 skipped\n');
    const csv = join(dir, 'new.csv');
    writeFileSync(csv, 'zh-CN,en\n命令行新词,command-line term\n,only English\n');
    const real = await caravan('glossary', 'import', csv);
    expect(real.stdout).toBe('csv, 2 concepts: 1 created, 0 updated, 0 unchanged, 1 skipped\n  skipped 2 only English: no Chinese (zh-*) term\n');
    const found = await caravan('terms', '命令行新词');
    expect(found.stdout).toBe('0-5\t命令行新词\tpreferred\tdefault\tcommand-line-term\ten: command-line term\n');
  }, 120_000);

  it('glossary export --format json writes the curated shape through lowdb', async () => {
    const out = join(dir, 'summits.json');
    await caravan('glossary', 'export', '--format', 'json', '--glossary', 'china-central-asia-summits', '--out', out);
    const curated = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'glossary', 'entries.json'), 'utf8')) as { id: string }[];
    const written = readFileSync(out, 'utf8');
    expect(written).toBe(`${JSON.stringify([...curated].sort((a, b) => (a.id < b.id ? -1 : 1)), null, 2)}\n`);
  }, 60_000);

  it('glossaries create, list and delete', async () => {
    expect((await caravan('glossaries', 'create', 'client-a', '--name', 'Client A', '--tags', 'legal,zh-en')).stdout).toBe('glossary client-a "Client A" created\n');
    const list = (await caravan('glossaries', 'list')).stdout.split('\n').filter(Boolean);
    expect(list).toEqual(['china-central-asia-summits\t242\twritable\tChina–Central Asia summits\tseed,diplomacy', 'client-a\t0\twritable\tClient A\tlegal,zh-en',
      expect.stringMatching(/^default\t\d+\twritable\tDefault\t$/)]);
    expect((await caravan('glossaries', 'delete', 'client-a')).stdout).toBe('glossary client-a deleted\n');
    const refused = (await caravan('glossaries', 'delete', 'default').catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the glossary "default" receives the writes that name no glossary; it cannot be deleted');
  }, 60_000);

  it('reports a bad format or a missing file in one line and exits 1', async () => {
    const bad = (await caravan('glossary', 'export', '--format', 'pdf').catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--format must be one of tbx, tbx-v2, csv, tsv, json');
    const missing = (await caravan('glossary', 'import', join(dir, 'nope.tbx')).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`caravan: cannot read ${join(dir, 'nope.tbx')}: ENOENT\n`);
  }, 60_000);
});
