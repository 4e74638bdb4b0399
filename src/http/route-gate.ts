/**
 * Routers skipped by the first segment of the path: a router mounted without a path is entered
 * by every request, and Express (router 2) then tests each of its routes in turn, a
 * path-to-regexp match and a call of `next` apiece, before it hands the request on. A lookup,
 * `POST /api/v1/tm/lookup`, walked some 70 routes that way: the protocol routers, the console's,
 * the service routes and every `/api/v1` router before the TM routes, which come last.
 *
 * Issue 12: in the server's profile under the 500 lookups at 100k units (`run-lookups.js`,
 * `--cpu-prof`, load 8), the router's own functions were 7.6% of the server's busy time, more
 * than request validation (2.2%), the rate limit (2.3%) or pino (1.8%) and second only to the
 * response's `writev` among the per-request costs outside the lookup (figures before and after in
 * the README's benchmark section). A gated router costs one comparison for a request outside
 * its paths.
 *
 * The gate compares the first path segment case-insensitively, as Express matches routes (its
 * default), and lets through every request whose first segment one of the router's paths begins
 * with, so a request reaches exactly the routes it reached before: the router still matches it
 * route by route. Routers whose routes cannot be listed that way (middleware of their own,
 * patterns, a parameter first) are mounted as they are.
 *
 * Lists of middleware that every request passes through are one handler (`inOrder`), not a
 * Router: a Router whose stack runs out without an answer leaves by `setImmediate(done)` (router
 * 2, `next` when `idx >= stack.length`), a turn of the event loop. A lookup took two: the
 * protocol routes (protocols/index.ts, passed by every request outside their prefixes) and the
 * `/api/v1` gate (app.ts, whose last layer, `minSeq`, passes every request on). (The role check's
 * routers, auth.ts, took none on the way in: each path's OPTIONS route came after its methods,
 * and a router that ends on a route that does not match leaves at once.) During an import, whose
 * main-thread work runs in slices with pauses, each turn let a slice run first. Counted by
 * wrapping `setImmediate` in the server under `run-lookups.js 100000`: 1,098 router calls for 549
 * requests before, none after (tests/http/gate-turns.test.ts counts them for a lookup, a 403 and
 * a path with a parameter). Server CPU a lookup, old and new alternating, six runs each (load
 * 5.2-7.7): median 1.58 -> 1.54 ms, within the noise; what the turns cost is waiting, not CPU
 * (README, Benchmark, issue 12 sixth round).
 */
import type { RequestHandler, Router } from 'express';

/** The first segment of a path, lower case (`/TM/lookup` -> `tm`, `/` -> ``). */
export function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return (end < 0 ? path.slice(1) : path.slice(1, end)).toLowerCase();
}

/** Characters that make a path segment a pattern rather than a literal (path-to-regexp 8). */
export const PATTERN = /[:*?(){}\\]/;

/**
 * The first segments of every route of `router`, or undefined when it has a layer that is not a
 * route with a literal first segment (a middleware, a pattern): such a router cannot be gated.
 */
export function routeSegments(router: Router): string[] | undefined {
  const segments = new Set<string>();
  for (const layer of router.stack) {
    const path = layer.route?.path;
    if (typeof path !== 'string' || !path.startsWith('/')) return undefined;
    const head = firstSegment(path);
    if (PATTERN.test(head)) return undefined;
    segments.add(head);
  }
  return [...segments];
}

/**
 * `handler` for requests whose path starts with one of `prefixes` (`/tm`, `/apy`; the whole
 * first segment, compared case-insensitively); any other request goes on to the next layer.
 */
export function onlyUnder(prefixes: readonly string[], handler: RequestHandler): RequestHandler {
  const heads = new Set(prefixes.map(firstSegment));
  return (req, res, next) => {
    if (heads.has(firstSegment(req.path))) handler(req, res, next);
    else next();
  };
}

/** `router` behind a gate on its own routes' first segments (see the module header); as it is when they cannot be listed. */
export function gated(router: Router): RequestHandler {
  const segments = routeSegments(router);
  return segments ? onlyUnder(segments.map((s) => `/${s}`), router) : router;
}

/**
 * `handlers` one after another as one handler, as a Router of plain middleware runs them, but
 * without its turn of the event loop: a Router whose stack runs out without an answer leaves by
 * `setImmediate(done)` (router 2). An error, a thrown value or a rejected promise goes to `next`
 * as Express 5 passes them (a rejection without a reason as `Error('Rejected promise')`);
 * `next('route')` goes on to the next handler, and `next('router')` skips the rest of the list and
 * goes on to the layer after it (as leaving a mounted Router does; in the app's own stack, where
 * these handlers were layers before, it ended the app's router instead).
 */
export function inOrder(handlers: readonly RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err === 'router') return next();
      if (err && err !== 'route') return next(err);
      const handler = handlers[i++];
      if (handler === undefined) return next();
      try {
        const ret: unknown = handler(req, res, step);
        if (ret instanceof Promise) ret.then(undefined, (e: unknown) => step(e || new Error('Rejected promise')));
      } catch (e) {
        step(e);
      }
    };
    step();
  };
}
