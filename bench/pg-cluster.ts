/**
 * A private, throwaway PostgreSQL cluster for tests, the benchmark and the cluster demo: `initdb`
 * in a temporary directory, `pg_ctl start` on its own port (127.0.0.1) and Unix socket, `pg_ctl
 * stop` and removal at the end. No containers: Debian's `postgresql` package is enough (its
 * binaries live under `/usr/lib/postgresql/<version>/bin`, which is not on PATH).
 *
 * PostgreSQL refuses to run as root, so a root process runs `initdb` and `pg_ctl` as the
 * `postgres` account the Debian package creates (spawn's `uid`/`gid`), in a directory it owns.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Where Debian installs the server binaries, one directory per major version. */
const DEBIAN_PG_ROOT = '/usr/lib/postgresql';
/** The superuser `initdb` creates, and the database the tests and the demo use. */
export const PG_USER = 'caravan';

/** A running private cluster. */
export interface PgCluster {
  /** Connection URL of the database `caravan` (TCP on 127.0.0.1). */
  url: string;
  port: number;
  dir: string;
  /** Runs `pg_ctl` with these arguments (`restart`, `stop -m fast`, ...) and waits for it. */
  pgCtl(...args: string[]): void;
  /** `pg_ctl stop` (fast) and removal of the directory. */
  destroy(): void;
}

/** Options of a throwaway cluster. */
export interface PgClusterOptions {
  /**
   * Durable commits (`fsync`, `synchronous_commit`): on for the benchmark, which measures what an
   * operator gets; off for tests, which never crash the database itself (only `pg_ctl restart`).
   */
  durable?: boolean;
  /** More server settings (`name=value`), e.g. the benchmark's shared_buffers and max_wal_size. */
  settings?: string[];
}

/** The directory holding `initdb` and `pg_ctl`: PATH first, else the newest Debian version; undefined when absent. */
export function findPgBin(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    // Follow a symlink (/usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb) to the directory with createdb too.
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dirname(realpathSync(join(dir, 'initdb')));
  }
  if (!existsSync(DEBIAN_PG_ROOT)) return undefined;
  const versions = readdirSync(DEBIAN_PG_ROOT).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(DEBIAN_PG_ROOT, v, 'bin');
    if (existsSync(join(bin, 'initdb'))) return bin;
  }
  return undefined;
}

/** uid and gid of the account PostgreSQL runs as when we are root (undefined otherwise). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, but there is no "postgres" account to run PostgreSQL as (install Debian\'s postgresql package)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** A free TCP port on 127.0.0.1 (closed again before PostgreSQL takes it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts a private cluster with a database `caravan`; throws when PostgreSQL is not installed. */
export async function startPgCluster(opts: PgClusterOptions = {}): Promise<PgCluster> {
  const bin = findPgBin();
  if (!bin) throw new Error('PostgreSQL is not installed (no initdb on PATH or under /usr/lib/postgresql/*/bin); apt-get install postgresql');
  const owner = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'caravan-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(join(bin, cmd), args, { cwd: dir, encoding: 'utf8', ...(owner ?? {}), env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.error?.message ?? (r.stderr || r.stdout)}`);
  };
  run('initdb', ['-D', data, '-U', PG_USER, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const durable = opts.durable ?? false;
  const settings = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses=127.0.0.1", `-c fsync=${durable ? 'on' : 'off'}`,
    `-c synchronous_commit=${durable ? 'on' : 'off'}`, `-c full_page_writes=${durable ? 'on' : 'off'}`, '-c max_connections=200',
    ...(opts.settings ?? []).map((s) => `-c ${s}`)];
  const pgCtl = (...args: string[]) => {
    const [verb = '', ...rest] = args;
    const startLike = verb === 'start' || verb === 'restart';
    run('pg_ctl', [verb, '-D', data, '-w', '-t', '60', ...(startLike ? ['-o', settings.join(' '), '-l', join(dir, 'server.log')] : []), ...rest]);
  };
  pgCtl('start');
  run('createdb', ['-h', dir, '-p', String(port), '-U', PG_USER, 'caravan']);
  let destroyed = false;
  return {
    url: `postgres://${PG_USER}@127.0.0.1:${port}/caravan`,
    port,
    dir,
    pgCtl,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      try {
        pgCtl('stop', '-m', 'immediate');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
