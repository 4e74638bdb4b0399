/**
 * The web console and the API reference, as static files that `npm run build` writes into
 * `dist/console/` (Vite; sources in `console/`): `/` is the console, `/docs` the API reference
 * (Scalar, bundled), `/assets/*` their scripts and styles, content-hashed and cached for a year.
 *
 * Content-Security-Policy: scripts, styles, fonts and connections only from this origin, no
 * inline script and no `eval`; the console needs nothing else (Preact sets styles through the
 * CSSOM, which the policy allows). `/docs` alone also allows inline styles, because Scalar
 * injects its stylesheet at run time (measured in tests/console/docs.test.ts); its scripts
 * stay as strict. `upgrade-insecure-requests` (helmet's default) is left out: Caravan is
 * often reached over plain HTTP on a local network, where upgrading every script request to
 * HTTPS would leave the console blank.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Response, Router } from 'express';
import helmet from 'helmet';
import { PACKAGE_ROOT } from '../version.js';
import { problem, sendProblem } from './problem.js';

/** Where `npm run build` puts the console by default. */
export const CONSOLE_DIR = join(PACKAGE_ROOT, 'dist', 'console');

/** How long browsers may keep a content-hashed asset: a year, the longest HTTP caches honour. */
const ASSET_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

/** helmet's `contentSecurityPolicy.directives` for every response. */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  upgradeInsecureRequests: null,
};

/** The policy of `/docs`: the same, plus inline styles, which Scalar injects. */
const docsPolicy = helmet.contentSecurityPolicy({ directives: { ...CSP_DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"] } });

function sendPage(res: Response, dir: string, file: string): void {
  const path = join(dir, file);
  if (!existsSync(path)) {
    sendProblem(res, problem('not-found', `The web console is not built (${file} is missing): run npm run build.`));
    return;
  }
  res.setHeader('Cache-Control', 'no-cache');
  res.sendFile(path);
}

/** `/`, `/docs` and `/assets/*` from `dir` (default `dist/console`). */
export function consoleRoutes(dir = CONSOLE_DIR): Router {
  const router = Router();
  router.get('/', (_req, res) => sendPage(res, dir, 'index.html'));
  router.get('/docs', docsPolicy, (_req, res) => sendPage(res, dir, 'docs.html'));
  router.use('/assets', express.static(join(dir, 'assets'), { index: false, immutable: true, maxAge: ASSET_MAX_AGE_MS, fallthrough: true }));
  return router;
}
