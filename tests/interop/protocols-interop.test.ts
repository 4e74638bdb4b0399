/**
 * Protocol routes against real client code where it runs here (issue 15):
 * - Python's own `urllib` doing what Weblate's tmserver and Apertium backends and Virtaal do
 *   (`quote(part, safe='')`, the `Accept` header Weblate sends, `int(quality)`), over a real socket;
 * - OmegaT 3.6's own Apertium client (ApertiumTranslate, run by omegat/apy-probe.groovy with its
 *   fixed server URL pointed at `/apy/{linkKey}/`), as OmegaT asks for a suggestion;
 * - OmegaT 3.6 (Debian) loading the TMX, TBX and tab-separated glossary fetched from
 *   `/omegat/{linkKey}/` as its HTTP repository fetches them. OmegaT 3.6 itself cannot fetch
 *   them: its team support (org.omegat.core.team) has no `type="http"` repository, which came
 *   with OmegaT 4's team2; so the files are fetched here and put where the mapping would put them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { INTEROP_DIR, describeNeeding } from '../helpers/shared.js';
import { type ProtocolFixture, SUMMITS, protocolFixture } from '../http/protocols/fixture.js';
import { omegatCheck } from './tools.js';

/** Asynchronous: the server answering the client runs in this process. */
const run = promisify(execFile);

/** Weblate's request: base URL without trailing slash, each part quoted with no safe character. */
const WEBLATE_CLIENT = `
import json, sys, urllib.request
from urllib.parse import quote
base, key, text = sys.argv[1], sys.argv[2], sys.argv[3]
def get(*parts):
    url = "/".join([base.rstrip("/")] + [quote(p, b"") for p in parts])
    req = urllib.request.Request(url, headers={"Accept": "application/json; charset=utf-8"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read().decode("utf-8"))
tm = base.rstrip("/") + "/tmserver/" + key
languages = json.loads(urllib.request.urlopen(tm + "/languages/").read())
pairs = [(s, t) for s in languages["sourceLanguages"] for t in languages["targetLanguages"]]
source = next(c for c in ["zh_hans", "zh"] if (c, "en") in pairs)
units = get("tmserver", key, source, "en", "unit", text[:500].replace("\\r", " ").encode())
apy = json.loads(urllib.request.urlopen(base.rstrip("/") + "/apy/" + key + "/translate?" + "&".join(
    ["langpair=" + quote("zh|en"), "q=" + quote(text), "markUnknown=no"])).read())
print(json.dumps({"source": source, "tmserver": [(u["target"], int(u["quality"])) for u in units],
                  "apy": apy["responseData"]["translatedText"] if apy["responseStatus"] == 200 else None}))
`;

describeNeeding(['interop', 'omegat', 'translate-toolkit'], 'protocol routes against real clients', () => {
  let f: ProtocolFixture;
  let server: Server;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'caravan-protocols-'));
  beforeAll(async () => {
    f = await protocolFixture();
    await request(f.t.app).post('/api/v1/glossary/entries').set('Authorization', f.t.auth.admin).send({
      id: 'luban-workshop', languages: { 'zh-CN': [{ term: '鲁班工坊', status: 'preferred' }], en: [{ term: 'Luban Workshop', status: 'preferred' }, { term: 'Luban Workshops', status: 'admitted' }] },
    }).expect(201);
    server = f.t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await f?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers Python doing what Weblate does: languages, a quoted lookup, an APy translation', async () => {
    const r = await run('/usr/bin/python3', ['-c', WEBLATE_CLIENT, base, f.reader, SUMMITS[2]!.source], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ source: 'zh', tmserver: [[SUMMITS[2]!.target, 100]], apy: SUMMITS[2]!.target });
  }, 60_000);

  it('OmegaT 3.6\'s Apertium client shows the best match, numbers substituted, / ? # % + intact, Russian, and an unmatched text unchanged', async () => {
    const probe = fileURLToPath(new URL('./omegat/apy-probe.groovy', import.meta.url));
    const unmatched = '完全无关的句子';
    const r = await run('java', ['-cp', '/usr/share/omegat/OmegaT.jar', 'groovy.ui.GroovyMain', probe, `${base}apy/${f.reader}/translate?q=`,
      'zh-CN', 'en', SUMMITS[0]!.source, 'zh-CN', 'en', '2100多年前，张骞出使西域。', 'zh-CN', 'en', SUMMITS[2]!.source,
      'zh-CN', 'ru', SUMMITS[3]!.source, 'zh-CN', 'en', unmatched], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout.split('\n').slice(0, -1)).toEqual([
      SUMMITS[0]!.target,
      'More than 2,100 years ago, Zhang Qian went on a mission to the Western Regions.',
      SUMMITS[2]!.target,
      SUMMITS[4]!.target,
      unmatched,
    ]);
  }, 120_000);

  it('OmegaT 3.6 loads the memory and the glossaries served for its project', async () => {
    const fetch = async (path: string, name: string) => {
      const res = await request(f.t.app).get(`/omegat/${f.reader}/${path}`).expect(200);
      writeFileSync(join(dir, name), res.text);
      return join(dir, name);
    };
    const tmx = await fetch('memories/summits.tmx', 'summits.tmx');
    const xlf = join(INTEROP_DIR, 'testdata', 'untranslated-1.2.xlf');
    const withTbx = omegatCheck(xlf, tmx, await fetch('glossaries/default.tbx', 'default.tbx'), true);
    expect(withTbx.report).toMatchObject({ tmx_loaded: { 'summits.tmx': SUMMITS.length }, glossary_loaded: { 'default.tbx': 2 }, glossary_errors: [], errors: [] });
    expect(withTbx.status).toBe(0);
    const withTxt = omegatCheck(xlf, tmx, await fetch('glossaries/default.en.txt', 'default.txt'), true);
    expect(withTxt.report).toMatchObject({ glossary_loaded: { 'default.txt': 2 }, glossary_errors: [], errors: [] });
    expect(withTxt.status).toBe(0);
  }, 600_000);
});
