/**
 * Caravan nodes in one test process over one PostgreSQL database: each node has its own stores
 * (connection pool), services, index, change-log follower and app (response validation on), as
 * separate processes would. Keys live in the database, so one node's keys work on every node.
 */
import type { Express } from 'express';
import { afterAll, beforeAll } from 'vitest';
import type { PgCluster } from '../../bench/pg-cluster.js';
import { pino } from 'pino';
import { type Role, ROLES, SYSTEM_PRINCIPAL } from '../../src/domain/auth/roles.js';
import { createApp } from '../../src/http/app.js';
import { type Services, createServices } from '../../src/services/container.js';
import { openPgStores } from '../../src/store/postgres/pg-stores.js';
import type { Stores } from '../../src/store/types.js';
import { freshDatabase } from './postgres.js';

/** A started node. */
export interface TestNode {
  app: Express;
  services: Services;
  stores: Stores;
  close(): Promise<void>;
}

/** Starts a node on `url`: index and term base loaded from a snapshot, then following the change log. */
export async function startNode(url: string): Promise<TestNode> {
  const stores = await openPgStores(url);
  const services = createServices(stores);
  await services.follower?.start();
  const app = createApp({ services, logger: pino({ level: 'silent' }), validateResponses: true });
  return {
    app, services, stores,
    async close() {
      await services.follower?.stop();
      await stores.close();
    },
  };
}

/** Creates one key per role (through `node`) and returns the `Authorization` values. */
export async function keysFor(node: TestNode): Promise<Record<Role, string>> {
  const auth = {} as Record<Role, string>;
  for (const role of ROLES) auth[role] = `Bearer ${(await node.services.keys.create(`test-${role}`, role, SYSTEM_PRINCIPAL)).key}`;
  return auth;
}

/** Two nodes on one fresh database, and a key per role, for the tests of a `describePg` body. */
export interface NodePair {
  a: TestNode;
  b: TestNode;
  auth: Record<Role, string>;
  url: string;
}

/** Starts nodes A and B on a fresh database of `cluster` before the tests (keys made through A), and stops them after. */
export function useNodePair(cluster: () => PgCluster): NodePair {
  const pair = {} as NodePair;
  beforeAll(async () => {
    pair.url = await freshDatabase(cluster());
    pair.a = await startNode(pair.url);
    pair.b = await startNode(pair.url);
    pair.auth = await keysFor(pair.a);
  });
  afterAll(async () => {
    await pair.a?.close();
    await pair.b?.close();
  });
  return pair;
}
