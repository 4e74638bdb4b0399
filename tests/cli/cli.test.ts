import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/version.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'caravan-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function caravan(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'src', 'cli', 'main.ts'), ...args],
    { cwd: PACKAGE_ROOT, env: { ...process.env, CARAVAN_DATA_DIR: dir, CARAVAN_ADMIN_KEY: 'cli-test-admin-key-0123456789' } });
}

describe('caravan CLI', () => {
  it('keys create prints a new key on stdout only', async () => {
    const { stdout, stderr } = await caravan('keys', 'create', '--name', 'omegat', '--role', 'translator');
    expect(stdout).toMatch(/^cvn_[\w-]{32}\n$/);
    expect(stderr).toContain('"omegat" (translator) created');
  }, 60_000);

  it('keys create --link makes a reader link key with a read list; keys list marks it', async () => {
    const { stdout, stderr } = await caravan('keys', 'create', '--name', 'weblate', '--link', '--read', 'default:10');
    expect(stdout).toMatch(/^cvn_[\w-]{32}\n$/);
    expect(stderr).toContain('"weblate" (reader) created');
    const list = await caravan('keys', 'list');
    expect(list.stdout).toMatch(/\treader link\tweblate\t/);
    const err = (await caravan('keys', 'create', '--name', 'x', '--write-memory', 'default').catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.stderr).toContain('--read and --write-memory are for link keys (--link)');
  }, 60_000);

  it('documents add segments a text file through the same service as the API', async () => {
    const file = join(dir, 'speech.txt');
    writeFileSync(file, '各位同事,各位朋友:\n\n中国人说,三十而立。中国同中亚国家 30 年的交往合作,立在真诚互信,\n\n立在平等互利。\n');
    const { stdout } = await caravan('documents', 'add', file, '--from', 'zh-CN', '--to', 'en');
    expect(stdout).toMatch(/^document \d+ "speech\.txt" \(zh-CN → en\): 3 segments\n$/);
  }, 60_000);

  it('reports a bad language tag in one line and exits 1', async () => {
    const err = (await caravan('documents', 'add', join(dir, 'speech.txt'), '--from', 'xx-!!', '--to', 'en').catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('sourceLang: "xx-!!" is not a valid BCP 47 language tag');
  }, 60_000);

  it('lookup prints matches with score, type, unit, target and penalties, then the terms', async () => {
    const { stdout } = await caravan('lookup', '2200多年前，中国汉代使者张骞自长安出发，出使西域，打开了中国同中亚友好交往的大门。', '--from', 'zh-CN', '--to', 'en', '--limit', '1');
    const [match, ...terms] = stdout.trimEnd().split('\n');
    expect(match).toMatch(/^99\tfuzzy\tchina-central-asia-summits#\d+\tMore than 2,200 years ago, Zhang Qian, .*\t\(number -1\)$/);
    expect(terms).toEqual(['term\t14-16\t张骞\tZhang Qian\tzhang-qian', "term\t17-19\t长安\tChang'an\tchangan",
      'term\t24-26\t西域\tWestern Regions\twestern-regions', 'term\t33-35\t中亚\tCentral Asia\tcentral-asia']);
  }, 60_000);

  it('lookup reports an out-of-range threshold naming the field and exits 1', async () => {
    const err = (await caravan('lookup', '谢谢大家。', '--from', 'zh-CN', '--to', 'en', '--threshold', '101').catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('/threshold: must be a number from 0 to 100');
  }, 60_000);

  it('tm stats counts the seed memory per pair', async () => {
    const { stdout } = await caravan('tm', 'stats');
    expect(stdout).toBe('units\t137\nzh-CN → en\t137\n');
  }, 60_000);
});
