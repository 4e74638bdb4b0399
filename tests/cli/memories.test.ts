/** `caravan memories ...`, `keys create --memories`, and TM maintenance from the command line (issue 10 §5 and §7). */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/version.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'caravan-cli-m-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function caravan(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'src', 'cli', 'main.ts'), ...args],
    { cwd: PACKAGE_ROOT, env: { ...process.env, CARAVAN_DATA_DIR: join(dir, 'data'), CARAVAN_ADMIN_KEY: 'cli-test-admin-key-0123456789' } });
}

describe('caravan memories and maintenance', () => {
  it('lists the seed memory, creates and deletes one, scopes a key to it', async () => {
    const list = await caravan('memories', 'list');
    expect(list.stdout).toMatch(/^china-central-asia-summits\t137\twritable\t\S+\tChina–Central Asia summits\t\[seed, diplomacy\]\ndefault\t0\twritable\t-\tDefault\n$/);
    await caravan('memories', 'create', 'client-a', '--name', 'Client A', '--tags', 'client,mfa');
    const key = await caravan('keys', 'create', '--name', 'freelancer', '--role', 'translator', '--memories', 'client-a');
    expect(key.stdout).toMatch(/^cvn_/);
    expect((await caravan('keys', 'list')).stdout).toMatch(/translator\tfreelancer\tmemories=client-a\tglossaries=\*/);
    await caravan('memories', 'delete', 'client-a');
    expect((await caravan('memories', 'list')).stdout).not.toContain('client-a');
    expect((await caravan('keys', 'list')).stdout).toMatch(/translator\tfreelancer\tmemories=-\t/);
  }, 90_000);

  it('lists units by filter, previews a replace and applies it with --yes, and dedupes', async () => {
    const units = await caravan('tm', 'units', '--memories', 'china-central-asia-summits', '--source', '鲁班工坊', '--limit', '5');
    expect(units.stdout.trim().split('\n').length).toBeGreaterThan(0);
    expect(units.stdout).toContain('鲁班工坊');
    const preview = await caravan('tm', 'replace', 'Luban Workshops', 'Luban workshops', '--memories', 'china-central-asia-summits');
    const changes = (preview.stdout.match(/→ /g) ?? []).length;
    expect(changes).toBeGreaterThan(0);
    expect(preview.stderr).toContain(`${changes} changes; run again with --yes`);
    const applied = await caravan('tm', 'replace', 'Luban Workshops', 'Luban workshops', '--memories', 'china-central-asia-summits', '--yes');
    expect(applied.stdout).toContain(`${changes} changed`);
    // The target filter folds case, so it finds the changed units; their text is the new one.
    const after = (await caravan('tm', 'units', '--target', 'Luban Workshops', '--limit', '1000')).stdout;
    expect(after).toContain('Luban workshops');
    expect(after).not.toContain('Luban Workshops');
    // The two speeches share sentences translated alike ("谢谢大家。"): the seed memory has duplicates to merge.
    const dedupe = await caravan('memories', 'dedupe', 'china-central-asia-summits');
    const n = Number(/(\d+) units would be merged/.exec(dedupe.stderr)?.[1]);
    expect(n).toBeGreaterThan(0);
    expect(dedupe.stdout).toMatch(/^keep #\d+ \(uses \d+\)\tmerge #\d+/);
    expect((await caravan('memories', 'dedupe', 'china-central-asia-summits', '--yes')).stdout).toContain(`${n} units merged`);
    expect((await caravan('memories', 'dedupe', 'china-central-asia-summits')).stderr).toContain('0 units would be merged');
  }, 120_000);
});
