/**
 * Test harness: the real services over an in-memory SQLite store and a term base in a
 * temporary directory, the app with response validation on, and one key per role.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { pino } from 'pino';
import { type Role, ROLES, SYSTEM_PRINCIPAL } from '../../src/domain/auth/roles.js';
import { DEFAULT_COLLECTION, SEED_COLLECTION } from '../../src/domain/collections.js';
import { type AppDeps, createApp } from '../../src/http/app.js';
import { type Services, createServices } from '../../src/services/container.js';
import type { ExchangePorts } from '../../src/services/exchange/exchange-ports.js';
import { seedDataDir } from '../../src/services/seed.js';
import { type TermbaseStore, openTermbaseStore } from '../../src/store/lowdb/termbase-store.js';
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
  termbase: TermbaseStore;
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
  const dir = mkdtempSync(join(tmpdir(), 'caravan-test-'));
  const stores = openSqliteStores(':memory:');
  const termbase = await openTermbaseStore(dir);
  if (opts.seed) await seedDataDir(PACKAGE_ROOT, stores, termbase);
  const services = createServices(stores, termbase, opts.ports);
  const auth = {} as Record<Role, string>;
  for (const role of ROLES) {
    auth[role] = `Bearer ${(await services.keys.create(`test-${role}`, role, SYSTEM_PRINCIPAL)).key}`;
  }
  const app = createApp({ services, logger: pino({ level: 'silent' }), validateResponses: true, ...opts.app });
  return {
    app, services, stores, termbase, auth,
    async close() {
      await termbase.close();
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
