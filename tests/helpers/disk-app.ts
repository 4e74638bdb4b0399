/**
 * An app over stores on disk (the TM's bulk commit then runs in its worker), warmed, with an
 * admin key and one unit in the default memory: the setup of the import tests that watch a
 * commit under way (import-commit, import-fold).
 */
import { pino } from 'pino';
import request from 'supertest';
import { SYSTEM_PRINCIPAL } from '../../src/domain/auth/roles.js';
import { createApp } from '../../src/http/app.js';
import { type Services, createServices } from '../../src/services/container.js';
import type { Stores } from '../../src/store/types.js';

/** The app, its services and an admin's Authorization header. */
export interface DiskApp {
  app: ReturnType<typeof createApp>;
  services: Services;
  auth: string;
}

/** Services and app over `stores`, warmed, with the unit 中亚合作的第一句话。 -> The first sentence. stored. */
export async function diskApp(stores: Stores): Promise<DiskApp> {
  const services = createServices(stores);
  await services.glossary.warm();
  await services.tm.warm();
  const auth = `Bearer ${(await services.keys.create('admin', 'admin', SYSTEM_PRINCIPAL)).key}`;
  const app = createApp({ services, logger: pino({ level: 'silent' }), validateResponses: true });
  await request(app).post('/api/v1/tm/units').set('Authorization', auth)
    .send({ sourceLang: 'zh-CN', targetLang: 'en', source: '中亚合作的第一句话。', target: 'The first sentence.' }).expect(201);
  return { app, services, auth };
}
