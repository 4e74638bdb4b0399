/** `GET /api/v1/documents/{id}/analysis`: match bands for quoting, as JSON, CSV or printable HTML. */
import { Router } from 'express';
import { type Band, parseWeights } from '../../domain/analysis/bands.js';
import { ValidationError } from '../../domain/errors.js';
import { analysisCsv, analysisHtml } from '../../formats/analysis-report.js';
import type { Services } from '../../services/container.js';
import { principalOf } from '../auth.js';
import { idParam, intQuery, memoriesQuery, strQuery } from '../params.js';
import { presentSection } from '../presenters.js';

function weightsOf(spec: string | undefined): Partial<Record<Band, number>> | undefined {
  if (spec === undefined || spec.trim() === '') return undefined;
  try {
    return parseWeights(spec);
  } catch (err) {
    const message = (err as Error).message;
    throw new ValidationError(`weights: ${message}`, [{ path: '/query/weights', message }]);
  }
}

/** The analysis route. */
export function analysisRoutes(services: Services): Router {
  const router = Router();
  router.get('/documents/:id/analysis', async (req, res) => {
    const format = strQuery(req, 'format') ?? 'json';
    const weights = weightsOf(strQuery(req, 'weights'));
    const memories = memoriesQuery(req);
    const section = strQuery(req, 'section') === undefined ? undefined : intQuery(req, 'section', 0);
    const { document, section: analysed, result } = await services.analysis.analyse(idParam(req), principalOf(res),
      { ...(weights ? { weights } : {}), ...(memories ? { memories } : {}), ...(section === undefined ? {} : { section }) });
    const base = document.name.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || `document-${document.id}`;
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${base}.analysis.csv`).send(analysisCsv(result));
    } else if (format === 'html') {
      res.type('text/html; charset=utf-8').send(analysisHtml(result, { document: document.name, title: document.meta.title, ...(analysed ? { section: analysed } : {}),
        sourceLang: document.sourceLang, targetLang: document.targetLang, generatedAt: new Date().toISOString() }));
    } else {
      res.json({ document: { id: document.id, name: document.name, sourceLang: document.sourceLang, targetLang: document.targetLang },
        ...(analysed ? { section: presentSection(analysed) } : {}), unit: result.unit, bands: result.bands, total: result.total });
    }
  });
  return router;
}
