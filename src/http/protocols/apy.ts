/**
 * Apertium APy's machine-translation protocol (issue 15) under `/apy/{linkKey}`, answering with
 * the best TM match instead of a machine translation. Facts from the server and its clients:
 *
 * - `GET /translate?q&langpair=src|tgt&markUnknown` answers `{responseData: {translatedText},
 *   responseDetails: null, responseStatus: 200}`; `markUnknown` defaults to yes, and marks each
 *   unknown word with `*`; an unparsable `langpair` is a 400 "That pair is invalid"
 *   (apertium_apy/handlers/translate.py, apertium/apertium-apy@6273db69).
 * - `GET /listPairs` answers `{responseData: [{sourceLanguage, targetLanguage}], responseDetails:
 *   null, responseStatus: 200}` with ISO 639-3 codes (handlers/list_modes.py).
 * - OmegaT sends `translate?q=...&markUnknown=no&langpair=zh_CN|en&key=...`, the text encoded with
 *   `URLEncoder` (`+` for a space) and the `|` unescaped, and reads `responseStatus`, then
 *   `responseData.translatedText` (ApertiumTranslate, omegat-org/omegat@ba59a847); OmegaT 3.6
 *   (Debian) sends `langpair=zh|en` for zh-CN and the same fixed `key`.
 * - Weblate maps its codes to ISO 639-3 only for languages the server does not list, tries the
 *   primary subtag after the full code, and keeps a pair only if `listPairs` has exactly that
 *   tuple (weblate/machinery/apertium.py, base.py `get_languages`, WeblateOrg/weblate@29573d18).
 *
 * So `listPairs` lists every pair twice, with three-letter and with two-letter codes (Weblate
 * asks for `zh` + `en` for Simplified Chinese, which it does not map). With no match at or above
 * {@link SUGGESTION_THRESHOLD}, the text comes back unchanged, as Apertium returns what it cannot
 * translate (with `markUnknown=yes`, each word marked `*`); so does a pair the key has no memory
 * for. Answers are written as APy writes them (Python's `json.dumps`: `": "` and `", "`,
 * non-ASCII as `\uXXXX`), because OmegaT 3.6 finds the translation by that exact text (see
 * responses.ts `pythonJson`). `key`, `format`, `prefs` are accepted and ignored; there is no
 * JSONP `callback`.
 */
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { apertiumCode } from '../../domain/text/client-langs.js';
import { ValidationError } from '../../domain/errors.js';
import type { Services } from '../../services/container.js';
import { SUGGESTION_THRESHOLD } from '../../services/protocols/link-lookups.js';
import { strQuery } from '../params.js';
import { type ProblemStyle, callerOf, pathKey, protocolErrors, protocolGate } from './gate.js';
import { pythonJson, sendJsonWrittenBy } from './responses.js';

/** The URL prefix. */
export const APY_PREFIX = '/apy';

/** What APy's `write_error` sends (but `status`, which stays the HTTP status), and what its clients read from an error. */
export const apyProblems: ProblemStyle = (p) => ({
  code: p.status, message: p.title, explanation: p.detail, responseStatus: p.status, responseDetails: p.detail, responseData: null,
});

/** `text` as APy returns words it does not know: each marked `*` when asked to. */
export function untranslated(text: string, markUnknown: boolean): string {
  return markUnknown ? text.replace(/(^|\s)(?=\S)/g, '$1*') : text;
}

/** The Apertium routes. */
export function apyRoutes(services: Services, opts: { validate: RequestHandler[]; rateLimitPerMinute: number }): Router {
  const router = Router();
  const { lookups } = services.protocols;
  const base = `${APY_PREFIX}/:linkKey`;
  router.use(base, protocolGate(services.keys, { rateLimitPerMinute: opts.rateLimitPerMinute, style: apyProblems, ordinary: false, keyOf: pathKey }));

  router.get(`${base}/listPairs`, ...opts.validate, async (_req, res) => {
    const seen = new Set<string>();
    const responseData: { sourceLanguage: string; targetLanguage: string }[] = [];
    for (const p of await lookups.pairs(callerOf(res))) {
      const [s, t] = [p.sourceLang.split('-')[0] as string, p.targetLang.split('-')[0] as string];
      for (const [sourceLanguage, targetLanguage] of [[apertiumCode(s), apertiumCode(t)], [s, t]] as const) {
        if (seen.has(`${sourceLanguage}|${targetLanguage}`)) continue;
        seen.add(`${sourceLanguage}|${targetLanguage}`);
        responseData.push({ sourceLanguage, targetLanguage });
      }
    }
    sendJsonWrittenBy(res, { responseData, responseDetails: null, responseStatus: 200 }, pythonJson);
  });

  router.get(`${base}/translate`, ...opts.validate, async (req, res) => {
    const q = strQuery(req, 'q') ?? '';
    const pair = (strQuery(req, 'langpair') ?? '').split('|');
    if (pair.length !== 2 || !pair[0] || !pair[1]) {
      throw new ValidationError('That pair is invalid, use e.g. zho|eng', [{ path: '/query/langpair', message: 'must be two language codes separated by |' }]);
    }
    const [best] = await lookups.matches(callerOf(res), pair[0], pair[1], q, { threshold: SUGGESTION_THRESHOLD, limit: 1 });
    const markUnknown = ['yes', 'true', '1'].includes((strQuery(req, 'markUnknown') ?? 'yes').toLowerCase());
    sendJsonWrittenBy(res, { responseData: { translatedText: best ? best.target : untranslated(q, markUnknown) }, responseDetails: null, responseStatus: 200 }, pythonJson);
  });
  router.use(APY_PREFIX, protocolErrors(apyProblems));
  return router;
}
