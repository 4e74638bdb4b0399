/**
 * Bearer-key authentication and role checks for `/api/v1`. A missing or unknown key is a
 * 401 with `WWW-Authenticate`; a known key whose role is too low is a 403.
 */
import { type NextFunction, type Request, type RequestHandler, type Response, Router } from 'express';
import type { OpenApiDocument } from './openapi.js';
import { type Principal, type Role, isRole, roleAllows } from '../domain/auth/roles.js';
import type { KeyService } from '../services/keys.js';
import { problem, sendProblem } from './problem.js';
import { bySegment } from './route-gate.js';

/** The principal authenticated for this request. */
export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new Error('route reached without authentication');
  return p;
}

/** Authenticates `Authorization: Bearer <key>`. */
export function authenticate(keys: KeyService): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="caravan"');
      sendProblem(res, problem('unauthorized', header ? 'The Authorization header is not "Bearer <key>".' : 'Send Authorization: Bearer <key>.'));
      return;
    }
    const principal = await keys.authenticate(match[1] as string);
    if (!principal) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="caravan", error="invalid_token"');
      sendProblem(res, problem('unauthorized', 'The API key is not known (revoked or mistyped).'));
      return;
    }
    res.locals.principal = principal;
    next();
  };
}

/** Lets the request through only when the caller's role includes `role`. */
export function requireRole(role: Role): RequestHandler {
  return (_req, res, next) => {
    const p = principalOf(res);
    if (!roleAllows(p.role, role)) {
      sendProblem(res, problem('forbidden', `This needs the ${role} role; the key "${p.name}" has ${p.role}.`));
      return;
    }
    next();
  };
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** An OPTIONS request outside a CORS preflight: refused like any method a route lacks. */
function refuseOptions(allowed: string[]): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Allow', allowed.join(', '));
    next(Object.assign(new Error(`OPTIONS is not a method of this route; it takes ${allowed.join(', ')}`), { status: 405 }));
  };
}

/**
 * Enforces the role each `/api/v1` operation declares as `x-caravan-role` in openapi.yaml,
 * so the contract documents and decides who may call what. `mount` is where the router is
 * mounted (its paths are relative to it). OPTIONS is answered 405 problem+json with `Allow`
 * (Express would answer it itself, 200 text/plain); CORS preflights never get here (app.ts).
 *
 * One router per first path segment (`/tm`, `/keys`), picked by that segment (route-gate.ts
 * `bySegment`): as one router of every operation, each `/api/v1` request walked its ~100 routes
 * (a method route per operation and an OPTIONS route per path) before it reached its own; a
 * lookup, near the end, matched every one of them in turn (issue 12). A path whose first segment
 * is a parameter cannot be gated that way and is refused at start-up.
 */
export function rolesFromSpec(spec: OpenApiDocument, mount = ''): RequestHandler {
  const routers = new Map<string, Router>();
  for (const [path, item] of Object.entries(spec.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    const expressPath = path.slice(mount.length).replace(/\{([^}]+)\}/g, ':$1');
    const head = expressPath.split('/')[1] ?? '';
    let router = routers.get(head);
    if (router === undefined) routers.set(head, (router = Router()));
    const allowed: string[] = [];
    for (const method of HTTP_METHODS) {
      const op = item[method] as { 'x-caravan-role'?: string } | undefined;
      if (!op) continue;
      const role = op['x-caravan-role'];
      if (!role || !isRole(role)) throw new Error(`openapi.yaml: ${method.toUpperCase()} ${path} has no valid x-caravan-role`);
      router[method](expressPath, requireRole(role));
      allowed.push(method.toUpperCase());
    }
    router.options(expressPath, refuseOptions(allowed));
  }
  return bySegment([...routers.values()]);
}
