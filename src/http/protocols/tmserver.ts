/**
 * The tmserver / amaGama protocol (issue 15) under `/tmserver/{linkKey}/`, for Weblate's
 * tmserver backend, Okapi's TranslateToolkitTMConnector (Rainbow, Tikal) and Virtaal. Facts from
 * the clients and servers, not their code:
 *
 * - `GET {base}/{source}/{target}/unit/{text}` answers a JSON list `[{source, target, quality,
 *   rank}]`, best first; amaGama reads `min_similarity` and `max_candidates` (defaults 70 and 5)
 *   and `style` (translate/amagama amagama/views/api.py, tmdb.py, @285b865c). Weblate quotes every
 *   path part with no safe characters (`/` as `%2F`) after cutting the text at 500 characters and
 *   reads `int(quality)`, `target`, `source` (weblate/machinery/tmserver.py and base.py
 *   `get_api_url`, WeblateOrg/weblate@db58819b); Virtaal quotes the same way and appends
 *   `?style=...` (virtaal/support/httpclient.py `RESTRequest`, translate/virtaal@8b0a6fbf); Okapi
 *   encodes with `URLEncoder`, spaces as `%20`, and casts `quality` to a Java Double, so it must be
 *   written `100.0` (TranslateToolkitTMConnector.query, vistatec/vistatec-okapi@b1b0761a).
 * - `GET {base}/{source}/{target}/unit/?source={text}`: amaGama's form for texts with slashes.
 * - `GET {base}/languages/` answers `{sourceLanguages, targetLanguages}`; Weblate asks for it with
 *   the trailing slash and tries each pair of the cross product.
 * - `PUT` (add) and `POST` (update) `{base}/{source}/{target}/unit/{text}` with a JSON body
 *   `{source, target}` answer 200 with an empty body (translate/translate
 *   translate/services/tmserver.py `add_unit`/`update_unit`).
 *
 * Differences, on purpose: an unknown language is an empty list, not amaGama's 404 (Weblate
 * treats a 404 on a unit as an error); there is no JSONP callback (a key-bearing URL must not be
 * readable by any web page); `rank` is the score too (amaGama's full-text rank, which its own
 * code marks for removal; no client reads it).
 */
import { Router } from 'express';
import type { RequestHandler } from 'express';
import type { Services } from '../../services/container.js';
import { DEFAULT_LIMIT, DEFAULT_THRESHOLD } from '../../services/tm/tm-input.js';
import { jsonBody } from '../body.js';
import { intQuery, strQuery } from '../params.js';
import { tmserverCode } from '../../domain/text/client-langs.js';
import { callerOf, pathKey, plainProblems, protocolErrors, protocolGate } from './gate.js';
import { sendJsonWithFractions } from './responses.js';

/** The URL prefix. */
export const TMSERVER_PREFIX = '/tmserver';

/**
 * Brings a tmserver URL into the one shape the contract describes: runs of `/` become one
 * (Virtaal joins a base URL ending in `/` with `/{source}/...`), a text sent with unescaped
 * slashes (older clients quote with `/` safe) is one path segment again, and a single trailing
 * slash after the text is dropped (translate-toolkit's own test asks for `unit/Hello/`).
 */
export const normalizeTmserverUrl: RequestHandler = (req, _res, next) => {
  if (!req.url.startsWith(`${TMSERVER_PREFIX}/`)) {
    next();
    return;
  }
  const q = req.url.indexOf('?');
  const path = (q < 0 ? req.url : req.url.slice(0, q)).replace(/\/{2,}/g, '/');
  const query = q < 0 ? '' : req.url.slice(q);
  const unit = /^(\/tmserver\/[^/]+\/[^/]+\/[^/]+\/unit\/)(.+)$/.exec(path);
  const text = unit?.[2]?.replace(/\/$/, '');
  req.url = (unit && text ? `${unit[1]}${text.replaceAll('/', '%2F')}` : path) + query;
  next();
};

/** The tmserver routes; `validate` is the contract check, run after the key's. */
export function tmserverRoutes(services: Services, opts: { validate: RequestHandler[]; rateLimitPerMinute: number }): Router {
  const router = Router();
  const { lookups } = services.protocols;
  const base = `${TMSERVER_PREFIX}/:linkKey`;
  router.use(base, protocolGate(services.keys, { rateLimitPerMinute: opts.rateLimitPerMinute, style: plainProblems, ordinary: false, keyOf: pathKey }));

  router.get(`${base}/languages`, ...opts.validate, async (_req, res) => {
    const pairs = await lookups.pairs(callerOf(res));
    // Stored tags and their primary subtags, as Weblate spells them: it tries `zh_hans`, then `zh`.
    const codes = (tags: string[]) => [...new Set(tags.flatMap((t) => [tmserverCode(t), tmserverCode(t.split('-')[0] as string)]))].sort();
    res.json({ sourceLanguages: codes(pairs.map((p) => p.sourceLang)), targetLanguages: codes(pairs.map((p) => p.targetLang)) });
  });

  const lookup: RequestHandler = async (req, res) => {
    const text = typeof req.params.text === 'string' ? req.params.text : strQuery(req, 'source') ?? '';
    const matches = await lookups.matches(callerOf(res), String(req.params.source), String(req.params.target), text,
      { threshold: intQuery(req, 'min_similarity', DEFAULT_THRESHOLD), limit: intQuery(req, 'max_candidates', DEFAULT_LIMIT) });
    sendJsonWithFractions(res, matches.map((m) => ({ source: m.unit.source, target: m.target, quality: m.score, rank: m.score })), ['quality', 'rank']);
  };
  router.get(`${base}/:source/:target/unit`, ...opts.validate, lookup);
  router.get(`${base}/:source/:target/unit/:text`, ...opts.validate, lookup);

  const write: RequestHandler = async (req, res) => {
    const body = req.body as { source: string; target: string };
    await lookups.write(callerOf(res), String(req.params.source), String(req.params.target), { source: body.source, target: body.target });
    res.status(200).type('text/plain').send('');
  };
  // The body is read only after the key is accepted.
  router.put(`${base}/:source/:target/unit/:text`, jsonBody, ...opts.validate, write);
  router.post(`${base}/:source/:target/unit/:text`, jsonBody, ...opts.validate, write);
  router.use(TMSERVER_PREFIX, protocolErrors(plainProblems));
  return router;
}
