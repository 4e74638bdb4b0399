/**
 * collectGarbage frees dead ArrayBuffers now, without `--expose-gc` on the command line (the
 * server's start after its index build relies on it), and leaves no `gc` global behind.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../src/collect-garbage.js';

const MB = 1024 * 1024;

describe('collectGarbage', () => {
  it('frees the backing stores of dead ArrayBuffers', async () => {
    let big: Uint8Array | undefined = new Uint8Array(200 * MB).fill(1);
    const held = process.memoryUsage().arrayBuffers;
    expect(held).toBeGreaterThan(200 * MB);
    big = undefined;
    collectGarbage();
    // The backing stores are swept just after the collection.
    let now = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 50 && now > held - 150 * MB; i++) {
      await sleep(20);
      now = process.memoryUsage().arrayBuffers;
    }
    expect(big).toBeUndefined();
    expect(now).toBeLessThan(held - 150 * MB);
    expect(typeof (globalThis as { gc?: unknown }).gc === 'function').toBe(process.execArgv.includes('--expose-gc'));
  });
});
