/**
 * Bearer-key authentication and role checks for `/api/v1`. A missing or unknown key is a
 * 401 with `WWW-Authenticate`; a known key whose role is too low is a 403.
 */
import { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { match } from 'path-to-regexp';
import type { OpenApiDocument } from './openapi.js';
import { type Principal, type Role, isRole, roleAllows } from '../domain/auth/roles.js';
import type { KeyService } from '../services/keys.js';
import { problem, sendProblem } from './problem.js';
import { presentedDigest } from './presented-key.js';
import { PATTERN, firstSegment } from './route-gate.js';

/** The principal authenticated for this request. */
export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new Error('route reached without authentication');
  return p;
}

/** `Authorization: Bearer <key>`: the key, or undefined for a request without that header. */
export function bearerKey(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

/**
 * Authenticates `Authorization: Bearer <key>`. The key's SHA-256 is the one the rate limit before
 * took of it, when it ran (presented-key.ts `presentedDigest`).
 */
export function authenticate(keys: KeyService): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const key = bearerKey(req);
    if (key === undefined) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="caravan"');
      sendProblem(res, problem('unauthorized', req.headers.authorization ? 'The Authorization header is not "Bearer <key>".' : 'Send Authorization: Bearer <key>.'));
      return;
    }
    const principal = await keys.authenticate(key, presentedDigest(req, key));
    if (!principal) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="caravan", error="invalid_token"');
      sendProblem(res, problem('unauthorized', 'The API key is not known (revoked or mistyped).'));
      return;
    }
    res.locals.principal = principal;
    next();
  };
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * A route parameter decoded as Express's router decodes it (router 2 `decodeParam`): a malformed
 * escape is a 400 passed to the error handler, before any role is checked. The decoded values
 * are not used here (the role depends on which path matches, not on its values): decoding only
 * finds a malformed escape, which the error handler answers 400 problem+json of type validation
 * ("Failed to decode param '%E0%A4%A'"), the same answer for every method and role, before the
 * contract check or the route (tests/http/head-and-escapes.test.ts). Without it, a reader's PUT to
 * such a path would be a 403, and a GET the contract check's 400 "malformed uri".
 */
function decodeParam(value: string): string {
  if (value.length === 0 || !value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch (err) {
    if (err instanceof URIError) {
      err.message = `Failed to decode param '${value}'`;
      Object.assign(err, { status: 400, statusCode: 400 });
    }
    throw err;
  }
}

/** One path of the contract: its matcher and the role of each of its methods. */
interface PathRoles {
  matches: (path: string) => unknown;
  /** Upper-case method -> role. */
  roles: Map<string, Role>;
  /** Its methods, for `Allow`. */
  allowed: readonly string[];
}

/**
 * Enforces the role each `/api/v1` operation declares as `x-caravan-role` in openapi.yaml,
 * so the contract documents and decides who may call what. `mount` is where the handler is
 * mounted (its paths are relative to it). OPTIONS is answered 405 problem+json with `Allow`
 * (Express would answer it itself, 200 text/plain); CORS preflights never get here (app.ts).
 *
 * The paths are matched as Express's router matches a route (path-to-regexp, as router 2 calls
 * it: case-insensitive, a trailing slash allowed, parameters decoded), in the contract's order,
 * among the paths of the request's first segment only (one map lookup). Every path that matches
 * and has the method checks its role, HEAD as GET when the path has no HEAD (as router 2 runs
 * routes); a path without the method, or no path, passes the request on (the contract check
 * answers it). Routers did this until issue 12's sixth round: as one router of every operation,
 * each request walked ~100 routes; then one router per first segment, each with a method route
 * and an OPTIONS route per path, walked route by route. Now one handler among the `/api/v1`
 * gate's (app.ts, route-gate.ts `inOrder`), none of them a Router: a Router that runs out of
 * layers leaves through `setImmediate`, a turn of the event loop. A path whose first segment is
 * a parameter cannot be picked by its segment and is refused at start-up.
 */
export function rolesFromSpec(spec: OpenApiDocument, mount = ''): RequestHandler {
  const bySegment = new Map<string, PathRoles[]>();
  for (const [path, item] of Object.entries(spec.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    const expressPath = path.slice(mount.length).replace(/\{([^}]+)\}/g, ':$1');
    const head = firstSegment(expressPath);
    if (PATTERN.test(head)) throw new Error(`openapi.yaml: ${path} does not start with a literal segment`);
    const roles = new Map<string, Role>();
    for (const method of HTTP_METHODS) {
      const op = item[method] as { 'x-caravan-role'?: string } | undefined;
      if (!op) continue;
      const role = op['x-caravan-role'];
      if (!role || !isRole(role)) throw new Error(`openapi.yaml: ${method.toUpperCase()} ${path} has no valid x-caravan-role`);
      roles.set(method.toUpperCase(), role);
    }
    // As router 2's Layer: trailing slashes off the route, then `trailing` lets the request have one.
    const matches = match(expressPath.replace(/\/+$/, '') || '/', { sensitive: false, end: true, trailing: true, decode: decodeParam });
    let paths = bySegment.get(head);
    if (paths === undefined) bySegment.set(head, (paths = []));
    paths.push({ matches, roles, allowed: [...roles.keys()] });
  }
  return (req, res, next) => {
    const paths = bySegment.get(firstSegment(req.path));
    if (paths === undefined) return next();
    const method = req.method;
    try {
      for (const p of paths) {
        if (!p.matches(req.path)) continue;
        if (method === 'OPTIONS') {
          res.setHeader('Allow', p.allowed.join(', '));
          return next(Object.assign(new Error(`OPTIONS is not a method of this route; it takes ${p.allowed.join(', ')}`), { status: 405 }));
        }
        const role = p.roles.get(method) ?? (method === 'HEAD' ? p.roles.get('GET') : undefined);
        if (role === undefined) continue;
        const principal = principalOf(res);
        if (!roleAllows(principal.role, role)) {
          sendProblem(res, problem('forbidden', `This needs the ${role} role; the key "${principal.name}" has ${principal.role}.`));
          return;
        }
      }
    } catch (err) {
      return next(err);
    }
    next();
  };
}
