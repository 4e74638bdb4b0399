import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/version.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'caravan-cli-x-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function caravan(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'src', 'cli', 'main.ts'), ...args],
    { cwd: PACKAGE_ROOT, env: { ...process.env, CARAVAN_DATA_DIR: join(dir, 'data'), CARAVAN_ADMIN_KEY: 'cli-test-admin-key-0123456789' } });
}

describe('caravan agency commands', () => {
  it('tm export writes the seed memory as TMX, and tm import --dry-run reads it back without writing', async () => {
    const out = join(dir, 'seed.tmx');
    const exported = await caravan('tm', 'export', '--out', out);
    expect(exported.stderr).toContain(`137 units written to ${out}`);
    expect(readFileSync(out, 'utf8').match(/<tu[\s>]/g)).toHaveLength(137);
    const dry = await caravan('tm', 'import', out, '--dry-run', '--memory', 'china-central-asia-summits');
    expect(dry.stdout).toBe('dry run, nothing written: 0 imported, 137 updated, 0 skipped\n');
  }, 90_000);

  it('xliff export and import round-trip a seed document', async () => {
    const out = join(dir, 'speech.xlf');
    await caravan('xliff', 'export', '5', '--version', '1.2', '--out', out);
    const xlf = readFileSync(out, 'utf8');
    expect(xlf).toContain('<xliff version="1.2"');
    const translated = xlf.replace(/<target state="new">[^<]*<\/target>/, '<target state="translated">Hand in hand for a shared future.</target>');
    const back = join(dir, 'back.xlf');
    writeFileSync(back, translated);
    const imported = await caravan('xliff', 'import', '5', back);
    // The TM engine proposes the seed memory for its own speech: filled targets come back as
    // updated segments, and the 101 in-context ones (approved="yes") go back to the TM too.
    const filled = (xlf.match(/<target state="needs-review-translation"/g) ?? []).length;
    const approved = (xlf.match(/approved="yes"/g) ?? []).length;
    expect(filled).toBeGreaterThan(0);
    expect(imported.stdout).toMatch(new RegExp(`^${filled + 1} segments updated, ${approved + 1} units added to the TM, \\d+ skipped, \\d+ term issues\n`));
  }, 90_000);

  it('analyze prints the band table, and CSV on request', async () => {
    const table = await caravan('analyze', '1');
    expect(table.stdout.split('\n')[1]).toBe(`${'band'.padEnd(16)}${'segments'.padStart(9)}${'characters'.padStart(12)}`);
    const csv = await caravan('analyze', '1', '--format', 'csv');
    expect(csv.stdout.split('\r\n')[0]).toBe('band,segments,characters,words');
    const section = await caravan('analyze', '1', '--section', '2', '--format', 'json');
    expect(JSON.parse(section.stdout).section).toEqual({ index: 2, title: '俄罗斯总理米舒斯京将访华', start: 83, end: 85 });
  }, 90_000);

  it('xliff export --section writes one article; a section the document lacks is an error', async () => {
    const out = join(dir, 'section.xlf');
    await caravan('xliff', 'export', '1', '--section', '2', '--out', out);
    expect(readFileSync(out, 'utf8').match(/<trans-unit /g)).toHaveLength(3);
    const err = (await caravan('xliff', 'export', '1', '--section', '99').catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(1);
    expect(err.stderr).toBe('caravan: document 1 section "99" does not exist\n');
  }, 90_000);

  it('reports a bad document id in one line and exits 1', async () => {
    const err = (await caravan('analyze', 'first').catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(1);
    expect(err.stderr).toBe('caravan: DOC must be a document id (a positive integer), not "first"\n');
  }, 60_000);
});
