/**
 * `/api/v1/glossary`: recognition, QA checks, the maintainers' entry API with ETags and
 * history, and TBX/CSV/TSV import and export. The routes only translate between HTTP and
 * the GlossaryService; roles come from `x-caravan-role` in openapi.yaml.
 */
import { once } from 'node:events';
import { type Response, Router } from 'express';
import { entityTag } from '../../domain/termbase/entry-rules.js';
import type { TermEntry } from '../../domain/termbase/entry.js';
import type { TermbaseUploadFormat } from '../../formats/registry.js';
import type { ExportFormat } from '../../services/glossary/glossary-exchange.js';
import type { Services } from '../../services/container.js';
import { principalOf } from '../auth.js';
import { intQuery, strQuery } from '../params.js';
import { uploadStream, wholeFileLimitOf } from '../upload.js';

function sendEntry(res: Response, entry: TermEntry, status = 200): void {
  res.status(status).setHeader('ETag', entityTag(entry.id, entry.version));
  res.json(entry);
}

function boolQuery(value: unknown): boolean {
  return value === true || value === 'true' || value === '1';
}

/** Glossary routes. */
export function glossaryRoutes(services: Services): Router {
  const router = Router();
  const glossary = services.glossary;

  router.post('/glossary/recognize', (req, res) => {
    const body = req.body as { text: string; lang: string };
    res.json({ terms: glossary.recognize(body.text, body.lang) });
  });

  router.post('/glossary/check', (req, res) => {
    res.json({ issues: glossary.check(req.body as { source: string; target: string; sourceLang: string; targetLang: string }) });
  });

  router.get('/glossary/entries', (req, res) => {
    res.json(glossary.list({
      q: strQuery(req, 'q'), lang: strQuery(req, 'lang'), status: strQuery(req, 'status'), subjectField: strQuery(req, 'subjectField'),
      cursor: strQuery(req, 'cursor'), limit: intQuery(req, 'limit', 50),
    }));
  });

  router.post('/glossary/entries', async (req, res) => {
    const entry = await glossary.create(req.body, principalOf(res));
    res.location(`/api/v1/glossary/entries/${entry.id}`);
    sendEntry(res, entry, 201);
  });

  router.get('/glossary/entries/:id', (req, res) => {
    sendEntry(res, glossary.get(req.params.id));
  });

  router.put('/glossary/entries/:id', async (req, res) => {
    sendEntry(res, await glossary.replace(req.params.id, req.body, req.get('If-Match'), principalOf(res)));
  });

  router.delete('/glossary/entries/:id', async (req, res) => {
    await glossary.delete(req.params.id, req.get('If-Match'), principalOf(res));
    res.status(204).end();
  });

  router.get('/glossary/entries/:id/history', (req, res) => {
    res.json({ entryId: req.params.id, history: glossary.history(req.params.id) });
  });

  router.post('/glossary/import', async (req, res) => {
    const report = await glossary.importFile(uploadStream(req, wholeFileLimitOf(req)), {
      format: strQuery(req, 'format') as TermbaseUploadFormat | undefined, mediaType: req.get('Content-Type'), dryRun: boolQuery(req.query.dryRun),
    }, principalOf(res));
    res.json(report);
  });

  router.get('/glossary/export', async (req, res) => {
    const raw = (req.query as Record<string, unknown>).langs;
    const langs = (Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : []).map((l) => l.trim()).filter(Boolean);
    const file = glossary.exportFile({ format: (strQuery(req, 'format') ?? 'tbx') as ExportFormat, ...(langs.length ? { langs } : {}), includeTraditional: boolQuery(req.query.includeTraditional) });
    res.status(200).attachment(file.filename).type(file.mediaType).setHeader('X-Caravan-Concepts', String(file.concepts));
    for (const chunk of file.chunks) {
      if (!res.write(chunk)) await once(res, 'drain');
    }
    res.end();
  });
  return router;
}
