/**
 * LibreTranslate's API (issue 15) under `/libretranslate`, answering with the best TM match.
 * Facts from the server (libretranslate/app.py and language.py, LibreTranslate/LibreTranslate@39429cbe)
 * and from Weblate's client (weblate/machinery/libretranslate.py, WeblateOrg/weblate@19117864):
 *
 * - `POST /translate` takes JSON or a form with `q` (a string or a list), `source`, `target`,
 *   `api_key`, optionally `format` and `alternatives`, and answers `{translatedText}` (a string,
 *   or a list in the order of `q`), plus `alternatives` when asked for; text it cannot translate
 *   comes back unchanged ("Cannot translate, send the original text back"). Errors are
 *   `{"error": "..."}`; codes are read case-insensitively, with the aliases `zh`, `zt`, `pb`.
 * - `GET /languages` answers `[{code, name, targets}]` and needs no key; Weblate asks for it
 *   without one and posts `{api_key, q: [...], source, target}` with the key from its settings.
 *
 * Here: `api_key` may be a link key or an ordinary key (it travels in a body, not a URL); with no
 * match at or above {@link SUGGESTION_THRESHOLD}, or for a language the key has no memory for,
 * the text comes back unchanged, as LibreTranslate does; `alternatives` are the next best
 * matches. `/languages` lists the key's languages when it is given `api_key`, else the languages
 * of every memory (codes only, no content). `source: "auto"` is a 400: there is no detection.
 */
import express, { Router } from 'express';
import type { RequestHandler } from 'express';
import { SYSTEM_PRINCIPAL } from '../../domain/auth/roles.js';
import { ValidationError } from '../../domain/errors.js';
import { libretranslateCodes } from '../../domain/text/client-langs.js';
import type { Services } from '../../services/container.js';
import type { ProtocolCaller } from '../../services/keys.js';
import { SUGGESTION_THRESHOLD } from '../../services/protocols/link-lookups.js';
import { JSON_LIMIT_BYTES, jsonBody } from '../body.js';
import { strQuery } from '../params.js';
import { type ProblemStyle, callerOf, protocolErrors, protocolGate } from './gate.js';

/** The URL prefix. */
export const LIBRETRANSLATE_PREFIX = '/libretranslate';

/** LibreTranslate's error member. */
export const libretranslateProblems: ProblemStyle = (p) => ({ error: p.detail });

/** Display names for `/languages`. */
const NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

interface TranslateBody {
  q: string | string[];
  source: string;
  target: string;
  api_key?: string;
  alternatives?: number;
}

/** The LibreTranslate routes. */
export function libretranslateRoutes(services: Services, opts: { validate: RequestHandler[]; rateLimitPerMinute: number }): Router {
  const router = Router();
  const { lookups } = services.protocols;
  const keyOf = (req: express.Request): string | undefined => {
    const fromBody = (req.body as { api_key?: unknown } | undefined)?.api_key;
    return typeof fromBody === 'string' && fromBody ? fromBody : strQuery(req, 'api_key') || undefined;
  };
  const gated = Router();
  gated.use(protocolGate(services.keys, { rateLimitPerMinute: opts.rateLimitPerMinute, style: libretranslateProblems, ordinary: true, keyOf }));
  // JSON and forms, as LibreTranslate takes them; read before the key, which travels in the body.
  router.use(LIBRETRANSLATE_PREFIX, jsonBody, express.urlencoded({ extended: false, limit: JSON_LIMIT_BYTES }));
  router.use(`${LIBRETRANSLATE_PREFIX}/translate`, gated);
  router.use(`${LIBRETRANSLATE_PREFIX}/languages`, (req, res, next) => (keyOf(req) ? gated(req, res, next) : next()));

  router.get(`${LIBRETRANSLATE_PREFIX}/languages`, ...opts.validate, async (_req, res) => {
    const caller: ProtocolCaller = (res.locals.caller as ProtocolCaller | undefined) ?? { principal: SYSTEM_PRINCIPAL, link: {} };
    const targets = new Map<string, Set<string>>();
    for (const p of await lookups.pairs(caller)) {
      const [s, t] = [p.sourceLang.split('-')[0] as string, p.targetLang.split('-')[0] as string];
      for (const code of libretranslateCodes(s)) {
        const set = targets.get(code) ?? new Set<string>();
        for (const target of libretranslateCodes(t)) set.add(target);
        targets.set(code, set);
      }
    }
    res.json([...targets].sort(([a], [b]) => a.localeCompare(b)).map(([code, set]) => ({ code, name: NAMES.of(code) ?? code, targets: [...set].sort() })));
  });

  router.post(`${LIBRETRANSLATE_PREFIX}/translate`, ...opts.validate, async (req, res) => {
    const body = req.body as TranslateBody;
    if (body.source.toLowerCase() === 'auto') {
      throw new ValidationError('source: "auto" is not supported: Caravan does not detect languages; name the source language', [{ path: '/body/source', message: 'must name a language' }]);
    }
    const alternatives = Number(body.alternatives ?? 0);
    const texts = Array.isArray(body.q) ? body.q : [body.q];
    const results: { text: string; alternatives: string[] }[] = [];
    for (const text of texts) {
      const matches = await lookups.matches(callerOf(res), body.source, body.target, text, { threshold: SUGGESTION_THRESHOLD, limit: 1 + alternatives });
      const [best, ...rest] = matches.map((m) => m.target);
      results.push({ text: best ?? text, alternatives: [...new Set(rest)].filter((t) => t !== best) });
    }
    const one = !Array.isArray(body.q);
    res.json({
      translatedText: one ? results[0]?.text ?? '' : results.map((r) => r.text),
      ...(alternatives > 0 ? { alternatives: one ? results[0]?.alternatives ?? [] : results.map((r) => r.alternatives) } : {}),
    });
  });
  router.use(LIBRETRANSLATE_PREFIX, protocolErrors(libretranslateProblems));
  return router;
}
