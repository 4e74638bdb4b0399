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
 *
 * The hot operations are built before the server listens (issue 12, eighth round,
 * {@link warmValidator}). The library builds an operation's request validation on its first
 * request (per method, route and media type): two Ajv schemas, each holding the contract's whole
 * `paths` and `components` so that references resolve, which Ajv walks whole to collect their ids
 * (json-schema-traverse) before it compiles the operation's part; the first request also creates
 * the request validator's two Ajv instances. In the server's CPU profile, the first lookup after a
 * start spent 117 of its ~200 ms there (load 7; 72 ms the lookup's build, 35 ms the instances).
 * Built in process, one operation after another: 9-58 ms of CPU each (the first with the
 * instances), the nine of WARM_OPERATIONS 210 ms, all 73 of the contract 1.3 s (load 8), so only
 * the hot ones are warmed. First requests after a start, base and warmed alternating (scratch
 * probe on the 100k data directory of `run-lookups.js`, load 6-7, two runs each): the first lookup
 * 140 / 97 -> 58 / 61 ms (wall), `/health` 75 / 19 -> 3.0 / 3.1 ms, the memory list 28 / 31 ->
 * 11 / 11 ms. In the server the warm-up took 1.4-1.6 s of wall time at load 6-7 (its steps
 * interleave with the signature planes' build, which the start leaves running).
 */
import * as OpenApiValidator from 'express-openapi-validator';
import type { Express, Request, RequestHandler, Response } from 'express';
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
 * The validator's metadata step, with HEAD looked up as GET. HTTP allows HEAD wherever GET is
 * ("The HEAD method is identical to GET except that the server MUST NOT send content in the
 * response", RFC 9110 §9.3.2), and Express answers it with the GET route, but the contract
 * lists no `head` operations, and the library's lookup refused HEAD 405 on every GET route. The
 * request is looked up (and then validated) against its path's GET operation; a path without
 * GET is still refused 405.
 */
function headAsGet(step: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'HEAD') return step(req, res, next);
    req.method = 'GET';
    return runChanged(step, req, res, next, () => {
      req.method = 'HEAD';
    });
  };
}

/**
 * Runs `step` on a request the caller has just changed for it, and `undo`es the change once, as
 * soon as the step goes on (`next`), fails or returns, so nothing after the step sees the change.
 * `settle` may replace the error the step goes on with. The library builds an operation's checks
 * on its first request, and some refusals (a media type) are thrown there: they go on as errors.
 */
function runChanged(step: RequestHandler, req: Request, res: Response, next: (err?: unknown) => void, undo: () => void,
  settle: (err: unknown) => unknown = (err) => err): unknown {
  let changed = true;
  const restore = () => {
    if (!changed) return;
    changed = false;
    undo();
  };
  const back = (err?: unknown) => {
    restore();
    next(settle(err));
  };
  try {
    // What the step returns goes back to the caller (route-gate.ts's `inOrder` catches a rejected promise).
    return step(req, res, back);
  } catch (err) {
    back(err);
    return undefined;
  } finally {
    restore();
  }
}

/**
 * The validator's metadata step with the metadata of paths without parameters kept per method
 * and path: the route it finds depends on nothing else (the contract and the app's settings are
 * fixed). Errors (404, 405, a malformed escape) are not kept; they are thrown again each time.
 */
function keptMetadata(step: RequestHandler): RequestHandler {
  const kept = new Map<string, OpenApiMetadata>();
  const found = headAsGet(step);
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
    found(req, res, (err?: unknown) => {
      const meta = (req as unknown as { openapi?: OpenApiMetadata }).openapi;
      // Only the route's own spelling is kept: other spellings (case, slashes) walk the routes, and the map stays as small as the contract.
      if (err === undefined && meta !== undefined && meta.expressRoute === path && Object.keys(meta.pathParams).length === 0) kept.set(key, { ...meta });
      next(err);
    });
  };
}

/** The request media types the contract declares, in lower case and without parameters. */
function declaredMediaTypes(spec: OpenApiDocument): Set<string> {
  type Body = { content?: Record<string, unknown> } | undefined;
  const bodies: Body[] = Object.values((spec.components as { requestBodies?: Record<string, Body> } | undefined)?.requestBodies ?? {});
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) bodies.push((op as { requestBody?: Body } | null)?.requestBody);
  }
  return new Set(bodies.flatMap((b) => Object.keys(b?.content ?? {})).map((type) => (type.split(';')[0] ?? '').trim().toLowerCase()));
}

/** Stands for every media type the contract does not declare while the request is validated. */
const UNDECLARED_TYPE = 'application/x-undeclared';

/**
 * The request validation step, shown a canonical Content-Type. The library builds and keeps a
 * validator for every distinct method, route and Content-Type header, parameters included, so
 * made-up headers grew its cache without limit (some 10 KB of heap and 15 ms of CPU each, and
 * `/health` takes no key). A request without a body is validated without its Content-Type (no
 * operation reads it then); one with a body under its bare media type when the contract declares
 * it, and under one stand-in when not, which every operation with a body refuses 415 as it
 * refused the real one (the answer names the type sent). The library builds again on every such
 * refusal (it keeps only what it built without throwing), so the operations that refused the
 * stand-in are remembered and refused at once. The header is put back before anything after the
 * step runs.
 */
