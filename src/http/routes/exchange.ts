/**
 * Exchange routes: `GET|PUT /documents/{id}/xliff` (export for a CAT tool, import back) and
 * `POST /tm/import`, `GET /tm/export` (TMX). Uploads are streamed to the format readers,
 * downloads are streamed to the client with backpressure.
 */
import { type Response, Router } from 'express';
import type { Services } from '../../services/container.js';
import type { TmxImportOptions } from '../../services/exchange/tmx-exchange.js';
import { DEFAULT_FILL } from '../../services/exchange/xliff-exchange.js';
import { principalOf } from '../auth.js';
import { filterQuery, flagQuery, glossariesQuery, idParam, intQuery, memoriesQuery, strQuery } from '../params.js';
import { uploadStream, wholeFileLimitOf } from '../upload.js';

/** Media types an XLIFF upload may have. */
export const XLIFF_TYPES = ['application/xliff+xml', 'application/x-xliff+xml', 'application/xml', 'text/xml'];

/** Resolves when the response can take more data, or has been closed. */
function writable(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Writes chunks to the response, waiting for the socket to drain; stops if the client goes away.
 * A HEAD request gets the headers only, and the chunks are never made: Node drops a HEAD
 * response's writes and reports them flushed at once, so walking a whole export for it would
 * hold the event loop until the last unit.
 */
export async function sendChunks(res: Response, chunks: Iterable<string> | AsyncIterable<string>): Promise<void> {
  if (res.req.method === 'HEAD') {
    const started = chunks as Partial<AsyncIterator<string>>;
    if (typeof started.return === 'function') await started.return();
    res.end();
    return;
  }
  for await (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) await writable(res);
  }
  res.end();
}

/** The exchange routes. */
export function exchangeRoutes(services: Services): Router {
  const router = Router();

  router.get('/documents/:id/xliff', async (req, res) => {
    const memories = memoriesQuery(req);
    const glossaries = glossariesQuery(req);
    const out = await services.xliff.exportDocument(idParam(req), {
      version: strQuery(req, 'version') === '2.1' ? '2.1' : '1.2',
      fill: intQuery(req, 'fill', DEFAULT_FILL),
      untranslatedTarget: strQuery(req, 'untranslatedTarget') === 'empty' ? 'empty' : 'source',
      ...(memories ? { memories } : {}), ...(glossaries ? { glossaries } : {}),
      ...(strQuery(req, 'section') === undefined ? {} : { section: intQuery(req, 'section', 0) }),
    }, principalOf(res));
    res.status(200).attachment(out.filename).type(`${out.mediaType}; charset=utf-8`);
    await sendChunks(res, out.chunks);
  });

  router.put('/documents/:id/xliff', async (req, res) => {
    const id = idParam(req);
    const memory = strQuery(req, 'memory');
    const glossaries = glossariesQuery(req);
    res.json(await services.xliff.importDocument(id, uploadStream(req, wholeFileLimitOf(req)), principalOf(res), { ...(memory ? { memory } : {}), ...(glossaries ? { glossaries } : {}) }));
  });

  router.post('/tm/import', async (req, res) => {
    const by = principalOf(res);
    const opts: TmxImportOptions = { memory: await services.memories.writable(by, strQuery(req, 'memory')), dryRun: flagQuery(req, 'dryRun') };
    const sourceLang = strQuery(req, 'sourceLang');
    const targetLang = strQuery(req, 'targetLang');
    if (sourceLang) opts.sourceLang = sourceLang;
    if (targetLang) opts.targetLang = targetLang;
    const bytes = Number(req.headers['content-length']);
    if (Number.isFinite(bytes) && bytes >= 0) opts.bytes = bytes;
    res.json({ memory: opts.memory, ...(await services.tmx.importTmx(uploadStream(req), opts, by)) });
  });

  router.get('/tm/export', async (req, res) => {
    const filter = await services.maintenance.resolve(principalOf(res), filterQuery(req), 'read');
    res.status(200).attachment(services.tmx.exportName(filter)).type('application/x-tmx+xml; charset=utf-8');
    await sendChunks(res, services.tmx.exportTmx(services.maintenance.walk(filter), filter.sourceLang));
  });
  return router;
}
