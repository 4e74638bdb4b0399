/**
 * `/api/v1/glossaries`: glossaries as collections (reads: reader; writes: admin) and, per
 * glossary, its entries (ETags, If-Match, history), import and export. The routes only translate
 * between HTTP and the GlossaryService; roles come from `x-caravan-role` in openapi.yaml, scopes
 * and read-only flags from the service.
 */
import { once } from 'node:events';
import { type Request, type Response, Router } from 'express';
import { entityTag } from '../../domain/termbase/entry-rules.js';
import type { TermEntry } from '../../domain/termbase/entry.js';
import type { Services } from '../../services/container.js';
import type { GlossaryChanges, GlossaryInput } from '../../services/glossary/glossary-collections.js';
import type { TermbaseUploadFormat } from '../../formats/registry.js';
import type { ExportFile, ExportFormat } from '../../services/glossary/glossary-exchange.js';
import type { EntryQuery } from '../../services/glossary/glossary.js';
import { principalOf } from '../auth.js';
import { flagQuery, intQuery, strQuery } from '../params.js';
import { uploadStream, wholeFileLimitOf } from '../upload.js';

/** Sends an entry with its ETag. */
export function sendEntry(res: Response, entry: TermEntry, status = 200): void {
  res.status(status).setHeader('ETag', entityTag(entry.id, entry.version));
  res.json(entry);
}

/** The listing parameters of `GET .../entries`. */
export function entryQuery(req: Request): EntryQuery {
  return { q: strQuery(req, 'q'), lang: strQuery(req, 'lang'), status: strQuery(req, 'status'), subjectField: strQuery(req, 'subjectField'),
    cursor: strQuery(req, 'cursor'), limit: intQuery(req, 'limit', 50) };
}

/** The options of an import request. */
export function importOptions(req: Request): { format?: TermbaseUploadFormat; mediaType?: string; dryRun: boolean } {
  const format = strQuery(req, 'format') as TermbaseUploadFormat | undefined;
  const mediaType = req.get('Content-Type');
  return { ...(format ? { format } : {}), ...(mediaType ? { mediaType } : {}), dryRun: flagQuery(req, 'dryRun') };
}

/** The request body of an import: a text body already read, or the upload stream. */
export function importSource(req: Request): AsyncIterable<Uint8Array> {
  return uploadStream(req, wholeFileLimitOf(req));
}

/** The options of an export request. */
export function exportOptions(req: Request): { format: ExportFormat; langs?: string[]; includeTraditional: boolean } {
  const raw = (req.query as Record<string, unknown>).langs;
  const langs = (Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : []).map((l) => l.trim()).filter(Boolean);
  return { format: (strQuery(req, 'format') ?? 'tbx') as ExportFormat, ...(langs.length ? { langs } : {}), includeTraditional: flagQuery(req, 'includeTraditional') };
}

/** Streams an export as an attachment, with backpressure. */
export async function sendExport(res: Response, file: ExportFile): Promise<void> {
  res.status(200).attachment(file.filename).type(file.mediaType).setHeader('X-Caravan-Concepts', String(file.concepts));
  for (const chunk of file.chunks) {
    if (!res.write(chunk)) await once(res, 'drain');
  }
  res.end();
}

/** Glossary collection and per-glossary routes. */
export function glossariesRoutes(services: Services): Router {
  const router = Router();
  const glossary = services.glossary;

  router.get('/glossaries', (_req, res) => {
    res.json({ glossaries: glossary.listGlossaries(principalOf(res)) });
  });

  router.post('/glossaries', async (req, res) => {
    const created = await glossary.createGlossary(principalOf(res), req.body as GlossaryInput);
    res.status(201).location(`/api/v1/glossaries/${created.id}`).json(created);
  });

  router.get('/glossaries/:id', (req, res) => {
    res.json(glossary.getGlossary(principalOf(res), req.params.id));
  });

  router.patch('/glossaries/:id', async (req, res) => {
    res.json(await glossary.updateGlossary(principalOf(res), req.params.id, req.body as GlossaryChanges));
  });

  router.delete('/glossaries/:id', async (req, res) => {
    await glossary.deleteGlossary(principalOf(res), req.params.id, { force: flagQuery(req, 'force') });
    res.status(204).end();
  });

  router.get('/glossaries/:id/entries', async (req, res) => {
    res.json(await glossary.list(principalOf(res), { ...entryQuery(req), glossaries: [req.params.id] }));
  });

  router.post('/glossaries/:id/entries', async (req, res) => {
    const entry = await glossary.create(principalOf(res), req.params.id, req.body);
    res.location(`/api/v1/glossaries/${entry.glossary}/entries/${entry.id}`);
    sendEntry(res, entry, 201);
  });

  router.get('/glossaries/:id/entries/:entryId', async (req, res) => {
    sendEntry(res, await glossary.get(principalOf(res), req.params.id, req.params.entryId));
  });

  router.put('/glossaries/:id/entries/:entryId', async (req, res) => {
    sendEntry(res, await glossary.replace(principalOf(res), req.params.id, req.params.entryId, req.body, req.get('If-Match')));
  });

  router.delete('/glossaries/:id/entries/:entryId', async (req, res) => {
    await glossary.delete(principalOf(res), req.params.id, req.params.entryId, req.get('If-Match'));
    res.status(204).end();
  });

  router.get('/glossaries/:id/entries/:entryId/history', async (req, res) => {
    const history = await glossary.history(principalOf(res), req.params.id, req.params.entryId);
    res.json({ glossary: req.params.id, entryId: req.params.entryId, history });
  });

  router.post('/glossaries/:id/import', async (req, res) => {
    res.json(await glossary.importFile(principalOf(res), req.params.id, importSource(req), importOptions(req)));
  });

  router.get('/glossaries/:id/export', async (req, res) => {
    await sendExport(res, await glossary.exportFile(principalOf(res), [req.params.id], exportOptions(req)));
  });
  return router;
}
