import { describe, expect, it } from 'vitest';
import { KeyService } from '../../src/services/keys.js';
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
