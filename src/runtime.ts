/**
 * Opens one Caravan process's state: takes the data-directory lock, opens the stores
 * (SQLite for TM and documents, lowdb for the term base), seeds a new data directory,
 * makes sure an admin key exists, and builds the services. The server (main.ts) and the
 * CLI both start here.
 */
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { type CreatedKey } from './services/keys.js';
import { type Services, createServices } from './services/container.js';
import { type SeedReport, seedDataDir } from './services/seed.js';
import { lockDataDir } from './store/data-dir-lock.js';
import { type TermbaseStore, openTermbaseStore } from './store/lowdb/termbase-store.js';
import { openStores } from './store/index.js';
import type { Stores } from './store/types.js';
import { PACKAGE_ROOT } from './version.js';

/** An opened data directory. */
export interface Runtime {
  stores: Stores;
  termbase: TermbaseStore;
  services: Services;
  seeded: SeedReport;
  /** A first admin key created on this start, to be shown once. */
  firstAdminKey: CreatedKey | undefined;
  close(): Promise<void>;
}

/** Opens the data directory named by `config`. */
export async function openRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const unlock = lockDataDir(config.dataDir);
  try {
    const stores = await openStores(config);
    const termbase = await openTermbaseStore(config.dataDir);
    const seeded = await seedDataDir(PACKAGE_ROOT, stores, termbase);
    if (seeded.documents || seeded.units || seeded.entries) logger.info({ seeded }, 'seeded the data directory');
    const services = createServices(stores, termbase, {}, logger);
    const firstAdminKey = await services.keys.ensureAdmin(config.adminKey);
    return {
      stores, termbase, services, seeded, firstAdminKey,
      async close() {
        await services.follower?.stop();
        await termbase.close();
        await stores.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}

/** Shows a first admin key created on this start, once, outside the logs. */
export function announceFirstAdminKey(runtime: Runtime, out: NodeJS.WritableStream): void {
  if (!runtime.firstAdminKey) return;
  out.write(`\nCaravan created the first admin key (shown only this once; store it now):\n\n  ${runtime.firstAdminKey.key}\n\n` +
    'Use it as "Authorization: Bearer <key>", or set CARAVAN_ADMIN_KEY to choose your own.\n\n');
}
