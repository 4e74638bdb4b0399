/**
 * `createApp(deps)`: the Express application, without `listen()`, so tests drive it with
 * supertest. Order: security headers (with the console's Content-Security-Policy), request
 * log, the body idle timeout, CORS (only for configured origins); the protocol routes for
 * translation tools (issue 15: each checks its own key, then reads its body); for `/api/v1` the
 * rate limit, authentication and the role each operation declares (`x-caravan-role` in
 * openapi.yaml); then body parsing, the console's static files, contract validation, the
 * routes, a 404 for anything else, and the problem+json error handler last.
 *
 * Who may call comes before what they sent (issue 9 §1): a request without a valid key is
 * answered 401, and one whose key is too weak 403, before a byte of its body is read, so a
 * keyless client can make the server neither buffer nor parse anything. Uploads are streamed by
 * the routes (upload.ts), never parsed here.
 */
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Services } from '../services/container.js';
import { authenticate, bearerKey, rolesFromSpec } from './auth.js';
import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../config.js';
import { jsonBody } from './body.js';
import { CSP_DIRECTIVES, consoleRoutes } from './console.js';
import { plainJsonAnswers } from './json-answer.js';
import { loadOpenApi, openApiValidator, warmValidator } from './openapi.js';
import { errorHandler, problem, sendProblem } from './problem.js';
import { protocolRoutes } from './protocols/index.js';
import { rateLimit } from './rate-limit.js';
import { requestLog } from './request-log.js';
import { gated, inOrder, onlyUnder } from './route-gate.js';
import { analysisRoutes } from './routes/analysis.js';
import { documentRoutes } from './routes/documents.js';
import { glossariesRoutes } from './routes/glossaries.js';
import { glossaryRoutes } from './routes/glossary.js';
import { exchangeRoutes } from './routes/exchange.js';
import { keyRoutes } from './routes/keys.js';
import { memoryRoutes } from './routes/memories.js';
import { serviceRoutes } from './routes/service.js';
import { minSeq, writeSeqHeader } from './sync.js';
import { tmRoutes } from './routes/tm.js';
import { BODY_IDLE_TIMEOUT_MS } from './server.js';
import { bodyIdleTimeout, setUploadLimit } from './upload.js';

/** What the app needs from its host. */
export interface AppDeps {
  services: Services;
  logger: Logger;
  /** Requests per minute per key; 0 turns the limit off (tests). */
  rateLimitPerMinute?: number;
  /** Validate every response against openapi.yaml (tests). */
  validateResponses?: boolean;
  /** Where the built console is (default dist/console). */
  consoleDir?: string;
  /** Largest uploaded file in bytes (CARAVAN_UPLOAD_LIMIT); 2 GiB by default. */
  uploadLimitBytes?: number;
  /** Browser origins allowed to call the API (CARAVAN_CORS_ORIGINS), `*` for any; none by default. */
  corsOrigins?: readonly string[];
  /** Time a request body may go without a byte (tests shorten it). */
  bodyIdleTimeoutMs?: number;
}

/** How long a browser may cache a CORS preflight answer. */
const CORS_MAX_AGE_S = 600;

/**
 * CORS for the configured origins only: a request from another origin, or without one, gets no
 * CORS header (and an OPTIONS request the 405 problem document any refused method gets).
 */
function corsFor(origins: readonly string[]): RequestHandler | undefined {
  if (origins.length === 0) return undefined;
  const any = origins.includes('*');
  const handler = cors({
    origin: any ? '*' : [...origins],
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match'],
    exposedHeaders: ['ETag', 'Location', 'Content-Disposition', 'WWW-Authenticate', 'X-Caravan-Concepts', 'RateLimit', 'RateLimit-Policy'],
    maxAge: CORS_MAX_AGE_S,
  });
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin !== undefined && (any || origins.includes(origin))) handler(req, res, next);
    else next();
  };
}

/**
 * Express's generated weak ETag only for GET and HEAD (issue 12). Express hashes every body it
 * sends (SHA-1, for `ETag: W/"..."`) unless a route set an ETag itself; only a GET or HEAD can be
 * answered 304 from it (`req.fresh`), and the contract documents no ETag on any other method's
 * answer (the term base's entries set theirs themselves). For a lookup that hash was the
 * largest native cost of the request: 75k instructions of some 1.1 M (callgrind, the lookup's
 * answer fixed; README, issue 12, seventh round), and it grows with the body (a batch of 1,000
 * lookups). Other methods' responses see an app whose `etag fn` is unset: every other setting
 * is the app's, through its prototype. After: `Hash::HashUpdate` 13.4 M -> 0.7 M instructions
 * over 250 lookups, a lookup request's stack 1.13 / 0.91 -> 1.00 / 0.88 M instructions (two
 * rounds each; the first before had a major collection).
 */
