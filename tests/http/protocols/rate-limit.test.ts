/**
 * The per-key rate limit of the protocol routes (issue 15): a tool that loops on one link key
 * is stopped with a 429 in its protocol's error shape, while other keys from the same address
 * go on; a key is counted by the key it presents, wherever it travels (path or `api_key`).
 */
import { pino } from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/http/app.js';
import { type ProtocolFixture, SUMMITS, protocolFixture } from './fixture.js';

/** Requests per minute per key in this test's app. */
const LIMIT = 3;

let f: ProtocolFixture;
let app: Express;
beforeAll(async () => {
  f = await protocolFixture();
  app = createApp({ services: f.t.services, logger: pino({ level: 'silent' }), validateResponses: true, rateLimitPerMinute: LIMIT });
});
afterAll(() => f.close());

describe('per-key rate limit on the protocol routes', () => {
  it('stops one tmserver key after the limit with a problem document; another key from the same address goes on', async () => {
    const path = (key: string) => `/tmserver/${key}/zh_CN/en/unit/${encodeURIComponent(SUMMITS[0]!.source)}`;
    for (let i = 0; i < LIMIT; i++) await request(app).get(path(f.reader)).expect(200);
    const over = await request(app).get(path(f.reader)).expect(429);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    expect(over.body.detail).toContain(`${LIMIT} requests`);
    expect(over.headers.ratelimit).toMatch(/; r=0;/);
    expect(over.text).not.toContain(f.reader);
    expect((await request(app).get(path(f.other)).expect(200)).body).toEqual([]);
  });

  it('answers the 429 with APy\'s and LibreTranslate\'s error members', async () => {
    const apy = () => request(app).get(`/apy/${f.writer}/translate`).query({ q: SUMMITS[0]!.source, langpair: 'zh_CN|en', markUnknown: 'no' });
    for (let i = 0; i < LIMIT; i++) await apy().expect(200);
    expect((await apy().expect(429)).body).toMatchObject({ status: 429, code: 429, responseStatus: 429, responseData: null });

    const libre = () => request(app).post('/libretranslate/translate').send({ q: SUMMITS[0]!.source, source: 'zh', target: 'en', api_key: f.reader });
    for (let i = 0; i < LIMIT; i++) expect((await libre().expect(200)).body).toEqual({ translatedText: SUMMITS[0]!.target });
    const over = await libre().expect(429);
    expect(over.body).toMatchObject({ status: 429 });
    expect(over.body.error).toContain(`${LIMIT} requests`);
  });
});
