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
 *
 * The cache is one map per combination of the two flags, keyed by the route: a key string built
 * per call and the option names listed per call cost 210-230 ns a call, the maps 29 ns (1e5
 * rounds of 30 routes in one process, load 7.7; a lookup asks for 29 matchers: some 6 µs a
 * request, 1 µs now).
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
  // One map per combination of the two flags, keyed by the path itself: the validator asks for
  // some 30 matchers a lookup, and a key built per call (and the option names listed per call)
  // allocated two strings or arrays each time.
  const caches = [new Map<string, unknown>(), new Map<string, unknown>(), new Map<string, unknown>(), new Map<string, unknown>()];
  let cached = 0;
  module.pathToRegexp = (path, options) => {
    if (typeof path !== 'string') return compile(path, options);
    if (options !== undefined) {
      for (const k in options) if (k !== 'sensitive' && k !== 'strict') return compile(path, options);
    }
    const cache = caches[(options?.sensitive ? 2 : 0) + (options?.strict ? 1 : 0)] as Map<string, unknown>;
    let matcher = cache.get(path);
    if (matcher === undefined) {
      matcher = compile(path, options);
      if (cached < MAX_CACHED_MATCHERS) {
        cache.set(path, matcher);
        cached++;
      }
    }
    return matcher;
  };
}
