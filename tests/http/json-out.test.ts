/**
 * The lookups' answers sent without `res.json` (json-out.ts `sendJsonAnswer`): the same status,
 * content type, length and bytes as `res.json` sent, and `res.json` still used where the contract's response
 * validation wraps it (the test app's).
 */
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';

const SOURCE = '鲁班工坊建设推动了中国与中亚国家的职业教育合作';
const lookup = { source: SOURCE, sourceLang: 'zh-CN', targetLang: 'en', threshold: 50, limit: 10 };
const batch = { sourceLang: 'zh-CN', targetLang: 'en', threshold: 50, limit: 10, segments: [{ source: SOURCE }, { source: `${SOURCE}。` }] };
/** Units like the query, so that an answer is long (res.json sends one of 1,000 characters or more as a Buffer). */
const units = Array.from({ length: 8 }, (_, i) => ({ source: `${SOURCE}${'第一二三四五六七八'[i]}期`, target: `Luban Workshop phase ${i + 1} advanced vocational cooperation between China and Central Asia.`, sourceLang: 'zh-CN', targetLang: 'en' }));

describe('the lookups\' JSON answers', () => {
  let t: TestApp;
  let plain: ReturnType<typeof createApp>;
  beforeAll(async () => {
    t = await makeTestApp({ seed: true });
    // As the server runs it: no response validation.
    plain = createApp({ services: t.services, logger: pino({ level: 'silent' }) });
    await request(t.app).post('/api/v1/tm/units').set('Authorization', t.auth.translator).send({ units }).expect(201);
  });
  afterAll(() => t.close());

  it.each([['/api/v1/tm/lookup', lookup], ['/api/v1/tm/lookup/batch', batch]] as const)('%s: the bytes and headers res.json sent', async (path, body) => {
    const validated = await request(t.app).post(path).set('Authorization', t.auth.reader).send(body).expect(200);
    const direct = await request(plain).post(path).set('Authorization', t.auth.reader).send(body).expect(200);
    expect(direct.text.length).toBeGreaterThan(1000);
    expect(direct.text).toBe(validated.text);
    expect(direct.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(direct.headers['content-type']).toBe(validated.headers['content-type']);
    expect(direct.headers['content-length']).toBe(String(Buffer.byteLength(direct.text)));
    expect(direct.headers).not.toHaveProperty('etag');
  });

  it('sends the answer without res.json, unless response validation wraps it', async () => {
    const json = vi.spyOn(express.response, 'json');
    try {
      await request(plain).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).send(lookup).expect(200);
      expect(json).not.toHaveBeenCalled();
      await request(t.app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).send(lookup).expect(200);
      expect(json).toHaveBeenCalled();
    } finally {
      json.mockRestore();
    }
  });

  it('keeps refusals as they were', async () => {
    const res = await request(plain).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).send({ ...lookup, limit: 0 }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
