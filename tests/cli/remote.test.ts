/**
 * The CLI against a running server (issue 8 §5): with `--server URL` and `CARAVAN_KEY`, the
 * import, export, lookup and analysis commands go through the HTTP API of a real server
 * process that holds the data directory (where the local CLI refuses to run), print what they
 * print locally, stream uploads and downloads, and report the server's problems in one line.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counting } from '../../src/cli/backend.js';
import { CaravanServer } from '../../src/cli/http-client.js';
import type { Progress } from '../../src/cli/progress.js';
import { remoteBackend } from '../../src/cli/remote-backend.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { FIXTURES_DIR } from '../helpers/shared.js';
import { type ServerProcess, exited, serverEnv, startServer } from '../helpers/server-process.js';

const run = promisify(execFile);
const ADMIN = 'cli-remote-admin-key-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'caravan-cli-remote-'));
const dataDir = join(dir, 'data');
let server: ServerProcess;
/** The seed memory's units and the seed glossary's concepts, as the server reports them. */
let seedUnits: number;
let concepts: number;

beforeAll(async () => {
  server = await startServer(serverEnv(dataDir, ADMIN));
  const auth = { Authorization: `Bearer ${ADMIN}` };
  seedUnits = ((await (await fetch(`${server.url}/api/v1/tm/stats?memories=china-central-asia-summits`, { headers: auth })).json()) as { units: number }).units;
  concepts = Number((await fetch(`${server.url}/api/v1/glossary/export?format=tbx-v2&langs=zh-CN,en`, { headers: auth })).headers.get('x-caravan-concepts'));
}, 90_000);
afterAll(async () => {
  if (server) {
    server.child.kill('SIGTERM');
    await exited(server.child);
  }
  rmSync(dir, { recursive: true, force: true });
});

type Run = { code: number; stdout: string; stderr: string };

