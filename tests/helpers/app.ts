/**
 * Test harness: the real services over an in-memory SQLite store, the app with response
 * validation on, and one key per role.
 */
import type { Express } from 'express';
import { pino } from 'pino';
import { type Role, ROLES, SYSTEM_PRINCIPAL } from '../../src/domain/auth/roles.js';
import { DEFAULT_COLLECTION, SEED_COLLECTION } from '../../src/domain/collections.js';
import { type AppDeps, createApp } from '../../src/http/app.js';
import { type Services, createServices } from '../../src/services/container.js';
import type { ExchangePorts } from '../../src/services/exchange/exchange-ports.js';
import { seedDataDir } from '../../src/services/seed.js';
import { openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import type { Stores } from '../../src/store/types.js';
import { PACKAGE_ROOT } from '../../src/version.js';

/** Reading only the memory `default`, or only the seed memory, without penalty (service-level lookups). */
export const DEFAULT_MEMORY = [{ id: DEFAULT_COLLECTION, penalty: 0 }];
export const SEED_MEMORY = [{ id: SEED_COLLECTION, penalty: 0 }];

/** A running test app. */
export interface TestApp {
  app: Express;
  services: Services;
  stores: Stores;
  /** `Authorization` header value per role. */
  auth: Record<Role, string>;
  close(): Promise<void>;
}

/** Settings of the app under test (the rest as `createApp` defaults them). */
export type TestAppSettings = Partial<Pick<AppDeps, 'uploadLimitBytes' | 'corsOrigins' | 'logger'>>;

/**
 * Builds a test app; `seed` loads the repository's seed data first; `ports` replaces exchange
 * defaults; `app` passes settings to `createApp`.
 */
export async function makeTestApp(opts: { seed?: boolean; ports?: Partial<ExchangePorts>; app?: TestAppSettings } = {}): Promise<TestApp> {
  const stores = openSqliteStores(':memory:');
  if (opts.seed) await seedDataDir(PACKAGE_ROOT, stores);
  const services = createServices(stores, opts.ports);
  await services.glossary.warm();
  const auth = {} as Record<Role, string>;
  for (const role of ROLES) {
    auth[role] = `Bearer ${(await services.keys.create(`test-${role}`, role, SYSTEM_PRINCIPAL)).key}`;
  }
  const app = createApp({ services, logger: pino({ level: 'silent' }), validateResponses: true, ...opts.app });
  return {
    app, services, stores, auth,
    async close() {
      await stores.close();
    },
  };
}

/** Every glossary with its entries and their histories, as one string: equal snapshots mean nothing in the term base changed. */
export async function termbaseSnapshot(stores: Stores): Promise<string> {
  const out: unknown[] = [];
  for (const g of await stores.termbase.listGlossaries()) {
    const entries: unknown[] = [];
    for await (const batch of stores.termbase.scanEntries(g.id, 500)) entries.push(...batch);
    const history: unknown[] = [];
    for (const id of [...await stores.termbase.idsInUse(g.id)].sort()) history.push(await stores.termbase.history(g.id, id));
    out.push({ glossary: g, entries, history });
  }
  return JSON.stringify(out);
}
