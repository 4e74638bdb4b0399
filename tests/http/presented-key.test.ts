/**
 * The presented key's digest (presented-key.ts), shared by the rate limit and the key check:
 * it is the key's SHA-256 as KeyService compares it, taken once a request (Hash#update with the
 * key counted) on `/api/v1` and on a protocol route, and a key the request did not present
 * before gets its own.
 */
import { Hash } from 'node:crypto';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { presentedDigest } from '../../src/http/presented-key.js';
import { KeyService, keyDigest } from '../../src/services/keys.js';
import { openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import { makeTestApp } from '../helpers/app.js';
import { SUMMITS, protocolFixture } from './protocols/fixture.js';

/** The calls of Hash#update with `key` itself while `run` runs (every hash of a key goes through it, keys.ts `keyDigest`). */
async function hashesOf(key: string, run: () => Promise<unknown>): Promise<number> {
  const update = vi.spyOn(Hash.prototype, 'update');
  try {
    await run();
    return update.mock.calls.filter(([data]) => data === key).length;
  } finally {
    update.mockRestore();
  }
}

describe('presentedDigest', () => {
  it('is the key\'s SHA-256, kept on the request for the same key and taken afresh for another', async () => {
    const app = express();
    app.get('/', (req, res) => {
      const first = presentedDigest(req, 'key-one');
      const again = presentedDigest(req, 'key-one');
      const other = presentedDigest(req, 'key-two');
      res.json({ first: first.toString('hex'), same: again === first, other: other.toString('hex') });
    });
    let body: { first: string; same: boolean; other: string } | undefined;
    expect(await hashesOf('key-one', async () => { body = (await request(app).get('/').expect(200)).body; })).toBe(1);
    expect(body).toEqual({ first: keyDigest('key-one').toString('hex'), same: true, other: keyDigest('key-two').toString('hex') });
    // A new request hashes its key again: nothing is kept beyond the request.
    expect(await hashesOf('key-one', () => request(app).get('/').expect(200))).toBe(1);
  });
});

describe('the key hashed once', () => {
  it('KeyService compares the digest it is handed, which must be the key\'s', async () => {
    const keys = new KeyService(openSqliteStores(':memory:').keys);
    const k = await keys.create('x', 'reader', 'admin');
    expect(await keys.authenticate(k.key, keyDigest(k.key))).toMatchObject({ keyId: k.id });
    expect(await keys.authenticate(k.key, keyDigest(`${k.key}x`))).toBeUndefined();
    expect(await keys.authenticateProtocol(k.key, { ordinary: true, digest: keyDigest(`${k.key}x`) })).toBeUndefined();
    expect(await keys.authenticateProtocol(k.key, { ordinary: true, digest: keyDigest(k.key) })).toMatchObject({ principal: { keyId: k.id } });
  });

  it('hashes a presented key once for the rate limit and the key check of an /api/v1 request', async () => {
    const t = await makeTestApp({ seed: true });
    try {
      const app = createApp({ services: t.services, logger: pino({ level: 'silent' }), rateLimitPerMinute: 100 });
      const key = t.auth.reader.slice('Bearer '.length);
      let limit: string | undefined;
      expect(await hashesOf(key, async () => { limit = (await request(app).get('/api/v1/memories').set('Authorization', t.auth.reader).expect(200)).headers.ratelimit; })).toBe(1);
      expect(limit).toMatch(/; r=99; /);
    } finally {
      await t.close();
    }
  });

  it('hashes a link key once for the rate limit and the key check of a protocol route', async () => {
    const f = await protocolFixture();
    try {
      const app = createApp({ services: f.t.services, logger: pino({ level: 'silent' }), rateLimitPerMinute: 100 });
      const path = `/tmserver/${f.reader}/zh_CN/en/unit/${encodeURIComponent(SUMMITS[0]!.source)}`;
      let limit: string | undefined;
      expect(await hashesOf(f.reader, async () => { limit = (await request(app).get(path).expect(200)).headers.ratelimit; })).toBe(1);
      expect(limit).toMatch(/; r=99; /);
    } finally {
      await f.close();
    }
  });
});
