import { describe, expect, it, vi } from 'vitest';
import { KEY_ROWS_KEPT_MS, KeyService } from '../../src/services/keys.js';
import { openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';

describe('KeyService.ensureAdmin', () => {
  it('creates one first admin key when none exists, and none after that', async () => {
    const stores = openSqliteStores(':memory:');
    const keys = new KeyService(stores.keys);
    const first = await keys.ensureAdmin(undefined);
    expect(first).toMatchObject({ name: 'first-admin', role: 'admin' });
    expect(await keys.authenticate(first!.key)).toMatchObject({ role: 'admin' });
    expect(await keys.ensureAdmin(undefined)).toBeUndefined();
    expect(await stores.keys.countKeys()).toBe(1);
  });

  it('accepts CARAVAN_ADMIN_KEY as an admin key, and replaces it when the variable changes', async () => {
    const stores = openSqliteStores(':memory:');
    const keys = new KeyService(stores.keys);
    await keys.ensureAdmin('first-value-of-the-admin-key');
    await keys.ensureAdmin('first-value-of-the-admin-key');
    expect(await keys.authenticate('first-value-of-the-admin-key')).toMatchObject({ name: 'CARAVAN_ADMIN_KEY', role: 'admin' });
    await keys.ensureAdmin('second-value-of-the-admin-key');
    expect(await keys.authenticate('first-value-of-the-admin-key')).toBeUndefined();
    expect(await keys.authenticate('second-value-of-the-admin-key')).toMatchObject({ role: 'admin' });
    expect(await stores.keys.countKeys()).toBe(1);
  });

  it('rejects a near miss of a valid key (same prefix, different secret)', async () => {
    const keys = new KeyService(openSqliteStores(':memory:').keys);
    const k = await keys.create('x', 'reader', 'admin');
    const tampered = k.key.slice(0, -1) + (k.key.endsWith('A') ? 'B' : 'A');
    expect(await keys.authenticate(tampered)).toBeUndefined();
  });
});

describe('KeyService: the rows of a key kept between checks (issue 12)', () => {
  const counted = () => {
    const stores = openSqliteStores(':memory:');
    const reads = vi.spyOn(stores.keys, 'findByPrefix');
    return { stores, reads, keys: new KeyService(stores.keys) };
  };

  it('reads a known key\'s rows once, and checks the secret every time', async () => {
    const { keys, reads } = counted();
    const k = await keys.create('x', 'reader', 'admin');
    for (let i = 0; i < 3; i++) expect(await keys.authenticate(k.key)).toMatchObject({ keyId: k.id, role: 'reader' });
    expect(reads).toHaveBeenCalledTimes(1);
    // The same prefix with another secret is refused from the kept rows.
    expect(await keys.authenticate(`${k.key.slice(0, -1)}${k.key.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('refuses a key revoked after it was used: every key write moves the store\'s version', async () => {
    const { keys, reads } = counted();
    const k = await keys.create('x', 'reader', 'admin');
    expect(await keys.authenticate(k.key)).toBeDefined();
    await keys.delete(k.id);
    expect(await keys.authenticate(k.key)).toBeUndefined();
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('reads again after a key\'s scope is narrowed in the store (a memory deleted), not through the service', async () => {
    const { keys, stores } = counted();
    const k = await keys.create('x', 'reader', 'admin', { memories: ['a', 'b'] });
    expect((await keys.authenticate(k.key))?.scope.memories).toEqual(['a', 'b']);
    await stores.keys.forgetCollection('memories', 'a');
    expect((await keys.authenticate(k.key))?.scope.memories).toEqual(['b']);
  });

  it('reads again when another node reports key writes, and after KEY_ROWS_KEPT_MS without any', async () => {
    const { keys, stores, reads } = counted();
    const k = await keys.create('x', 'reader', 'admin');
    await keys.authenticate(k.key);
    stores.keys.changedElsewhere();
    await keys.authenticate(k.key);
    expect(reads).toHaveBeenCalledTimes(2);
    const now = performance.now();
    const clock = vi.spyOn(performance, 'now').mockReturnValue(now + KEY_ROWS_KEPT_MS - 1);
    await keys.authenticate(k.key);
    expect(reads).toHaveBeenCalledTimes(2);
    clock.mockReturnValue(now + KEY_ROWS_KEPT_MS + 1_000);
    await keys.authenticate(k.key);
    expect(reads).toHaveBeenCalledTimes(3);
    clock.mockRestore();
  });

  it('keeps no rows for an unknown key, and shares frozen rows between requests', async () => {
    const { keys, reads } = counted();
    for (let i = 0; i < 2; i++) expect(await keys.authenticate('cvn_unknown-key-0123456789')).toBeUndefined();
    expect(reads).toHaveBeenCalledTimes(2);
    const k = await keys.create('x', 'reader', 'admin', { memories: ['a'] });
    const p = await keys.authenticate(k.key);
    expect(Object.isFrozen(p?.scope)).toBe(true);
  });
});
