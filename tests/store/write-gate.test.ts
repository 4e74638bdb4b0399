import { describe, expect, it } from 'vitest';
import { WriteGate } from '../../src/store/sqlite/write-gate.js';

describe('the write gate of a SQLite connection', () => {
  it('runs a write at once while nothing holds it', async () => {
    const gate = new WriteGate();
    let ran = false;
    const done = gate.write(() => { ran = true; return 7; });
    expect(ran, 'in the same turn').toBe(true);
    expect(await done).toBe(7);
  });

  it('holds writes until every long transaction has settled, then runs them in arrival order, also after a failure', async () => {
    const gate = new WriteGate();
    const order: string[] = [];
    let endFirst: () => void = () => undefined;
    let failSecond: (err: Error) => void = () => undefined;
    const first = gate.exclusive(() => new Promise<void>((resolve) => (endFirst = () => { order.push('first'); resolve(); })));
    const second = gate.exclusive(() => new Promise<void>((_, reject) => (failSecond = (err) => { order.push('second'); reject(err); })));
    const writes = [gate.write(() => order.push('a')), gate.write(() => order.push('b'))];
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    endFirst();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(order, 'the second transaction still holds the gate').toEqual(['first']);
    failSecond(new Error('disk full'));
    await expect(second).rejects.toThrow('disk full');
    await Promise.all(writes);
    expect(order).toEqual(['first', 'second', 'a', 'b']);
    expect(gate.held).toBe(false);
  });

  it('passes a write\'s error to its caller and stays open', async () => {
    const gate = new WriteGate();
    await expect(gate.write(() => { throw new Error('constraint'); })).rejects.toThrow('constraint');
    expect(await gate.write(() => 'next')).toBe('next');
  });
});
