/**
 * Opens one Caravan process's state: takes the data-directory lock, opens the stores (SQLite
 * for TM, documents and the term base), upgrades a 0.1.0 term base (termbase.json), seeds a new
 * data directory, makes sure an admin key exists, builds the services and loads the term base's
 * recognizer. The server (main.ts) and the CLI both start here.
 */
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { type CreatedKey } from './services/keys.js';
import { type Services, createServices } from './services/container.js';
import { type SeedReport, seedDataDir } from './services/seed.js';
import { lockDataDir } from './store/data-dir-lock.js';
import { openStores } from './store/index.js';
import type { Stores } from './store/types.js';
import { upgradeTermbase } from './store/upgrade-termbase.js';
import { PACKAGE_ROOT } from './version.js';

/** An opened data directory. */
export interface Runtime {
  stores: Stores;
  services: Services;
  seeded: SeedReport;
  /** A first admin key created on this start, to be shown once. */
  firstAdminKey: CreatedKey | undefined;
  close(): Promise<void>;
}

/**
 * Opens the data directory named by `config`. With `follows`, a caller that starts the change-log
 * follower (the server) leaves the term base to it, loaded from the same snapshot as the index.
 */
export async function openRuntime(config: Config, logger: Logger, opts: { follows?: boolean } = {}): Promise<Runtime> {
  const unlock = lockDataDir(config.dataDir);
  try {
    const stores = await openStores(config);
    const upgraded = await upgradeTermbase(config.dataDir, stores);
    if (upgraded) logger.info({ upgraded }, 'upgraded the 0.1.0 term base into the glossary "default"');
    const seeded = await seedDataDir(PACKAGE_ROOT, stores);
    if (seeded.documents || seeded.units || seeded.entries) logger.info({ seeded }, 'seeded the data directory');
    const services = createServices(stores, {}, logger);
    if (!(opts.follows && services.follower)) {
      const termsStart = Date.now();
      await services.glossary.warm();
      logger.info({ entries: services.glossary.entryCount(), ms: Date.now() - termsStart }, 'term base loaded');
    }
    const firstAdminKey = await services.keys.ensureAdmin(config.adminKey);
    return {
      stores, services, seeded, firstAdminKey,
      async close() {
        await services.follower?.stop();
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
