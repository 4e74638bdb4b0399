import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../src/domain/auth/roles.js';
import { createApp } from '../../src/http/app.js';
import { makeTestApp } from '../helpers/app.js';

describe('request logs', () => {
  it('log method, path, status and key id, never the key itself', async () => {
    const t = await makeTestApp();
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const app = createApp({ services: t.services, logger: pino({ level: 'info' }, sink) });
    const created = await t.services.keys.create('logged', 'admin', SYSTEM_PRINCIPAL);
    await request(app).get('/api/v1/keys').set('Authorization', `Bearer ${created.key}`).expect(200);
    await request(app).get('/api/v1/keys?key=cvn_secretinquerystring').set('Authorization', `Bearer ${created.key}`).expect(400);
    const log = lines.join('');
    expect(log).toContain('"url":"/api/v1/keys"');
    expect(log).toContain(`"keyId":${created.id}`);
    expect(log).not.toContain(created.key);
    expect(log).not.toContain(created.key.slice(4));
    expect(log).not.toContain('secretinquerystring');
    expect(log.toLowerCase()).not.toContain('authorization');
    await t.close();
  });

  it('never log a link key, whether it travels in a path or in api_key', async () => {
    const t = await makeTestApp();
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const app = createApp({ services: t.services, logger: pino({ level: 'info' }, sink) });
    const link = await t.services.keys.create('tool', 'reader', SYSTEM_PRINCIPAL, undefined, {});
    await request(app).get(`/tmserver/${link.key}/languages/`).expect(200);
    await request(app).get(`/omegat/${link.key}/memories/nope.tmx`).expect(404);
    await request(app).get(`/libretranslate/languages?api_key=${link.key}`).expect(200);
    const log = lines.join('');
    expect(log).toContain('"url":"/tmserver/[redacted]/languages/"');
    expect(log).toContain('"url":"/libretranslate/languages?api_key=[redacted]"');
    expect(log).not.toContain(link.key.slice(4));
    await t.close();
  });
});
