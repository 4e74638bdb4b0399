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
    const strict = ptr.pathToRegexp('/api/v1/tm/units/:id', { sensitive: false, strict: true });
    expect(strict).not.toBe(a);
    expect(strict).not.toBe(sensitive);
    expect(ptr.pathToRegexp('/api/v1/tm/units/:id', { strict: true, sensitive: false })).toBe(strict);
  });

  it('compiles anew, uncached, for options beyond the two flags', () => {
    cacheRouteMatchers();
    const whole = ptr.pathToRegexp('/api/v1/tm/units', { sensitive: false, strict: false });
    const prefix = ptr.pathToRegexp('/api/v1/tm/units', { sensitive: false, strict: false, end: false } as object);
    expect(prefix).not.toBe(whole);
    expect(prefix.regexp.test('/api/v1/tm/units/42')).toBe(true);
    expect(whole.regexp.test('/api/v1/tm/units/42')).toBe(false);
    expect(ptr.pathToRegexp('/api/v1/tm/units', { sensitive: false, strict: false, end: false } as object)).not.toBe(prefix);
  });
});
