/** `/api/v1/documents`: create from text or XLIFF, list, read a page of segments, delete. */
import { Router } from 'express';
import { ValidationError } from '../../domain/errors.js';
import type { Services } from '../../services/container.js';
import { principalOf } from '../auth.js';
import { idParam, intQuery, strQuery } from '../params.js';
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

/** Document routes. */
export function documentRoutes(services: Services): Router {
  const router = Router();

  router.get('/documents', async (_req, res) => {
    res.json({ documents: (await services.documents.list()).map(presentDocument) });
  });

  router.post('/documents', async (req, res) => {
    if (req.is(XLIFF_TYPES)) {
      const opts: { name?: string; sourceLang?: string; targetLang?: string } = {};
      for (const key of ['name', 'sourceLang', 'targetLang'] as const) {
        const value = strQuery(req, key);
        if (value) opts[key] = value;
      }
      const doc = await services.xliff.createFromXliff(uploadStream(req, wholeFileLimitOf(req)), opts, principalOf(res));
      res.status(201).location(`/api/v1/documents/${doc.id}`).json(presentDocument(doc));
      return;
    }
    const input = req.is('text/plain')
      ? { name: requiredQuery(strQuery(req, 'name'), 'name'), sourceLang: requiredQuery(strQuery(req, 'sourceLang'), 'sourceLang'),
        targetLang: requiredQuery(strQuery(req, 'targetLang'), 'targetLang'),
        text: await readTextUpload(uploadStream(req, wholeFileLimitOf(req)), req.get('Content-Type')) }
      : (req.body as { name: string; sourceLang: string; targetLang: string; text: string });
    const doc = await services.documents.createFromText(input, principalOf(res));
    res.status(201).location(`/api/v1/documents/${doc.id}`).json(presentDocument(doc));
  });

  router.get('/documents/:id', async (req, res) => {
    const offset = intQuery(req, 'offset', 0);
    const limit = intQuery(req, 'limit', DEFAULT_SEGMENT_PAGE);
    const page = await services.documents.page(idParam(req), offset, limit);
    res.json(presentDocumentPage(page.document, page.segments, offset, limit));
  });

  router.delete('/documents/:id', async (req, res) => {
    await services.documents.delete(idParam(req));
    res.status(204).end();
  });
  return router;
}
