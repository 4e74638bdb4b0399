/**
 * The API contract: `openapi.yaml` at the package root, parsed once. Requests are validated
 * against it with express-openapi-validator (unknown fields and query parameters rejected);
 * tests also validate responses.
 *
 * Types are coerced in query strings and paths only, where every value arrives as text
 * (`limit=5`); a JSON body must send the declared types, so `"source": 123` or
 * `"threshold": null` is a 400 naming the field, not a source "123" or a threshold of 0.
 *
 * Query strings: Express parses them with Node's `querystring` (the app's `simple` parser),
 * which decodes form encoding (`+` is a space) and percent encoding. express-openapi-validator
 * also looks at the raw, undecoded query string and, for every parameter without
 * `allowReserved: true`, refuses a value holding any RFC 3986 reserved character
 * (`: / ? # [ ] @ ! $ & ' ( ) * + , ; =`) as "must be url encoded". Browsers, `URLSearchParams`,
 * Python `requests` and `curl --data-urlencode` send a space as `+`, and people type
 * `China's`, `a,b` or `(2023)` as they are, so that check refused ordinary searches. The
 * delimiters that matter (`&`, `=`, `#`) cannot reach a value undecoded anyway, and every
 * value is still validated against its schema after decoding; so every query parameter is
 * given `allowReserved: true` here, in one place, for the routes of today and tomorrow.
 *
 * The validator's steps run without its per-request detours once it is ready (issue 12). Each of
 * its middlewares (path parameters, route metadata, security, request, response) waits on the
 * promise of its loaded contract before it acts, a microtask and a promise a step, four or five
 * steps a request; the path parameters' step acts only on the first request (it installs
 * `app.param` handlers) and the security step not at all here (`validateSecurity: false`). Its
 * route metadata walks the contract's routes in order for every request, compiling (cached,
 * route-matchers.ts) and running a matcher per route, 29 for a lookup. Here the library's own
 * steps run until it has built its metadata, request and (tests) response middlewares, which
 * are taken as they are built; from then on those run directly, one after another, and the
 * metadata of a path without parameters is kept per method and path, spelt as the contract
 * spells it (so the map is no larger than the contract's routes: another spelling, in case or
 * slashes, walks the routes as before), and a lookup finds its route in one map read. What they decide is
 * unchanged: the same route, schema and errors (tests/http/contract-fast-path.test.ts).
 * Measured with each lookup's answer fixed (bench/http/stack-probe.js under callgrind, 250
 * lookups and 100 `GET /health` a round after three warm-up rounds, V8's optimizing compiler
 * and the collections counted apart): a lookup request's stack 1.06 / 1.09 -> 1.13 (a round
 * with a major collection) / 0.91 M instructions, `/health` 0.54 / 0.54 -> 0.42 / 0.33 M.
 */
import * as OpenApiValidator from 'express-openapi-validator';
import type { RequestHandler } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../version.js';
import { cacheRouteMatchers } from './route-matchers.js';
import { inOrder } from './route-gate.js';

/** What the validator's metadata step leaves on a request. */
interface OpenApiMetadata {
  expressRoute: string;
  openApiRoute: string;
  pathParams: Record<string, string>;
  schema: unknown;
  serial: number;
  _responseSchema?: unknown;
}

/** The validator's instance, as its `middleware` export leaves it (`middleware._oav`). */
interface ValidatorInstance {
  metadataMiddleware?: (...args: unknown[]) => RequestHandler;
  requestValidationMiddleware?: (...args: unknown[]) => RequestHandler;
  responseValidationMiddleware?: (...args: unknown[]) => RequestHandler;
}

/** The OpenAPI document as a plain object. */
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

/** Raw text of openapi.yaml. */
export const OPENAPI_TEXT = readFileSync(join(PACKAGE_ROOT, 'openapi.yaml'), 'utf8');

/** A fresh parsed copy of openapi.yaml (the validator mutates what it is given). */
export function loadOpenApi(): OpenApiDocument {
  return parse(OPENAPI_TEXT) as OpenApiDocument;
}

interface ParameterObject {
  in?: string;
  allowReserved?: boolean;
}

