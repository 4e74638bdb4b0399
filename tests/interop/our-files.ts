/**
 * The files Caravan writes, produced through the HTTP API as a client gets them, for the real
 * readers to check:
 *
 *   speech-1.2.xlf / speech-2.1.xlf  the 2022 video-summit seed speech, exported with matches
 *                                    from the seed TM (exact ones fill targets) and terms
 *   tagged-1.2.xlf                   the same speech imported from XLIFF with a `g` and an `x`
 *                                    code, exported untranslated (source copies, state="new")
 *   memory.tmx                       our TMX for the tagged file: seed units whose sources equal
 *                                    its segments, the tagged ones with their XLIFF codes
 *   seed-tm.tmx                      GET /api/v1/tm/export of the seed TM
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { InlineCode, RichText } from '../../src/domain/inline.js';
import type { UnitRecord } from '../../src/domain/tm/unit.js';
import { type TmxOutUnit, tmxToString } from '../../src/formats/tmx.js';
import type { MatchProvider } from '../../src/services/exchange/exchange-ports.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';
import { fakeTerms } from '../helpers/exchange.js';

/** The seed speech exported (the 2022 video summit, translated in memory/tm). */
export const SPEECH = '004_063d4d8102645fc2.txt';

/** Exact matches from the TM store (score 100), as the TM engine would give them. */
function exactMatches(units: () => Promise<UnitRecord[]>): MatchProvider {
  return {
    async proposals(segments) {
      const bySource = new Map<string, UnitRecord>();
      for (const u of await units()) if (!bySource.has(u.source)) bySource.set(u.source, u);
      return segments.map((s) => {
        const u = bySource.get(s.source);
        return u ? [{ score: 100, matchType: 'exact', source: { text: u.source, codes: [] }, target: { text: u.target, codes: [] }, origin: `${u.origin.document} (${u.origin.date})` }] : [];
      });
    },
  };
}

/** Our files, written into a fresh temporary directory. */
export interface OurFiles {
  dir: string;
  speech12: string;
  speech21: string;
  tagged12: string;
  memory: string;
  seedTm: string;
  /** Segments of the speech, units in the seed TM for them, and the tagged segments. */
  counts: { segments: number; filled: number; inTmx: number; tagged: number };
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Wraps the first occurrence of `phrase` in `<g id="1">` (or puts `<x id="2"/>` after it). */
function tag(text: string, phrase: string, kind: 'g' | 'x'): { markup: string; rt: RichText } | undefined {
  const at = text.indexOf(phrase);
  if (at < 0) return undefined;
  const start = [...text.slice(0, at)].length;
  const end = start + [...phrase].length;
  const codes: InlineCode[] = kind === 'g'
    ? [{ id: '1', type: 'open', offset: start, data: '<g id="1">' }, { id: '1', type: 'close', offset: end, data: '</g>' }]
    : [{ id: '2', type: 'placeholder', offset: end, data: '<x id="2"/>' }];
  const before = escapeXml(text.slice(0, at));
  const after = escapeXml(text.slice(at + phrase.length));
  const markup = kind === 'g' ? `${before}<g id="1">${escapeXml(phrase)}</g>${after}` : `${before}${escapeXml(phrase)}<x id="2"/>${after}`;
  return { markup, rt: { text, codes } };
}

/** Builds all files through the app; closes the app. */
export async function buildOurFiles(): Promise<OurFiles> {
  const dir = mkdtempSync(join(tmpdir(), 'caravan-interop-'));
  let t: TestApp | undefined;
  const all = async () => (t as TestApp).stores.tm.listUnits({ sourceLang: 'zh-CN', targetLang: 'en', limit: 100_000 });
  t = await makeTestApp({ seed: true, ports: { matches: exactMatches(all), terms: fakeTerms({
    命运共同体: { preferred: 'community with a shared future' }, 中亚: { preferred: 'Central Asia' }, 一带一路: { preferred: 'Belt and Road' },
  }) } });
  try {
    const app = t.app;
    const auth = t.auth;
    const docs = await request(app).get('/api/v1/documents').set('Authorization', auth.reader).expect(200);
    const speech = (docs.body.documents as { id: number; name: string }[]).find((d) => d.name === SPEECH);
    if (!speech) throw new Error(`seed speech ${SPEECH} not found`);
    const download = async (path: string) => (await request(app).get(path).set('Authorization', auth.reader).buffer(true).expect(200)).text;
    const files = {
      speech12: join(dir, 'speech-1.2.xlf'), speech21: join(dir, 'speech-2.1.xlf'), tagged12: join(dir, 'tagged-1.2.xlf'),
      memory: join(dir, 'memory.tmx'), seedTm: join(dir, 'seed-tm.tmx'),
    };
    writeFileSync(files.speech12, await download(`/api/v1/documents/${speech.id}/xliff?version=1.2`));
    writeFileSync(files.speech21, await download(`/api/v1/documents/${speech.id}/xliff?version=2.1`));
    writeFileSync(files.seedTm, await download('/api/v1/tm/export?format=tmx&sourceLang=zh-CN&targetLang=en'));

    // The same speech as an XLIFF file with two tagged segments, imported as a document.
    const segments = (await t.stores.documents.listSegments(speech.id, 0, 10_000)).map((s) => s.source);
    const units = new Map((await all()).map((u) => [u.source, u]));
    const tagged = new Map<string, { markup: string; rt: RichText }>();
    for (const [source, phrase, kind] of [[segments.find((s) => s.includes('三十而立')), '三十而立', 'g'], [segments.find((s) => s.includes('命运共同体') && units.has(s)), '命运共同体', 'x']] as const) {
      const done = source ? tag(source, phrase, kind) : undefined;
      if (source && done && units.has(source)) tagged.set(source, done);
    }
    const xliff = `<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file original="tagged-speech.txt" source-language="zh-CN" target-language="en" datatype="plaintext"><body>\n${
      segments.map((s, i) => `<trans-unit id="${i + 1}"><source>${tagged.get(s)?.markup ?? escapeXml(s)}</source></trans-unit>`).join('\n')}\n</body></file></xliff>\n`;
    const created = await request(app).post('/api/v1/documents').set('Authorization', auth.translator).set('Content-Type', 'application/xliff+xml').send(xliff).expect(201);
    writeFileSync(files.tagged12, await download(`/api/v1/documents/${created.body.id}/xliff?version=1.2&fill=101`));

    // Our TMX for it: the seed units for its segments, the tagged ones with codes at the same places.
    const tmx: TmxOutUnit[] = [];
    for (const s of new Set(segments)) {
      const u = units.get(s);
      if (!u) continue;
      const t2 = tagged.get(s);
      const source = t2?.rt ?? { text: u.source, codes: [] };
      const target: RichText = t2 ? { text: `${u.target} `, codes: t2.rt.codes.map((c) => ({ ...c, offset: c.type === 'close' ? [...u.target].length : c.type === 'open' ? 0 : [...u.target].length })) } : { text: u.target, codes: [] };
      tmx.push({ id: u.id, sourceLang: 'zh-CN', targetLang: 'en', source, target, context: u.context, origin: u.origin, note: u.note });
    }
    writeFileSync(files.memory, tmxToString(tmx, 'zh-CN'));
    const filled = segments.filter((s) => units.has(s)).length;
    return { dir, ...files, counts: { segments: segments.length, filled, inTmx: tmx.length, tagged: tagged.size } };
  } finally {
    await t.close();
  }
}
