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
 */
import type { RequestHandler, Router } from 'express';

/** The first segment of a path, lower case (`/TM/lookup` -> `tm`, `/` -> ``). */
function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return (end < 0 ? path.slice(1) : path.slice(1, end)).toLowerCase();
}

/** Characters that make a path segment a pattern rather than a literal (path-to-regexp 8). */
const PATTERN = /[:*?(){}\\]/;

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
 * One handler for routers that share no first segment: a request goes to the router of its own
 * first segment (one map lookup) or on to the next layer. Throws at start-up when a router's
 * routes cannot be listed (routeSegments) or two routers share a segment.
 */
export function bySegment(routers: readonly Router[]): RequestHandler {
  const bySeg = new Map<string, Router>();
  for (const router of routers) {
    const segments = routeSegments(router);
    if (!segments) throw new Error('bySegment: a router whose routes do not all start with a literal segment');
    for (const s of segments) {
      if (bySeg.has(s)) throw new Error(`bySegment: two routers under /${s}`);
      bySeg.set(s, router);
    }
  }
  return (req, res, next) => {
    const router = bySeg.get(firstSegment(req.path));
    if (router) router(req, res, next);
    else next();
  };
}
