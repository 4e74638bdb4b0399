import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../src/domain/auth/roles.js';
import { createApp } from '../../src/http/app.js';
import { makeTestApp } from '../helpers/app.js';
import { captureLog } from '../helpers/log.js';

describe('request logs', () => {
  it('log method, path, status and key id, never the key itself', async () => {
    const t = await makeTestApp();
    const { logger, lines } = captureLog();
    const app = createApp({ services: t.services, logger });
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

  it('redact keys in any query parameter named for a secret, and anything shaped like a Caravan key, in the query or the path', async () => {
    const t = await makeTestApp();
    const { logger, lines } = captureLog();
    const app = createApp({ services: t.services, logger });
    const created = await t.services.keys.create('logged', 'reader', SYSTEM_PRINCIPAL);
    const secrets = ['apikey-secret-1', 'apikey-secret-2', 'token-secret-3', 'auth-secret-4', 'password-secret-5', created.key.slice(4)];
    const urls = [
      `/api/v1/tm/stats?api_key=${secrets[0]}`,
      `/api/v1/tm/stats?apikey=${secrets[1]}`,
      `/api/v1/tm/stats?access_token=${secrets[2]}`,
      `/api/v1/tm/stats?auth=${secrets[3]}&Password=${secrets[4]}`,
      `/api/v1/tm/concordance?q=${created.key}&sourceLang=zh-CN`,
      `/tmserver/${created.key}/lookup?x=1`,
      `/tmserver/cvn%5F${created.key.slice(4)}/lookup`,
    ];
    for (const url of urls) await request(app).get(url).set('Authorization', `Bearer ${created.key}`);
    const log = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(urls.length);
    for (const secret of secrets) expect(log, secret).not.toContain(secret);
    expect(log).toContain('"url":"/api/v1/tm/stats?api_key=[redacted]"');
    expect(log).toContain('"url":"/tmserver/[redacted]/lookup?x=1"');
    expect(log).toContain('"url":"/api/v1/tm/concordance?q=[redacted]&sourceLang=zh-CN"');
    await t.close();
  });

  it('never log a link key, whether it travels in a path or in api_key', async () => {
    const t = await makeTestApp();
    const { logger, lines } = captureLog();
    const app = createApp({ services: t.services, logger });
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