/** Marks every query parameter of the document (paths, operations, components) `allowReserved`. */
export function allowReservedInQueries(spec: OpenApiDocument): OpenApiDocument {
  const mark = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const p of list as ParameterObject[]) if (p && typeof p === 'object' && p.in === 'query') p.allowReserved = true;
  };
  for (const item of Object.values(spec.paths)) {
    mark(item.parameters);
    for (const op of Object.values(item)) if (op && typeof op === 'object' && !Array.isArray(op)) mark((op as { parameters?: unknown }).parameters);
  }
  const components = (spec.components as { parameters?: Record<string, ParameterObject> } | undefined)?.parameters;
  mark(Object.values(components ?? {}));
  return spec;
}

/**
 * The validator's metadata step with the metadata of paths without parameters kept per method
 * and path: the route it finds depends on nothing else (the contract and the app's settings are
 * fixed). Errors (404, 405, a malformed escape) are not kept; they are thrown again each time.
 */
function keptMetadata(step: RequestHandler): RequestHandler {
  const kept = new Map<string, OpenApiMetadata>();
  return (req, res, next) => {
    const path = req.url.split('?')[0] as string;
    const key = `${req.method} ${path}`;
    const known = kept.get(key);
    if (known !== undefined) {
      const pathParams = {};
      (req as unknown as { openapi: OpenApiMetadata }).openapi = { ...known, pathParams };
      req.params = pathParams;
      return next();
    }
    step(req, res, (err?: unknown) => {
      const found = (req as unknown as { openapi?: OpenApiMetadata }).openapi;
      // Only the route's own spelling is kept: other spellings (case, slashes) walk the routes, and the map stays as small as the contract.
      if (err === undefined && found !== undefined && found.expressRoute === path && Object.keys(found.pathParams).length === 0) kept.set(key, { ...found });
      next(err);
    });
  };
}

/**
 * The validator's middlewares, run as the library runs them until its own steps are built, then
 * those steps directly (see the module header). `validator` is the instance that made `steps`.
 */
function directOnceReady(steps: RequestHandler[], validator: ValidatorInstance, validateResponses: boolean): RequestHandler[] {
  const built: { metadata?: RequestHandler; request?: RequestHandler; response?: RequestHandler } = {};
  const take = (name: keyof ValidatorInstance, as: keyof typeof built, wrap: (h: RequestHandler) => RequestHandler = (h) => h) => {
    const make = validator[name];
    if (typeof make !== 'function') return false;
    validator[name] = (...args: unknown[]) => (built[as] = wrap(make.apply(validator, args)));
    return true;
  };
  // A library whose instance does not have these methods is run as it is.
  if (!(take('metadataMiddleware', 'metadata', keptMetadata) && take('requestValidationMiddleware', 'request') &&
    (!validateResponses || take('responseValidationMiddleware', 'response')))) return steps;
  const library = inOrder(steps);
  let direct: RequestHandler | undefined;
  return [(req, res, next) => {
    if (direct !== undefined) return direct(req, res, next);
    if (built.metadata && built.request && (!validateResponses || built.response)) {
      direct = inOrder([built.metadata, built.request, ...(built.response ? [built.response] : [])]);
    }
    return library(req, res, next);
  }];
}

/** Middleware validating requests (and, when asked, responses) against the contract. */
export function openApiValidator(validateResponses: boolean): RequestHandler[] {
  cacheRouteMatchers();
  const steps = OpenApiValidator.middleware({
    apiSpec: allowReservedInQueries(loadOpenApi()) as never,
    // coerceTypes: false applies to bodies only; the validator always coerces parameters.
    validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false, removeAdditional: false },
    validateResponses: validateResponses ? { removeAdditional: false } : false,
    validateSecurity: false,
    validateFormats: true,
    fileUploader: false,
    // Raw uploads (XML, TMX, TBX, CSV) are streamed by the routes, never buffered here.
    ignoreUndocumented: false,
    // Match the URL as the app sees it: the tmserver routes bring theirs into one shape first.
    useRequestUrl: true,
  }) as unknown as RequestHandler[];
  const validator = (OpenApiValidator.middleware as unknown as { _oav?: ValidatorInstance })._oav;
  return validator ? directOnceReady(steps, validator, validateResponses) : steps;
}
