/**
 * A test app with two memories for the protocol tests: `summits` (zh-CN -> en and zh-CN -> ru)
 * and `legacy` (zh-CN -> en, read with a penalty), a memory `private` no link key reaches, and
 * link keys made through the API as an administrator would.
 */
import request from 'supertest';
import { SYSTEM_PRINCIPAL } from '../../../src/domain/auth/roles.js';
import { type TestApp, makeTestApp } from '../../helpers/app.js';

/** Units of the memory `summits`, zh-CN -> en unless said otherwise. */
export const SUMMITS = [
  { source: '在中亚国家设立更多鲁班工坊。', target: 'Set up more Luban Workshops in Central Asian countries.' },
  { source: '2200多年前，张骞出使西域。', target: 'More than 2,200 years ago, Zhang Qian went on a mission to the Western Regions.' },
  { source: '丝路/一带一路？#1 增长 50% + 合作', target: 'Silk Road/Belt and Road? #1 growth 50% + cooperation' },
  { source: '中国同中亚五国建交30周年。', target: 'Thirty years of diplomatic relations between China and the five Central Asian countries.' },
  { source: '中国同中亚五国建交30周年。', target: 'Тридцатилетие установления дипломатических отношений между Китаем и пятью странами Центральной Азии.', targetLang: 'ru' },
];
/** The one unit of `legacy`: the same source as the first of `summits`, an older translation. */
export const LEGACY = { source: '在中亚国家设立更多鲁班工坊。', target: 'Establish more Luban Workshops in Central Asia.' };
/** The one unit of `private`, which the link keys cannot see. */
export const PRIVATE = { source: '这是一个机密句子。', target: 'This is a confidential sentence.' };

/** The app, and link keys: `reader` (summits, legacy at 10 points; glossary default), `writer` (writes to summits). */
export interface ProtocolFixture {
  t: TestApp;
  reader: string;
  writer: string;
  /** A link key whose scope is `private` only. */
  other: string;
  /** An ordinary (not link) key. */
  ordinary: string;
  close(): Promise<void>;
}

async function memory(t: TestApp, id: string, units: { source: string; target: string; targetLang?: string }[]): Promise<void> {
  await request(t.app).post('/api/v1/memories').set('Authorization', t.auth.admin).send({ id, name: id }).expect(201);
  await request(t.app).post('/api/v1/tm/units').set('Authorization', t.auth.admin)
    .send({ memory: id, units: units.map((u) => ({ sourceLang: 'zh-CN', targetLang: 'en', ...u })) }).expect(201);
}

/** Creates a link key through the API; returns its secret. */
export async function linkKey(t: TestApp, body: Record<string, unknown>): Promise<string> {
  const res = await request(t.app).post('/api/v1/keys').set('Authorization', t.auth.admin).send({ link: true, ...body }).expect(201);
  return res.body.key as string;
}

/** Builds the fixture. */
export async function protocolFixture(): Promise<ProtocolFixture> {
  const t = await makeTestApp();
  await memory(t, 'summits', SUMMITS);
  await memory(t, 'legacy', [LEGACY]);
  await memory(t, 'private', [PRIVATE]);
  const reader = await linkKey(t, { name: 'weblate', scope: { memories: ['summits', 'legacy'], glossaries: ['default'] },
    memories: [{ id: 'summits' }, { id: 'legacy', penalty: 10 }] });
  const writer = await linkKey(t, { name: 'virtaal', role: 'translator', scope: { memories: ['summits'] }, writeMemory: 'summits' });
  const other = await linkKey(t, { name: 'elsewhere', scope: { memories: ['private'], glossaries: [] } });
  const ordinary = (await t.services.keys.create('api', 'reader', SYSTEM_PRINCIPAL)).key;
  return { t, reader, writer, other, ordinary, close: () => t.close() };
}
