/**
 * Compiled route matchers for the contract validator, compiled once.
 *
 * express-openapi-validator 5.6 finds a request's operation by compiling, on every request, a
 * `path-to-regexp` matcher for each route of the contract in turn until one matches
 * (`lookupRoute` in its `openapi.metadata.js`; upstream pull request #1217 caches them, not
 * released). With the ~90 routes of openapi.yaml that was 0.1-0.3 ms of CPU a request, by the
 * route's place in the file (issue 12: profiles of `GET /health` and `POST /api/v1/tm/lookup`
 * through the whole stack). A matcher depends only on the route and two options, so the
 * validator's copy of `pathToRegexp` is wrapped once, at start-up, with a bounded cache; the
 * result is the same object the library would compile (a non-global RegExp and its keys, which
 * no caller mutates). Express's own router compiles each route once when it is registered
 * and is unaffected. Remove this when the validator caches its matchers itself.
 */
import { createRequire } from 'node:module';

/** Matchers kept: the contract's routes and Express's, with room to spare; beyond it, compiled as before. */
const MAX_CACHED_MATCHERS = 2_000;

type PathToRegexp = (path: unknown, options?: { sensitive?: boolean; strict?: boolean; end?: boolean; trailing?: boolean; delimiter?: string }) => unknown;

let installed = false;

/** Wraps the `pathToRegexp` that express-openapi-validator requires with a cache (idempotent). */
export function cacheRouteMatchers(): void {
  if (installed) return;
  installed = true;
  const fromValidator = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'));
  const module = fromValidator('path-to-regexp') as { pathToRegexp: PathToRegexp };
  const compile = module.pathToRegexp;
  const cache = new Map<string, unknown>();
  module.pathToRegexp = (path, options) => {
    const plain = options === undefined || Object.keys(options).every((k) => k === 'sensitive' || k === 'strict');
    if (typeof path !== 'string' || !plain) return compile(path, options);
    const key = `${options?.sensitive ? 1 : 0}${options?.strict ? 1 : 0}${path}`;
    let matcher = cache.get(key);
    if (matcher === undefined) {
      matcher = compile(path, options);
      if (cache.size < MAX_CACHED_MATCHERS) cache.set(key, matcher);
    }
    return matcher;
  };
}