function canonicalContentType(step: RequestHandler, declared: ReadonlySet<string>): RequestHandler {
  /** `METHOD route` of the operations that refused the stand-in: no more than the contract has. */
  const refusing = new Set<string>();
  const unsupported = (req: Request, mediaType: string) => {
    const message = `unsupported media type ${mediaType}`;
    return Object.assign(new Error(message), { status: 415, errors: [{ path: req.path, message }] });
  };
  return (req, res, next) => {
    const sent = req.headers['content-type'];
    if (sent === undefined) return step(req, res, next);
    const hasBody = req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;
    const mediaType = (sent.split(';')[0] ?? '').trim().toLowerCase();
    const shown = !hasBody ? undefined : declared.has(mediaType) ? mediaType : UNDECLARED_TYPE;
    const operation = `${req.method} ${(req as unknown as { openapi?: OpenApiMetadata }).openapi?.openApiRoute ?? req.path}`;
    if (shown === UNDECLARED_TYPE && refusing.has(operation)) return next(unsupported(req, mediaType));
    if (shown === undefined) delete req.headers['content-type'];
    else req.headers['content-type'] = shown;
    return runChanged(step, req, res, next, () => {
      req.headers['content-type'] = sent;
    }, (err) => {
      if (shown !== UNDECLARED_TYPE || (err as { status?: number } | undefined)?.status !== 415) return err;
      refusing.add(operation);
      return unsupported(req, mediaType);
    });
  };
}

/**
 * The validator's middlewares, run as the library runs them until its own steps are built, then
 * those steps directly (see the module header). `validator` is the instance that made `steps`.
 */
function directOnceReady(steps: RequestHandler[], validator: ValidatorInstance, validateResponses: boolean, declared: ReadonlySet<string>): RequestHandler[] {
  const built: { metadata?: RequestHandler; request?: RequestHandler; response?: RequestHandler } = {};
  const take = (name: keyof ValidatorInstance, as: keyof typeof built, wrap: (h: RequestHandler) => RequestHandler = (h) => h) => {
    const make = validator[name];
    if (typeof make !== 'function') return false;
    validator[name] = (...args: unknown[]) => (built[as] = wrap(make.apply(validator, args)));
    return true;
  };
  // A library whose instance does not have these methods is run as it is.
  if (!(take('metadataMiddleware', 'metadata', keptMetadata) && take('requestValidationMiddleware', 'request', (h) => canonicalContentType(h, declared)) &&
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
  const spec = allowReservedInQueries(loadOpenApi());
  const declared = declaredMediaTypes(spec);
  const steps = OpenApiValidator.middleware({
    apiSpec: spec as never,
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
  return validator ? directOnceReady(steps, validator, validateResponses, declared) : steps;
}

/**
 * The operations warmed before the server listens: those translation tools and the console call
 * most (lookups, concordance, the protocols' lookups, the memory list, `/health`). Building one
 * costs 9-58 ms of CPU (see the module header), all 73 of the contract 1.3 s, which every start
 * would pay; every other operation is built on its first request, as before.
 */
export const WARM_OPERATIONS: readonly string[] = [
  'POST /api/v1/tm/lookup', 'POST /api/v1/tm/lookup/batch', 'GET /api/v1/tm/concordance', 'GET /health', 'GET /api/v1/memories',
  'POST /api/v1/glossary/recognize', 'GET /tmserver/{linkKey}/{source}/{target}/unit/{text}', 'GET /apy/{linkKey}/translate',
  'POST /libretranslate/translate',
];

/** One operation to warm: its method, a URL that reaches it, and the media types of its body. */
interface WarmOperation {
  method: string;
  url: string;
  types: (string | undefined)[];
}

/** The operations of {@link WARM_OPERATIONS} in `spec`; one the contract lacks is an error (the list outlived an edit of openapi.yaml). */
function operations(spec: OpenApiDocument): WarmOperation[] {
  return WARM_OPERATIONS.map((name) => {
    const [method = '', path = ''] = name.split(' ');
    const op = spec.paths[path]?.[method.toLowerCase()] as { requestBody?: { content?: Record<string, unknown> } } | undefined;
    if (op === undefined) throw new Error(`openapi.yaml has no operation ${name} to warm`);
    const types = Object.keys(op.requestBody?.content ?? {});
    // Any value reaches the route: the step is built from the route, not from what the request sent.
    return { method, url: path.replace(/\{[^}]+\}/g, '1'), types: types.length > 0 ? types : [undefined] };
  });
}

/** How long one warming request may take before the warm-up gives up on it (a step that never calls next). */
const WARM_STEP_TIMEOUT_MS = 5_000;

/**
 * Sends a request made up for each of {@link WARM_OPERATIONS} through
 * `validate` (as {@link openApiValidator} returned it for `app`), so that the library builds what
 * it builds on an operation's first request (see the module header) before any user request
 * comes. The made-up requests carry no key and no body: they fail validation, and nothing after
 * the validator sees them. Resolves with the number of requests sent.
 */
export async function warmValidator(validate: readonly RequestHandler[], app: Express, spec: OpenApiDocument): Promise<number> {
  const run = inOrder(validate);
  let sent = 0;
  for (const { method, url, types } of operations(spec)) {
    for (const type of types) {
      const req = Object.assign(Object.create(app.request) as Request, {
        method, url, originalUrl: url, baseUrl: '', headers: type === undefined ? {} : { 'content-type': type, 'content-length': '2' }, body: type === undefined ? undefined : {}, params: {},
      });
      const res = Object.assign(Object.create(app.response) as Response, { locals: {}, req });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, WARM_STEP_TIMEOUT_MS);
        timer.unref();
        run(req, res, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      sent++;
    }
  }
  return sent;
}