/** Runs the CLI with the server's data directory configured, as a user on that machine would. */
async function caravan(args: string[], env: Record<string, string | undefined> = { CARAVAN_KEY: ADMIN }): Promise<Run> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'src', 'cli', 'main.ts'), ...args],
      { cwd: PACKAGE_ROOT, env: { ...process.env, CARAVAN_DATA_DIR: dataDir, CARAVAN_KEY: undefined, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const remote = (...args: string[]) => caravan([...args, '--server', server.url]);

/** A port nothing listens on (one the system just gave out and took back). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A Progress that records its updates. */
function recorder(): Progress & { seen: [number, number | undefined][]; stopped: boolean } {
  const r = { seen: [] as [number, number | undefined][], stopped: false, update(done: number, total?: number) { r.seen.push([done, total]); }, stop() { r.stopped = true; } };
  return r;
}

describe('caravan ... --server URL', () => {
  it('works while the server holds the data directory, where the local CLI refuses', async () => {
    const local = await caravan(['tm', 'stats']);
    expect(local.code).toBe(1);
    expect(local.stderr).toMatch(/^caravan: the data directory .* is in use by another Caravan process \(pid \d+/);
    expect(seedUnits).toBeGreaterThan(100);
    expect(await remote('tm', 'stats', '--memories', 'china-central-asia-summits')).toEqual({ code: 0, stdout: `units\t${seedUnits}\nzh-CN → en\t${seedUnits}\n`, stderr: '' });
  }, 60_000);

  it('lookup and terms print as they do locally', async () => {
    const lookup = await remote('lookup', '2200多年前，中国汉代使者张骞自长安出发，出使西域，打开了中国同中亚友好交往的大门。', '--from', 'zh-CN', '--to', 'en', '--limit', '1');
    const [match, ...terms] = lookup.stdout.trimEnd().split('\n');
    expect(match).toMatch(/^99\tfuzzy\tchina-central-asia-summits#\d+\tMore than 2,200 years ago, Zhang Qian, .*\t\(number -1\)$/);
    expect(terms).toEqual(['term\t14-16\t张骞\tZhang Qian\tzhang-qian', "term\t17-19\t长安\tChang'an\tchangan",
      'term\t24-26\t西域\tWestern Regions\twestern-regions', 'term\t33-35\t中亚\tCentral Asia\tcentral-asia']);
    const found = await remote('terms', '在中亚国家设立更多鲁班工坊');
    expect(found.stdout.split('\n')[0]).toMatch(/^1-5\t中亚国家\tpreferred\tchina-central-asia-summits\t[a-z-]+\ten: Central Asian countries/);
  }, 60_000);

  it('tm export downloads the TMX; tm import uploads one and reports every tu', async () => {
    const out = join(dir, 'seed.tmx');
    const exported = await remote('tm', 'export', '--from', 'zh-CN', '--to', 'en', '--out', out);
    expect(exported).toMatchObject({ code: 0, stderr: `${seedUnits} units written to ${out}\n` });
    expect(readFileSync(out, 'utf8').match(/<tu[\s>]/g)).toHaveLength(seedUnits);
    const dry = await remote('tm', 'import', out, '--dry-run', '--memory', 'china-central-asia-summits');
    expect(dry.stdout).toBe(`dry run, nothing written: 0 imported, ${seedUnits} updated, 0 skipped\n`);
    const repeats = await remote('tm', 'import', join(FIXTURES_DIR, 'tmx', 'repeats.tmx'));
    expect(repeats.stdout).toBe('4 imported, 0 updated, 4 skipped\n  skipped tu 3: same zh-CN and en text as tu 1\n'
      + '  skipped tu 5: same zh-CN and en text as tu 2\n  skipped tu 6: same zh-CN and en text as tu 1\n  skipped tu 8 (closing): same zh-CN and en text as tu 2\n');
  }, 90_000);

  it('documents add and list, xliff export and import, analyze: the agency round trip through the server', async () => {
    const text = join(dir, 'speech.txt');
    writeFileSync(text, '中国人说，三十而立。\n不在记忆库中的一句话。\n');
    const added = await remote('documents', 'add', text, '--from', 'zh-CN', '--to', 'en', '--name', 'remote speech');
    const id = /^document (\d+) "remote speech" \(zh-CN → en\): 2 segments\n$/.exec(added.stdout)?.[1];
    expect(id, added.stderr).toBeDefined();
    expect((await remote('documents', 'list')).stdout).toContain(`${id}\tzh-CN→en\t2\tremote speech\n`);

    const xlf = join(dir, 'speech.xlf');
    expect(await remote('xliff', 'export', id as string, '--out', xlf)).toMatchObject({ code: 0, stderr: `wrote ${xlf}\n` });
    const translated = readFileSync(xlf, 'utf8').replace(/<target state="new">不在记忆库中的一句话。<\/target>/, '<target state="translated">A sentence not in the memory.</target>');
    writeFileSync(xlf, translated);
    const back = await remote('xliff', 'import', id as string, xlf);
    expect(back.stdout).toMatch(/^2 segments updated, 1 units added to the TM, 0 skipped, 0 term issues\n$/);

    const table = await remote('analyze', id as string);
    expect(table.stdout.split('\n').slice(0, 2)).toEqual(['remote speech (zh-CN → en)', `${'band'.padEnd(16)}${'segments'.padStart(9)}${'characters'.padStart(12)}`]);
    const csv = await remote('analyze', id as string, '--format', 'csv', '--weights', '101:0,100:0.2');
    expect(csv.stdout.split('\r\n')[0]).toBe('band,segments,characters,words,weight,weighted characters');
  }, 120_000);

  it('glossary export downloads, glossary import uploads (dry run)', async () => {
    const out = join(dir, 'glossary.tbx');
    const exported = await remote('glossary', 'export', '--format', 'tbx-v2', '--langs', 'zh-CN,en', '--out', out);
    expect(concepts).toBeGreaterThan(200);
    expect(exported.stderr).toBe(`${concepts} concepts written to ${out} (tbx-v2)\n`);
    const dry = await remote('glossary', 'import', out, '--dry-run', '--glossary', 'china-central-asia-summits');
    expect(dry.stdout).toBe(`dry run, nothing written: tbx-v2, ${concepts} concepts: 0 created, 0 updated, ${concepts} unchanged, 0 skipped\n`);
  }, 60_000);

  it('says what is wrong in one line: no key, a wrong key, a role too low, bad input, no server', async () => {
    const noKey = await caravan(['tm', 'stats', '--server', server.url], {});
    expect([noKey.code, noKey.stderr]).toEqual([1, "caravan: --server needs an API key: set CARAVAN_KEY (caravan keys create on the server's machine makes one)\n"]);
    const wrong = await caravan(['tm', 'stats', '--server', server.url], { CARAVAN_KEY: 'cvn_not-a-key-of-this-server-000000' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^caravan: .+ \(check CARAVAN_KEY\)\n$/);
    const created = await fetch(`${server.url}/api/v1/keys`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'cli reader', role: 'reader' }) });
    const reader = ((await created.json()) as { key: string }).key;
    const low = await caravan(['tm', 'import', join(FIXTURES_DIR, 'tmx', 'repeats.tmx'), '--server', server.url], { CARAVAN_KEY: reader });
    expect([low.code, low.stderr]).toEqual([1, 'caravan: This needs the translator role; the key "cli reader" has reader.\n']);
    const badTag = await remote('lookup', '谢谢大家。', '--from', 'zh-CN', '--to', 'en', '--threshold', '101');
    expect(badTag.code).toBe(1);
    expect(badTag.stderr).toMatch(/^caravan: .*threshold.*\n {2}\/body\/threshold: /);
    const refused = await remote('xliff', 'import', '1', join(FIXTURES_DIR, 'xliff-imports', 'xliff2-segment-without-source.xlf'));
    expect(refused).toMatchObject({ code: 1, stderr: 'caravan: unit "u2": segment "s2" has no <source>\n' });
    const port = await closedPort();
    const gone = await caravan(['tm', 'stats', '--server', `http://127.0.0.1:${port}`]);
    expect([gone.code, gone.stderr]).toEqual([1, `caravan: cannot reach http://127.0.0.1:${port}: ECONNREFUSED\n`]);
  }, 90_000);
});

describe('the remote backend streams', () => {
  it('uploads the file as the server reads it, chunk by chunk', async () => {
    const file = join(FIXTURES_DIR, 'tmx', 'level2-props.tmx');
    const size = statSync(file).size;
    const handle = await open(file);
    const pulled: number[] = [];
    const body = (async function* () {
      for await (const chunk of handle.createReadStream({ highWaterMark: 256 }) as AsyncIterable<Buffer>) {
        pulled.push(chunk.length);
        yield chunk;
      }
    })();
    const report = await remoteBackend(new CaravanServer(server.url, ADMIN)).importTmx(body, { dryRun: true }).finally(() => handle.close());
    expect(report).toMatchObject({ dryRun: true, skippedTotal: 2 });
    expect(pulled.length).toBeGreaterThan(1);
    expect(pulled.reduce((a, b) => a + b, 0)).toBe(size);
  });

  it('moves the bar of an XLIFF download over the document\'s segments as they arrive', async () => {
    const bar = recorder();
    let bytes = 0;
    await remoteBackend(new CaravanServer(server.url, ADMIN)).exportXliff(1, { version: '2.1', fill: 75, untranslatedTarget: 'source' }, bar, async (file) => {
      for await (const chunk of file.chunks) bytes += chunk.length;
    });
    const segments = (await (await fetch(`${server.url}/api/v1/documents/1?limit=1`, { headers: { Authorization: `Bearer ${ADMIN}` } })).json() as { segmentCount: number }).segmentCount;
    expect(bytes).toBeGreaterThan(0);
    expect(bar.seen.at(-1)).toEqual([segments, segments]);
    expect(bar.seen.every(([done, total], i) => total === segments && done >= (bar.seen[i - 1]?.[0] ?? 0))).toBe(true);
    expect(bar.stopped).toBe(true);
  });

  it('names a download as the server does, also when the name is not ASCII (RFC 6266 filename*)', async () => {
    const created = await fetch(`${server.url}/api/v1/documents`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: '主旨讲话.txt', sourceLang: 'zh-CN', targetLang: 'ru', text: '携手共进。' }) });
    const { id } = (await created.json()) as { id: number };
    const file = await new CaravanServer(server.url, ADMIN).download(`/api/v1/documents/${id}/xliff`);
    let text = '';
    for await (const chunk of file.chunks) text += chunk;
    expect(file.filename).toBe('主旨讲话.ru.xlf');
    expect(text).toContain('<source>携手共进。</source>');
  });

  it('counts a pattern across chunk boundaries once', async () => {
    const chunks = ['<tu>a</tu><t', 'u>b</tu>', '<', 'tu', ' x="1">c</tu>'];
    const counts: number[] = [];
    let text = '';
    for await (const c of counting(chunks, /<tu[\s>]/, 4, (n) => counts.push(n))) text += c;
    expect(text).toBe(chunks.join(''));
    expect(counts).toEqual([1, 2, 2, 2, 3]);
  });
});
