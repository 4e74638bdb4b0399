/**
 * `createApp(deps)`: the Express application, without `listen()`, so tests drive it with
 * supertest. Order: security headers, request log, body parsers; for `/api/v1` the rate
 * limit, authentication and the role each operation declares (`x-caravan-role` in
 * openapi.yaml); the console's static files; then contract validation, the routes, a 404
 * for anything else, and the problem+json error handler last.
 */
import { createHash } from 'node:crypto';
import express, { type Express } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Services } from '../services/container.js';
import { authenticate, rolesFromSpec } from './auth.js';
import { jsonBody, textBody } from './body.js';
import { CSP_DIRECTIVES, consoleRoutes } from './console.js';
import { loadOpenApi, openApiValidator } from './openapi.js';
import { errorHandler, problem, sendProblem } from './problem.js';
import { analysisRoutes } from './routes/analysis.js';
import { documentRoutes } from './routes/documents.js';
import { glossariesRoutes } from './routes/glossaries.js';
import { glossaryRoutes } from './routes/glossary.js';
import { exchangeRoutes } from './routes/exchange.js';
import { keyRoutes } from './routes/keys.js';
import { memoryRoutes } from './routes/memories.js';
import { serviceRoutes } from './routes/service.js';
import { tmRoutes } from './routes/tm.js';

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
}

/** Builds the HTTP application. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(helmet({ contentSecurityPolicy: { directives: CSP_DIRECTIVES } }));
  app.use(pinoHttp({
    logger: deps.logger,
    // Never log the Authorization header (the key) or bodies; the key id is enough.
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.replace(/([?&](?:key|token)=)[^&]*/gi, '$1[redacted]') }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customProps: (_req, res) => ({ keyId: (res as express.Response).locals?.principal?.keyId }),
  }));
  app.use(jsonBody);
  app.use(textBody);

  const services = deps.services;
  const spec = loadOpenApi();
  // Who may call comes before what they sent: 401 and 403 are answered before a 400.
  const gate = express.Router();
  if ((deps.rateLimitPerMinute ?? 0) > 0) {
    gate.use(rateLimit({
      windowMs: 60_000,
      limit: deps.rateLimitPerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (req) => {
        const auth = req.headers.authorization;
        return auth ? createHash('sha256').update(auth).digest('base64url') : ipKeyGenerator(req.ip ?? '');
      },
      handler: (_req, res) => sendProblem(res, problem('rate-limited', `More than ${deps.rateLimitPerMinute} requests in a minute.`)),
    }));
  }
  gate.use(authenticate(services.keys));
  app.use('/api/v1', gate);
  app.use(rolesFromSpec(spec));
  app.use(consoleRoutes(deps.consoleDir));
  app.use(openApiValidator(deps.validateResponses ?? false));
  app.use(serviceRoutes(services));

  const api = express.Router();
  api.use(keyRoutes(services));
  api.use(memoryRoutes(services));
  api.use(documentRoutes(services));
  api.use(glossaryRoutes(services));
  api.use(glossariesRoutes(services));
  api.use(exchangeRoutes(services));
  api.use(analysisRoutes(services));
  api.use(tmRoutes(services));
  app.use('/api/v1', api);

  app.use((req, res) => {
    sendProblem(res, problem('not-found', `No route ${req.method} ${req.path}.`));
  });
  app.use(errorHandler(deps.logger));
  return app;
}
