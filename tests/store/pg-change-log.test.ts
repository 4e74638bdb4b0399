/**
 * The change log read by snapshot (pg-changes.ts): writes commit concurrently and in any order,
 * and a follower still receives every committed change exactly once, never a rolled-back one, and
 * conflicting changes in commit order.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { changeFeed } from '../../src/store/postgres/pg-changes.js';
import { PgDb } from '../../src/store/postgres/pg-db.js';
import type { ChangeFeed, ChangeRecord, LogPosition } from '../../src/store/types.js';
import { prng } from '../../bench/synthetic.js';
import { describePg, freshDatabase } from '../helpers/postgres.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describePg('the change log, read by snapshot', (cluster) => {
  let db: PgDb;
  let feed: ChangeFeed;
  beforeAll(async () => {
    db = new PgDb(await freshDatabase(cluster()), { max: 20 });
    await db.migrate();
    feed = changeFeed(db.sql, db.origin);
    await db.sql`CREATE TABLE counters (k integer PRIMARY KEY, v integer NOT NULL)`;
    await db.sql`INSERT INTO counters SELECT k, 0 FROM generate_series(0, 3) AS k`;
  });
  afterAll(() => db?.close());

  /** A write that bumps counter `k` and logs its new value; it commits once `release` resolves. */
  const bump = (k: number, release: Promise<unknown> = Promise.resolve(), fail = false) => db.write(async (tx) => {
    const [row] = await tx<{ v: number }[]>`UPDATE counters SET v = v + 1 WHERE k = ${k} RETURNING v`;
    await release;
    if (fail) throw new Error('rolled back on purpose');
    return { result: row!.v, change: { kind: 'test', memory: `c${k}`, ids: [row!.v] } };
  });

  it('returns a write that commits late after one that started later and committed first, and never a rolled-back one', async () => {
    let p = await feed.position();
    let commitSlow!: () => void;
    const slow = bump(0, new Promise<void>((r) => { commitSlow = r; }));
    await sleep(100); // the slow write has its transaction id by now
    const failed = bump(1, Promise.resolve(), true).catch(() => 'failed');
    const fast = await bump(2);
    expect(await failed).toBe('failed');
    let read = await feed.since(p);
    expect(read.changes.map((c) => [c.memory, c.ids])).toEqual([['c2', [fast]]]);
    expect(read.position.running.length).toBeGreaterThan(0);
    p = read.position;
    commitSlow();
    const slowValue = await slow;
    read = await feed.since(p);
    expect(read.changes.map((c) => [c.memory, c.ids])).toEqual([['c0', [slowValue]]]);
    expect((await feed.since(read.position)).changes).toEqual([]);
  });

  it('under concurrent writers with slow and failing transactions, a follower gets every committed change once, per counter in commit order', async () => {
    const start = await feed.position();
    const before = new Map((await db.sql<{ k: number; v: number }[]>`SELECT k, v FROM counters`).map((r) => [r.k, r.v]));
    const random = prng(42);
    const received: ChangeRecord[] = [];
    let done = false;
    const follower = (async () => {
      let p: LogPosition = start;
      for (;;) {
        const finished = done;
        const read = await feed.since(p);
        received.push(...read.changes);
        p = read.position;
        if (finished) return;
        await sleep(random() * 10);
      }
    })();
    let committed = 0;
    const WRITERS = 8;
    const WRITES = 40;
    await Promise.all(Array.from({ length: WRITERS }, async () => {
      for (let i = 0; i < WRITES; i++) {
        const k = Math.floor(random() * 4);
        const hold = random() < 0.2 ? sleep(20 + random() * 80) : Promise.resolve();
        const fail = random() < 0.1;
        try {
          await bump(k, hold, fail);
          committed++;
        } catch {
          // rolled back: its change must never be seen
        }
      }
    }));
    done = true;
    await follower;
    const mine = received.filter((c) => c.kind === 'test');
    expect(mine).toHaveLength(committed);
    expect(new Set(mine.map((c) => c.seq)).size).toBe(committed);
    const after = new Map((await db.sql<{ k: number; v: number }[]>`SELECT k, v FROM counters`).map((r) => [r.k, r.v]));
    for (const k of [0, 1, 2, 3]) {
      const values = mine.filter((c) => c.memory === `c${k}`).map((c) => c.ids![0]);
      const from = before.get(k)!;
      expect(values).toEqual(Array.from({ length: after.get(k)! - from }, (_, i) => from + i + 1));
    }
  }, 60_000);
});
