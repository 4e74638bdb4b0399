/**
 * `/api/v1/tm`: translation units (write: translator; read: reader), copy and move between
 * memories, maintenance by filter (list, bulk delete, search and replace), lookups, batch
 * lookups, concordance and stats, each over the memories the key reaches (or those the request
 * names). Routes only translate between HTTP and the services.
 */
import { Router } from 'express';
import { ValidationError } from '../../domain/errors.js';
import type { Services } from '../../services/container.js';
import type { LookupOptions } from '../../services/tm/lookup.js';
import type { UnitFilterInput } from '../../services/tm/maintenance.js';
import type { ReplaceRule } from '../../domain/tm/replace.js';
import type { LookupSegment } from '../../services/tm/tm-search.js';
import type { UnitInput } from '../../services/tm/tm-input.js';
import { principalOf } from '../auth.js';
import { filterQuery, idParam, intQuery, memoriesQuery, strQuery } from '../params.js';
import { presentConcordance, presentMatch, presentUnit } from '../tm-presenters.js';

/** Default page of units. */
const DEFAULT_UNIT_PAGE = 100;

type UnitWrite = UnitInput & { memory?: string };

/** TM routes. */
export function tmRoutes(services: Services): Router {
  const router = Router();
  const { tm, memories, maintenance } = services;
  const writable = (by: ReturnType<typeof principalOf>) => (memory: string) => memories.writable(by, memory);

  // The lookups first: Express tries a router's routes in order, and translation tools call these
  // more than all the others (no route below matches their paths).
  router.post('/tm/lookup', async (req, res) => {
    const result = await services.lookup.lookup(req.body as LookupOptions & LookupSegment, principalOf(res));
    res.json({ matches: result.matches.map(presentMatch), terms: result.terms });
  });

  router.post('/tm/lookup/batch', async (req, res) => {
    const results = await services.lookup.lookupBatch(req.body as LookupOptions & { segments: LookupSegment[] }, principalOf(res));
    res.json({ results: results.map((r) => ({ matches: r.matches.map(presentMatch), terms: r.terms })) });
  });

  router.post('/tm/units', async (req, res) => {
    const by = principalOf(res);
    const body = req.body as UnitWrite | { memory?: string; units: UnitInput[] };
    const memory = await memories.writable(by, body.memory);
    const units = 'units' in body ? body.units : (({ memory: _m, ...unit }: UnitWrite) => unit)(body);
    res.status(201).json({ memory, ...(await tm.addUnits(memory, units, by)) });
  });

  router.get('/tm/units', async (req, res) => {
    const filter = await maintenance.resolve(principalOf(res), filterQuery(req), 'read');
    const page = await maintenance.page(filter, strQuery(req, 'cursor'), intQuery(req, 'limit', DEFAULT_UNIT_PAGE));
    res.json({ units: page.units.map(presentUnit), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
  });

  router.post('/tm/units/delete', async (req, res) => {
    const body = req.body as { filter: UnitFilterInput; token?: string };
    res.json(await maintenance.delete(await maintenance.resolve(principalOf(res), body.filter, 'write'), body.token));
  });

  router.post('/tm/units/replace', async (req, res) => {
    const by = principalOf(res);
    const body = req.body as { filter: UnitFilterInput; find: string; replacement: string; regex?: boolean; caseSensitive?: boolean; token?: string };
    const rule: ReplaceRule = { find: body.find, replacement: body.replacement, regex: body.regex === true, caseSensitive: body.caseSensitive !== false };
    res.json(await maintenance.replace(await maintenance.resolve(by, body.filter, 'write'), rule, by, body.token));
  });

  for (const mode of ['copy', 'move'] as const) {
    router.post(`/tm/units/${mode}`, async (req, res) => {
      const by = principalOf(res);
      const body = req.body as { ids: number[]; to: string };
      const to = await memories.writable(by, body.to);
      const result = await tm.transfer(body.ids, to, mode, by, writable(by));
      res.json({ to, mode, written: result.written, merged: result.merged, removed: result.removed });
    });
  }

  router.get('/tm/units/:id', async (req, res) => {
    res.json(presentUnit(await tm.getUnit(idParam(req), principalOf(res))));
  });

  router.put('/tm/units/:id', async (req, res) => {
    const by = principalOf(res);
    const { memory, ...unit } = req.body as UnitWrite;
    res.json(presentUnit(await tm.replaceUnit(idParam(req), unit, by, async (current) => {
      if (memory !== undefined && memory !== current) {
        throw new ValidationError(`memory: unit ${idParam(req)} is in "${current}"; move it with POST /api/v1/tm/units/move`,
          [{ path: '/memory', message: `must be "${current}" (the unit's memory) or absent` }]);
      }
      return memories.writable(by, current);
    })));
  });

  router.delete('/tm/units/:id', async (req, res) => {
    const by = principalOf(res);
    await tm.deleteUnit(idParam(req), by, writable(by));
    res.status(204).end();
  });

  router.get('/tm/stats', async (req, res) => {
    const read = await memories.readable(principalOf(res), memoriesQuery(req));
    res.json(await tm.stats(read.map((m) => m.id)));
  });

  router.get('/tm/concordance', async (req, res) => {
    const read = await memories.readable(principalOf(res), memoriesQuery(req));
    const side = strQuery(req, 'side') === 'target' ? 'target' : 'source';
    const limit = strQuery(req, 'limit') === undefined ? undefined : intQuery(req, 'limit', 0);
    const result = await tm.concordance({ q: strQuery(req, 'q') ?? '', side, memories: read.map((m) => m.id),
      ...(limit === undefined ? {} : { limit }),
      ...(strQuery(req, 'sourceLang') ? { sourceLang: strQuery(req, 'sourceLang') as string } : {}),
      ...(strQuery(req, 'targetLang') ? { targetLang: strQuery(req, 'targetLang') as string } : {}) });
    res.json(presentConcordance(result));
  });
  return router;
}
