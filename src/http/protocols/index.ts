/**
 * The protocol routes (issue 15): what translation tools call with a link key, each protocol in
 * its own router with its own key check and per-key rate limit: `/tmserver/{linkKey}/` (Weblate,
 * Okapi, Virtaal), `/omegat/{linkKey}/` (OmegaT team projects), `/apy/{linkKey}/` (Apertium APy
 * clients: OmegaT, Weblate) and `/libretranslate/` (Weblate and other LibreTranslate clients).
 *
 * They are mounted before the `/api/v1` pipeline: a protocol authenticates its own way (a key in
 * the path or in `api_key`), then the contract check (`validate`, the same openapi.yaml
 * validator) runs per route, so a bad key is a 401 before any 400, as on `/api/v1`.
 */
import type { RequestHandler } from 'express';
import type { Services } from '../../services/container.js';
import { inOrder, onlyUnder } from '../route-gate.js';
import { APY_PREFIX, apyRoutes } from './apy.js';
import { LIBRETRANSLATE_PREFIX, libretranslateRoutes } from './libretranslate.js';
import { OMEGAT_PREFIX, omegatRoutes } from './omegat.js';
import { normalizeTmserverUrl, TMSERVER_PREFIX, tmserverRoutes } from './tmserver.js';

/** What the protocol routers need from the app. */
export interface ProtocolOptions {
  /** The contract check (express-openapi-validator over openapi.yaml). */
  validate: RequestHandler[];
  /** Requests per minute per key; 0 turns the limit off (tests). */
  rateLimitPerMinute: number;
}

/** Every protocol router. */
export function protocolRoutes(services: Services, opts: ProtocolOptions): RequestHandler {
  // Each protocol's router is entered only under its prefix (route-gate.ts), and the list is one
  // handler, not a Router: every other request passed through it and, leaving a Router that ran
  // out of layers, took a turn of the event loop (`inOrder`, issue 12).
  return inOrder([
    normalizeTmserverUrl,
    onlyUnder([TMSERVER_PREFIX], tmserverRoutes(services, opts)),
    onlyUnder([OMEGAT_PREFIX], omegatRoutes(services, opts)),
    onlyUnder([APY_PREFIX], apyRoutes(services, opts)),
    onlyUnder([LIBRETRANSLATE_PREFIX], libretranslateRoutes(services, opts)),
  ]);
}
