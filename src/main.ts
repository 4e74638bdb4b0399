/**
 * Composition root: configuration → stores → services → app.listen. `npm start` runs this
 * file; `caravan serve` calls {@link serve}.
 */
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { collectGarbage } from './collect-garbage.js';
import { type Config, ConfigError, loadConfig, redactUrl } from './config.js';
import { createApp, warmApp } from './http/app.js';
import { createHttpServer } from './http/server.js';
import { createLogger } from './logger.js';
import { announceFirstAdminKey, openRuntime } from './runtime.js';
import { DataDirFullError, DataDirLockedError } from './store/data-dir-lock.js';
import { DatabaseUnreachableError } from './store/postgres/pg-stores.js';

/** Starts the HTTP server on the configured port; resolves once it listens. */
export async function serve(config: Config): Promise<Server> {
  const logger = createLogger(config.logLevel);
  const runtime = await openRuntime(config, logger, { follows: true });
  announceFirstAdminKey(runtime, process.stdout);
  const indexStart = Date.now();
  // On a shared store the follower builds the index from a snapshot and then follows the change log.
  await (runtime.services.follower?.start() ?? runtime.services.tm.warm());
  logger.info({ units: runtime.services.tm.indexedUnits, ms: Date.now() - indexStart, appliedSeq: runtime.services.sync.applied() }, 'TM index built');
  // The build's temporaries, some 500 MB at 1M units, go now rather than stay in RSS (collect-garbage.ts).
  collectGarbage();
  const app = createApp({ services: runtime.services, logger, rateLimitPerMinute: config.rateLimitPerMinute,
    uploadLimitBytes: config.uploadLimitBytes, corsOrigins: config.corsOrigins });
  // What the contract validator builds on each operation's first request is built now, so no user request pays it.
  const warmStart = Date.now();
  const warmCpu = process.cpuUsage();
  logger.info({ requests: await warmApp(app), ms: Date.now() - warmStart, cpuMs: Math.round(process.cpuUsage(warmCpu).user / 1000) }, 'contract validator warmed');
  const server = createHttpServer(app).listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  logger.info({ port: typeof address === 'object' && address ? address.port : config.port, dataDir: config.dataDir,
    ...(config.databaseUrl ? { database: redactUrl(config.databaseUrl) } : {}) }, 'Caravan is listening');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      runtime.close().then(() => process.exit(0), (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return server;
}

/** Prints a start-up failure the way an operator needs it, and exits non-zero. */
export function failStart(err: unknown): never {
  if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof DataDirFullError || err instanceof DatabaseUnreachableError) {
    process.stderr.write(`caravan: ${err.message}\n`);
  } else {
    process.stderr.write(`caravan: could not start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  }
  process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await serve(loadConfig());
  } catch (err) {
    failStart(err);
  }
}
