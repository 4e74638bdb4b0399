/**
 * `/api/v1/documents`: create from text or XLIFF (with project settings: memories to read, the
 * memory to write, glossaries), list, read a page of segments, change settings, delete.
 */
import { type Request, Router } from 'express';
import type { ProjectSettings } from '../../domain/document/document.js';
import { ValidationError } from '../../domain/errors.js';
import type { Services } from '../../services/container.js';
import { principalOf } from '../auth.js';
import { glossariesQuery, idParam, intQuery, memoriesQuery, strQuery } from '../params.js';
import { presentDocument, presentDocumentPage } from '../presenters.js';
import { readTextUpload } from '../../formats/registry.js';
import { uploadStream, wholeFileLimitOf } from '../upload.js';
import { XLIFF_TYPES } from './exchange.js';

/** Default and largest page of segments. */
const DEFAULT_SEGMENT_PAGE = 100;

function requiredQuery(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === '') {
    throw new ValidationError(`query parameter ${name} is required with a text/plain body`, [{ path: `/query/${name}`, message: 'is required' }]);
  }
  return value;
}

/** Project settings from the query string of a text or XLIFF upload (`memories`, `memory`, `glossaries`). */
function settingsQuery(req: Request): Partial<ProjectSettings> | undefined {
  const memories = memoriesQuery(req);
  const writeMemory = strQuery(req, 'memory');
  const glossaries = glossariesQuery(req);
  if (!memories && !writeMemory && !glossaries) return undefined;
  return { ...(memories ? { memories } : {}), ...(writeMemory ? { writeMemory } : {}), ...(glossaries ? { glossaries } : {}) };
}

/** Document routes. */
export function documentRoutes(services: Services): Router {
  const router = Router();

  router.get('/documents', async (_req, res) => {
    res.json({ documents: (await services.documents.list(principalOf(res))).map(presentDocument) });
  });

  router.post('/documents', async (req, res) => {
    if (req.is(XLIFF_TYPES)) {
      const opts: { name?: string; sourceLang?: string; targetLang?: string; settings?: Partial<ProjectSettings> } = {};
      for (const key of ['name', 'sourceLang', 'targetLang'] as const) {
        const value = strQuery(req, key);
        if (value) opts[key] = value;
      }
      const settings = settingsQuery(req);
      if (settings) opts.settings = settings;
      const doc = await services.xliff.createFromXliff(uploadStream(req, wholeFileLimitOf(req)), opts, principalOf(res));
      res.status(201).location(`/api/v1/documents/${doc.id}`).json(presentDocument(doc));
      return;
    }
    const settings = settingsQuery(req);
    const input = req.is('text/plain')
      ? { name: requiredQuery(strQuery(req, 'name'), 'name'), sourceLang: requiredQuery(strQuery(req, 'sourceLang'), 'sourceLang'),
        targetLang: requiredQuery(strQuery(req, 'targetLang'), 'targetLang'),
        text: await readTextUpload(uploadStream(req, wholeFileLimitOf(req)), req.get('Content-Type')), ...(settings ? { settings } : {}) }
      : (req.body as { name: string; sourceLang: string; targetLang: string; text: string; settings?: Partial<ProjectSettings> });
    const doc = await services.documents.createFromText(input, principalOf(res));
    res.status(201).location(`/api/v1/documents/${doc.id}`).json(presentDocument(doc));
  });

  router.get('/documents/:id', async (req, res) => {
    const offset = intQuery(req, 'offset', 0);
    const limit = intQuery(req, 'limit', DEFAULT_SEGMENT_PAGE);
    const page = await services.documents.page(idParam(req), offset, limit, principalOf(res));
    res.json(presentDocumentPage(page.document, page.sections, page.segments, offset, limit));
  });

  router.patch('/documents/:id', async (req, res) => {
    const body = req.body as { settings: Partial<ProjectSettings> };
    res.json(presentDocument(await services.documents.updateSettings(idParam(req), body.settings, principalOf(res))));
  });

  router.delete('/documents/:id', async (req, res) => {
    await services.documents.delete(idParam(req), principalOf(res));
    res.status(204).end();
  });
  return router;
}
