/**
 * A write transaction whose connection the database closes while a statement runs (a restart, an
 * administrator's pg_terminate_backend, a failover) fails with StoreUnavailableError, and the
 * process goes on: postgres.js 3.4 wrote the transaction's ROLLBACK to the closed socket from an
 * Immediate, an uncaught TypeError that ended the process (porsager/postgres#1208; seen in CI as a
 * node dying during the database-restart test). Version 4 checks the connection before rolling back.
 */
import postgres from 'postgres';
import { expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/domain/errors.js';
import { PgDb } from '../../src/store/postgres/pg-db.js';
import { describePg, freshDatabase } from '../helpers/postgres.js';

/** Long enough for the other connection to find the statement running and terminate its backend. */
const STATEMENT_S = 5;
/** The same fault a few times in a row, on the pool's reused connections. */
const ROUNDS = 3;

describePg('a write whose connection the database closes', (cluster) => {
  it('rejects with StoreUnavailableError, loses nothing written before, and the next write goes through', async () => {
    const url = await freshDatabase(cluster());
    const db = new PgDb(url, { max: 2 });
    const admin = postgres(url, { max: 1, onnotice: () => undefined });
    try {
      await db.sql`CREATE TABLE fault_probe (n integer PRIMARY KEY)`;
      for (let round = 0; round < ROUNDS; round++) {
        const killed = db.write(async (tx) => {
          await tx`INSERT INTO fault_probe VALUES (${100 + round})`;
          await tx`SELECT pg_sleep(${STATEMENT_S})`;
          return { result: 'committed' };
        });
        // Its rejection is taken at once: the driver may reject it while the terminate's own answer
        // is still on its way, before the expectation below is reached (an unhandled rejection).
        const outcome = killed.then(() => 'committed', (err: unknown) => err);
        let pids: { pid: number }[] = [];
        for (let tries = 0; tries < 100 && pids.length === 0; tries++) {
          await new Promise((r) => setTimeout(r, 50));
          pids = await admin<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND pid <> pg_backend_pid()`;
        }
        expect(pids).toHaveLength(1);
        await admin`SELECT pg_terminate_backend(${pids[0]!.pid})`;
        expect(await outcome).toBeInstanceOf(StoreUnavailableError);
        // Let any write the driver deferred to an Immediate run: under 3.4 this is where the process died.
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setTimeout(r, 100));
        await db.write(async (tx) => { await tx`INSERT INTO fault_probe VALUES (${round})`; return { result: undefined }; });
      }
      const rows = await db.sql<{ n: number }[]>`SELECT n FROM fault_probe ORDER BY n`;
      expect(rows.map((r) => r.n)).toEqual([...Array(ROUNDS).keys()]);
    } finally {
      await admin.end({ timeout: 5 });
      await db.close();
    }
  }, 60_000);
});
