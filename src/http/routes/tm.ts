/**
 * `/api/v1/tm`: translation units (write: translator; read: reader), lookups, batch lookups,
 * concordance and stats. Routes only translate between HTTP and the TM service.
 */
import { Router } from 'express';
import type { Services } from '../../services/container.js';
import type { BatchLookupRequest, LookupRequest } from '../../services/tm/tm.js';
import type { UnitInput } from '../../services/tm/tm-input.js';
import { principalOf } from '../auth.js';
import { idParam, intQuery, strQuery } from '../params.js';
import { presentConcordance, presentMatch, presentUnit } from '../tm-presenters.js';

/** Default page of units. */
const DEFAULT_UNIT_PAGE = 100;

/** TM routes. */
export function tmRoutes(services: Services): Router {
  const router = Router();
  const tm = services.tm;

  router.post('/tm/units', async (req, res) => {
    const body = req.body as UnitInput | { units: UnitInput[] };
    const result = await tm.addUnits('units' in body ? body.units : body, principalOf(res));
    res.status(201).json(result);
  });

  router.get('/tm/units', async (req, res) => {
    const page = await tm.listUnits({ sourceLang: strQuery(req, 'sourceLang'), targetLang: strQuery(req, 'targetLang'),
      cursor: strQuery(req, 'cursor'), limit: intQuery(req, 'limit', DEFAULT_UNIT_PAGE) });
    res.json({ units: page.units.map(presentUnit), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
  });

  router.get('/tm/units/:id', async (req, res) => {
    res.json(presentUnit(await tm.getUnit(idParam(req))));
  });

  router.put('/tm/units/:id', async (req, res) => {
    res.json(presentUnit(await tm.replaceUnit(idParam(req), req.body as UnitInput, principalOf(res))));
  });

  router.delete('/tm/units/:id', async (req, res) => {
    await tm.deleteUnit(idParam(req));
    res.status(204).end();
  });

  router.get('/tm/stats', async (_req, res) => {
    res.json(await tm.stats());
  });

  router.post('/tm/lookup', async (req, res) => {
    const result = await services.lookup.lookup(req.body as LookupRequest);
    res.json({ matches: result.matches.map(presentMatch), terms: result.terms });
  });

  router.post('/tm/lookup/batch', async (req, res) => {
    const results = await services.lookup.lookupBatch(req.body as BatchLookupRequest);
    res.json({ results: results.map((r) => ({ matches: r.matches.map(presentMatch), terms: r.terms })) });
  });

  router.get('/tm/concordance', async (req, res) => {
    const side = strQuery(req, 'side') === 'target' ? 'target' : 'source';
    const limit = strQuery(req, 'limit') === undefined ? undefined : intQuery(req, 'limit', 0);
    const result = await tm.concordance({ q: strQuery(req, 'q') ?? '', side,
      ...(limit === undefined ? {} : { limit }),
      ...(strQuery(req, 'sourceLang') ? { sourceLang: strQuery(req, 'sourceLang') as string } : {}),
      ...(strQuery(req, 'targetLang') ? { targetLang: strQuery(req, 'targetLang') as string } : {}) });
    res.json(presentConcordance(result));
  });
  return router;
}