function weakEtagsForReadsOnly(app: Express): RequestHandler {
  const settings: object = Object.create(app.settings as object, { 'etag fn': { value: undefined } });
  const withoutEtags = Object.create(app, { settings: { value: settings } }) as Express;
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') res.app = withoutEtags;
    next();
  };
}

/** What {@link warmApp} runs for each app {@link createApp} made. */
const warmers = new WeakMap<Express, () => Promise<number>>();

/**
 * Builds, before the server listens, what the contract validator otherwise builds on the first
 * requests (openapi.ts `warmValidator`): the server calls it once between `createApp` and
 * `listen`; tests, which make many apps, do not. Resolves with the number of made-up requests.
 */
export function warmApp(app: Express): Promise<number> {
  return warmers.get(app)?.() ?? Promise.resolve(0);
}

/** Builds the HTTP application. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // The app's res.json, the same in production and under the tests' response validation (json-answer.ts).
  plainJsonAnswers(app);
  setUploadLimit(app.locals, deps.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES);
  // What every request passes first is one handler, not a layer each (route-gate.ts `inOrder`:
  // each of Express's layers is a walk of its router's `next`, some 0.4% of a lookup request's stack).
  const front: RequestHandler[] = [weakEtagsForReadsOnly(app)];
  front.push(helmet({ contentSecurityPolicy: { directives: CSP_DIRECTIVES } }));
  // One line per request: method, url, status, time, key id (request-log.ts; never the key or bodies).
  front.push(requestLog(deps.logger));
  // Only a shared store keeps a change log to report; the scope it opens per request
  // (AsyncLocalStorage) would turn on Node's promise hooks for every promise of every request.
  if (deps.services.follower) front.push(writeSeqHeader);
  front.push(bodyIdleTimeout(deps.bodyIdleTimeoutMs ?? BODY_IDLE_TIMEOUT_MS));
  const corsHandler = corsFor(deps.corsOrigins ?? []);
  if (corsHandler) front.push(corsHandler);

  const services = deps.services;
  const spec = loadOpenApi();
  const validate = openApiValidator(deps.validateResponses ?? false);
  warmers.set(app, () => warmValidator(validate, app, spec));
  // The protocols for translation tools check their own keys, then read their bodies, then check
  // the same contract (issue 15).
  front.push(protocolRoutes(services, { validate, rateLimitPerMinute: deps.rateLimitPerMinute ?? 0 }));
  app.use(inOrder(front));
  // Who may call comes before what they sent: 401 and 403 are answered before a body is read.
  // One handler, not a Router: a Router that runs out of layers leaves through setImmediate, a
  // turn of the event loop for every request that passes (route-gate.ts `inOrder`, issue 12).
  const gate: RequestHandler[] = [];
  const perMinute = deps.rateLimitPerMinute ?? 0;
  if (perMinute > 0) {
    gate.push(rateLimit({
      windowMs: 60_000,
      limit: perMinute,
      // The Bearer key (hashed: rate-limit.ts), or a header that is not one as sent; none: the address.
      keyOf: (req) => bearerKey(req) ?? req.headers.authorization,
      refuse: (_req, res) => sendProblem(res, problem('rate-limited', `More than ${perMinute} requests in a minute.`)),
    }));
  }
  gate.push(authenticate(services.keys), rolesFromSpec(spec, '/api/v1'));
  // In the same mount as the checks before it: each mount strips and restores the URL prefix.
  gate.push(minSeq(services.sync));
  app.use('/api/v1', inOrder(gate));
  app.use(inOrder([jsonBody, onlyUnder(['/', '/docs', '/assets'], consoleRoutes(deps.consoleDir)), ...validate, gated(serviceRoutes(services))]));

  // Each router is entered only by requests under its own paths (route-gate.ts: a lookup walked
  // every route of the routers before the TM routes). The TM routes come first, the lookups
  // first among them (tm.ts): translation tools send those more than anything else, and no other
  // router has a path a TM route could take from it (they share only `/tm`, whose import and
  // export no TM route matches).
  const api = express.Router();
  api.use(gated(tmRoutes(services)));
  api.use(gated(keyRoutes(services)));
  api.use(gated(memoryRoutes(services)));
  api.use(gated(documentRoutes(services)));
  api.use(gated(glossaryRoutes(services)));
  api.use(gated(glossariesRoutes(services)));
  api.use(gated(exchangeRoutes(services)));
  api.use(gated(analysisRoutes(services)));
  app.use('/api/v1', api);

  app.use((req, res) => {
    sendProblem(res, problem('not-found', `No route ${req.method} ${req.path}.`));
  });
  app.use(errorHandler(deps.logger, () => services.storage.recordFull()));
  return app;
}
