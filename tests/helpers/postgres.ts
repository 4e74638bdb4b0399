/**
 * PostgreSQL in tests: one private throwaway cluster per test file (bench/pg-cluster.ts), and a
 * fresh database in it per store. Without PostgreSQL binaries the suites skip with one line; under
 * `CI=true` they fail instead, since CI installs PostgreSQL (.ci/run).
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { findPgBin, type PgCluster, startPgCluster } from '../../bench/pg-cluster.js';

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export const PG_MISSING = findPgBin() ? undefined : 'PostgreSQL is not installed (apt-get install postgresql)';

let announced = false;

/**
 * `describe` for tests that need PostgreSQL: skipped with one line when it is missing (a failing
 * test under CI=true). `cluster()` gives the file's running cluster inside the tests.
 */
export function describePg(name: string, body: (cluster: () => PgCluster) => void): void {
  if (PG_MISSING) {
    if (process.env.CI === 'true') {
      describe(name, () => it('needs PostgreSQL', () => { throw new Error(`${PG_MISSING}: CI must install it (.ci/run)`); }));
      return;
    }
    if (!announced) process.stderr.write(`skipping PostgreSQL tests: ${PG_MISSING}\n`);
    announced = true;
    describe.skip(name, () => body(() => { throw new Error('unreachable'); }));
    return;
  }
  describe(name, () => {
    let cluster: PgCluster | undefined;
    beforeAll(async () => {
      cluster = await startPgCluster();
    });
    afterAll(() => cluster?.destroy());
    body(() => {
      if (!cluster) throw new Error('the PostgreSQL cluster did not start');
      return cluster;
    });
  });
}

let databases = 0;

/** Creates an empty database in `cluster` and returns its URL. */
export async function freshDatabase(cluster: PgCluster): Promise<string> {
  const name = `t${process.pid}_${++databases}`;
  const admin = postgres(cluster.url, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return cluster.url.replace(/\/caravan$/, `/${name}`);
}
