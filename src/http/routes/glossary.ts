/**
 * `/api/v1/glossary`: recognition and QA over the glossaries a request names (`glossaries`, in
 * priority order; every readable one without it), and the routes of the previous release, which
 * keep working for its clients: new entries and imports go to the glossary `default`; reads cover
 * every glossary the key may read; a single entry named by id alone (read, replaced, deleted,
 * history) is looked up in `default` first, then in the other readable glossaries in id order,
 * and `Content-Location` names the glossary it came from.
 * The routes only translate between HTTP and the GlossaryService.
 */
import { Router } from 'express';
import { DEFAULT_COLLECTION } from '../../domain/collections.js';
import type { Services } from '../../services/container.js';
import type { CheckRequest } from '../../services/glossary/glossary.js';
import { principalOf } from '../auth.js';
import { glossariesQuery } from '../params.js';
import { entryQuery, exportOptions, importOptions, importSource, sendEntry, sendExport } from './glossaries.js';

/** Legacy glossary routes, recognition and QA. */
export function glossaryRoutes(services: Services): Router {
  const router = Router();
  const glossary = services.glossary;

  router.post('/glossary/recognize', (req, res) => {
    const body = req.body as { text: string; lang: string; glossaries?: string[] };
    const glossaries = glossary.resolveGlossaries(principalOf(res), body.glossaries);
    res.json({ terms: glossary.recognize(body.text, body.lang, glossaries) });
  });

  router.post('/glossary/check', (req, res) => {
    const { glossaries: requested, ...check } = req.body as CheckRequest & { glossaries?: string[] };
    res.json({ issues: glossary.check(check, glossary.resolveGlossaries(principalOf(res), requested)) });
  });

  router.get('/glossary/entries', async (req, res) => {
    const glossaries = glossariesQuery(req);
    res.json(await glossary.list(principalOf(res), { ...entryQuery(req), ...(glossaries ? { glossaries } : {}) }));
  });

  router.post('/glossary/entries', async (req, res) => {
    const entry = await glossary.create(principalOf(res), DEFAULT_COLLECTION, req.body);
    res.location(`/api/v1/glossary/entries/${entry.id}`);
    sendEntry(res, entry, 201);
  });

  router.get('/glossary/entries/:id', async (req, res) => {
    const principal = principalOf(res);
    const found = await glossary.locate(principal, req.params.id);
    res.setHeader('Content-Location', `/api/v1/glossaries/${found}/entries/${req.params.id}`);
    sendEntry(res, await glossary.get(principal, found, req.params.id));
  });

  // PUT and DELETE act on the entry a GET by id alone returns, so an old client's read-modify-write works.
  router.put('/glossary/entries/:id', async (req, res) => {
    const principal = principalOf(res);
    const found = await glossary.locate(principal, req.params.id, { fallback: DEFAULT_COLLECTION });
    sendEntry(res, await glossary.replace(principal, found, req.params.id, req.body, req.get('If-Match')));
  });

  router.delete('/glossary/entries/:id', async (req, res) => {
    const principal = principalOf(res);
    await glossary.delete(principal, await glossary.locate(principal, req.params.id, { fallback: DEFAULT_COLLECTION }), req.params.id, req.get('If-Match'));
    res.status(204).end();
  });

  router.get('/glossary/entries/:id/history', async (req, res) => {
    const principal = principalOf(res);
    const found = await glossary.locate(principal, req.params.id, { history: true });
    res.json({ glossary: found, entryId: req.params.id, history: await glossary.history(principal, found, req.params.id) });
  });

  router.post('/glossary/import', async (req, res) => {
    res.json(await glossary.importFile(principalOf(res), DEFAULT_COLLECTION, importSource(req), importOptions(req)));
  });

  router.get('/glossary/export', async (req, res) => {
    const principal = principalOf(res);
    const glossaries = glossary.resolveGlossaries(principal, glossariesQuery(req));
    await sendExport(res, await glossary.exportFile(principal, glossaries, exportOptions(req), true));
  });
  return router;
}
