/**
 * `caravan migrate --to postgres://...`: copies the data directory's embedded store into an empty
 * PostgreSQL database (src/store/postgres/pg-import.ts), with a progress bar per table on stderr,
 * and prints the rows copied and verified per table. It takes the data-directory lock, so it
 * refuses to run while a server holds the directory; the directory is left as it was.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { lockDataDir } from '../store/data-dir-lock.js';
import { migrateSqliteToPg } from '../store/postgres/pg-import.js';
import { SQLITE_FILE } from '../store/sqlite/sqlite-stores.js';
import { action } from './context.js';
import { type Progress, progressBar } from './progress.js';

/** Adds `migrate` to the program. */
export function registerMigrateCommand(program: Command): void {
  program.command('migrate').description('copy the embedded data directory (CARAVAN_DATA_DIR) into an empty PostgreSQL database')
    .requiredOption('--to <url>', 'the PostgreSQL database, postgres://user:password@host:5432/caravan')
    .action(action(async (opts: { to: string }) => {
      const config = loadConfig({ ...process.env, CARAVAN_DATABASE_URL: opts.to });
      const target = config.databaseUrl;
      if (!target) throw new ConfigError('--to', opts.to, 'a PostgreSQL URL');
      const file = join(config.dataDir, SQLITE_FILE);
      if (!existsSync(file)) throw new Error(`there is no embedded store at ${file} (set CARAVAN_DATA_DIR)`);
      const unlock = lockDataDir(config.dataDir);
      const bars = new Map<string, Progress>();
      try {
        const counts = await migrateSqliteToPg(file, target, (table, done, total) => {
          let bar = bars.get(table);
          if (!bar) bars.set(table, (bar = progressBar(table.padEnd(9), 'rows', total)));
          bar.update(done, total);
        }, config.dataDir);
        for (const bar of bars.values()) bar.stop();
        for (const [table, n] of Object.entries(counts)) process.stdout.write(`${table}\t${n}\tverified\n`);
        process.stderr.write(`copied ${config.dataDir} into the database\n`);
      } finally {
        for (const bar of bars.values()) bar.stop();
        unlock();
      }
    }));
}
