import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { cacheRouteMatchers } from '../../src/http/route-matchers.js';

describe('the contract validator\'s route matchers', () => {
  const fromValidator = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'));
  const ptr = fromValidator('path-to-regexp') as { pathToRegexp: (path: string, options?: object) => { regexp: RegExp; keys: { name: string }[] } };

  it('are compiled once per route and options, and match as before', () => {
    cacheRouteMatchers();
    const a = ptr.pathToRegexp('/api/v1/tm/units/:id', { sensitive: false, strict: false });
    expect(ptr.pathToRegexp('/api/v1/tm/units/:id', { sensitive: false, strict: false })).toBe(a);
    expect(a.regexp.exec('/api/v1/tm/units/42')?.[1]).toBe('42');
    expect(a.regexp.exec('/api/v1/tm/units/42')?.[1]).toBe('42'); // a reused matcher keeps no state between requests
    expect(a.keys.map((k) => k.name)).toEqual(['id']);
    const sensitive = ptr.pathToRegexp('/api/v1/tm/units/:id', { sensitive: true, strict: false });
    expect(sensitive).not.toBe(a);
    expect(sensitive.regexp.test('/API/v1/tm/units/42')).toBe(false);
    expect(a.regexp.test('/API/v1/tm/units/42')).toBe(true);
  });
});
