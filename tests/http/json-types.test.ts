/**
 * Which request bodies are read as JSON (body.ts `sendsJson`): the media types `req.is` matches
 * for `application/json` and `application/*+json`, in any case and with parameters, each distinct
 * Content-Type header classified once and then remembered (64 at most: the map starts again when
 * full, so made-up headers cannot grow it); other types are not parsed (the
 * contract check answers them 415), and a declared JSON body over the limit is a 413 before a
 * byte is read.
 */
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';

const lookup = JSON.stringify({ source: '鲁班工坊', sourceLang: 'zh-CN', targetLang: 'en' });

describe('JSON request bodies by media type', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  const send = (type: string, body = lookup) => request(t.app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).set('Content-Type', type).send(body);

  it('reads the JSON types, in any case and with parameters', async () => {
    for (const type of ['application/json', 'Application/JSON; charset=utf-8', 'application/json;charset=UTF-8']) {
      const res = await send(type);
      expect(res.status, type).toBe(200);
      expect(res.body.matches, type).toEqual([]);
    }
  });

  it('does not read other types as JSON', async () => {
    for (const type of ['text/plain', 'application/jsonx', 'application/x-www-form-urlencoded']) {
      const res = await send(type);
      expect(res.status, type).toBe(415);
      expect(res.headers['content-type'], type).toMatch(/^application\/problem\+json/);
    }
  });

  it('refuses a declared JSON body over the limit 413, and not another type', async () => {
    const big = `"${'x'.repeat(1024 * 1024 + 10)}"`;
    expect((await send('application/json', big)).status).toBe(413);
    expect((await send('text/plain', big)).status).toBe(415);
  });

  it('classifies each distinct header once', async () => {
    const is = vi.spyOn(express.request, 'is');
    try {
      const type = 'application/json; charset=utf-8; x-once=1';
      for (let i = 0; i < 3; i++) expect((await send(type)).status).toBe(200);
      expect(is.mock.calls.length).toBe(1);
    } finally {
      is.mockRestore();
    }
  });

  it('classifies a header again after more made-up headers than it keeps (64): what it remembers is bounded', async () => {
    const is = vi.spyOn(express.request, 'is');
    try {
      const usual = 'application/json; charset=utf-8; x-usual=1';
      expect((await send(usual)).status).toBe(200);
      // A client can make up headers without end (refused 415, but classified first).
      for (let i = 0; i < 200; i++) expect((await send(`text/x-made-up-${i}`)).status).toBe(415);
      expect(is.mock.calls.length, 'each made-up header classified').toBe(201);
      expect((await send(usual)).status).toBe(200);
      expect(is.mock.calls.length, 'the usual header classified again: the map started again when full').toBe(202);
    } finally {
      is.mockRestore();
    }
  });
});
