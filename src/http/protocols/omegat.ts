/**
 * Files for OmegaT team projects (issue 15) under `/omegat/{linkKey}/`: a repository of
 * `type="http"` whose mappings name `memories/{id}.tmx`, `glossaries/{id}.tbx`,
 * `glossaries/{id}.txt` and `glossaries/{id}.{lang}.txt`. Every file has a strong ETag and answers
 * `If-None-Match` with 304 (see services/protocols/omegat-files.ts for OmegaT's side).
 *
 * `repository.xml` writes the `<repository>` element for the key: every memory it reads, a
 * memory with a penalty under OmegaT's `tm/penalty-NNN/` (OmegaT takes NNN points off the matches
 * of a TMX whose path contains `penalty-NNN`: FindMatches `SEARCH_FOR_PENALTY`,
 * omegat-org/omegat@ba59a847), and every glossary it reaches under `glossary/`.
 */
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { escapeAttr } from '../../formats/xml/writer.js';
import type { Services } from '../../services/container.js';
import type { GlossaryFileFormat } from '../../services/protocols/omegat-files.js';
import { callerOf, pathKey, plainProblems, protocolErrors, protocolGate } from './gate.js';
import { sendFile } from './responses.js';

/** The URL prefix. */
export const OMEGAT_PREFIX = '/omegat';

/** A glossary file name: `{id}.tbx`, `{id}.txt` or `{id}.{lang}.txt`. */
const GLOSSARY_FILE = /^([a-z0-9-]{1,64})(?:\.tbx|\.txt|\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\.txt)$/;

/** OmegaT's folder for a memory read with `penalty` points off (`tm/penalty-010/`), else `tm/`. */
export function omegatTmFolder(penalty: number): string {
  return penalty > 0 ? `tm/penalty-${String(Math.round(penalty)).padStart(3, '0')}/` : 'tm/';
}

/** The OmegaT routes. */
export function omegatRoutes(services: Services, opts: { validate: RequestHandler[]; rateLimitPerMinute: number }): Router {
  const router = Router();
  const files = services.protocols.omegat;
  const base = `${OMEGAT_PREFIX}/:linkKey`;
  router.use(base, protocolGate(services.keys, { rateLimitPerMinute: opts.rateLimitPerMinute, style: plainProblems, ordinary: false, keyOf: pathKey }));

  router.get(`${base}/memories/:id.tmx`, ...opts.validate, async (req, res) => {
    await sendFile(req, res, await files.memory(callerOf(res).principal, String(req.params.id)));
  });

  router.get(`${base}/glossaries/:file`, ...opts.validate, async (req, res) => {
    const name = String(req.params.file);
    const m = GLOSSARY_FILE.exec(name);
    const format: GlossaryFileFormat = name.endsWith('.tbx') ? { format: 'tbx' } : { format: 'txt', ...(m?.[2] ? { targetLang: m[2] } : {}) };
    await sendFile(req, res, await files.glossaryFile(callerOf(res).principal, m?.[1] ?? '', format));
  });

  router.get(`${base}/repository.xml`, ...opts.validate, async (req, res) => {
    const caller = callerOf(res);
    const memories = await services.memories.readable(caller.principal, caller.link.memories);
    const url = `${req.protocol}://${req.get('host') ?? 'localhost'}${OMEGAT_PREFIX}/${pathKey(req) ?? ''}/`;
    const mapping = (local: string, remote: string) => `    <mapping local="${escapeAttr(local)}" repository="${escapeAttr(remote)}"/>`;
    const lines = [
      `<repository type="http" url="${escapeAttr(url)}">`,
      ...memories.map((m) => mapping(`${omegatTmFolder(m.penalty)}${m.id}.tmx`, `memories/${m.id}.tmx`)),
      ...services.glossary.resolveGlossaries(caller.principal).map((g) => mapping(`glossary/${g}.tbx`, `glossaries/${g}.tbx`)),
      '</repository>',
    ];
    res.status(200).type('application/xml; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
  router.use(OMEGAT_PREFIX, protocolErrors(plainProblems));
  return router;
}
