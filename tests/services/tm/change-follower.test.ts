/**
 * The follower's joining of log changes: runs of unit changes become one read of the store, and
 * bulk ranges and dropped memories keep their place between the runs.
 */
import { expect, it } from 'vitest';
import { coalesce } from '../../../src/services/tm/change-follower.js';

it('joins runs of unit changes, keeping bulk ranges and dropped memories in their place', () => {
  expect(coalesce([
    { kind: 'units', ids: [3, 1] }, { kind: 'units', ids: [1, 7] },
    { kind: 'memory-dropped', memory: 'm' },
    { kind: 'units', ids: [9] }, { kind: 'created', from: 10, to: 20 }, { kind: 'units', ids: [4] }, { kind: 'units', ids: [5] },
  ])).toEqual([
    { kind: 'units', ids: [3, 1, 7] },
    { kind: 'memory-dropped', memory: 'm' },
    { kind: 'units', ids: [9] }, { kind: 'created', from: 10, to: 20 }, { kind: 'units', ids: [4, 5] },
  ]);
});

it('starts a new run once one holds 5,000 ids (one store read each)', () => {
  const many = Array.from({ length: 12_000 }, (_, i) => ({ kind: 'units' as const, ids: [i] }));
  expect(coalesce(many).map((c) => (c.kind === 'units' ? c.ids.length : 0))).toEqual([5_000, 5_000, 2_000]);
});
