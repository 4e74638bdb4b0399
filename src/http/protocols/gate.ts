/**
 * What every protocol router (issue 15) puts in front of its routes: a per-key rate limit and
 * the key's authentication, answered in the error shape its clients read.
 *
 * The key comes from the URL path (`/tmserver/{linkKey}/`, `/omegat/{linkKey}/`,
 * `/apy/{linkKey}/`: these must be link keys, an ordinary key does not belong in a URL) or from
 * LibreTranslate's `api_key` (a body or query field, where an ordinary key may stand too). A
 * missing, unknown or revoked key is a 401, as on `/api/v1`.
 *
 * Errors stay RFC 9457 problem documents, with the members each client reads added: APy's
 * `code`/`message`/`explanation` and `responseStatus`/`responseDetails` (what apertium-apy's
 * `write_error` sends and what OmegaT's and Weblate's Apertium clients print; its
 * `status: "error"` is left out, a problem's `status` is the HTTP status), and LibreTranslate's
 * `error` (libretranslate/app.py's error handlers), so a translator sees why.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { KeyService, ProtocolCaller } from '../../services/keys.js';
import { type Problem, problem, toProblem } from '../problem.js';
import { presentedDigest } from '../presented-key.js';
import { rateLimit } from '../rate-limit.js';
import { settleRefusal } from '../upload.js';

/** Members a protocol adds to a problem document, for its clients. */
export type ProblemStyle = (p: Problem) => Record<string, unknown>;

/** Plain problem documents (tmserver, OmegaT: their clients read the status code only). */
export const plainProblems: ProblemStyle = () => ({});

/** Sends `p` with the members `style` adds. */
export function sendStyledProblem(res: Response, p: Problem, style: ProblemStyle): void {
  // A body nobody read (a write refused at the key) is settled as for every refusal (upload.ts).
  settleRefusal(res);
  res.status(p.status).type('application/problem+json').send(JSON.stringify({ ...p, ...style(p) }));
}

/** The caller authenticated by the gate. */
export function callerOf(res: Response): ProtocolCaller {
  const caller = res.locals.caller as ProtocolCaller | undefined;
  if (!caller) throw new Error('protocol route reached without authentication');
  return caller;
}

/** The key in a protocol URL's path (`:linkKey`). */
export function pathKey(req: Request): string | undefined {
  const key = req.params.linkKey;
  return typeof key === 'string' && key ? key : undefined;
}

/** How a gate finds and accepts a key. */
export interface GateOptions {
  /** Requests per minute per key; 0 turns the limit off (tests). */
  rateLimitPerMinute: number;
  style: ProblemStyle;
  /** The presented key, or undefined when the request has none. */
  keyOf: (req: Request) => string | undefined;
  /** Whether an ordinary key is accepted (only where the key does not travel in a URL). */
  ordinary: boolean;
}

/** Rate limit and authentication for one protocol. */
export function protocolGate(keys: KeyService, opts: GateOptions): RequestHandler[] {
  const gate: RequestHandler[] = [];
  if (opts.rateLimitPerMinute > 0) {
    gate.push(rateLimit({
      windowMs: 60_000,
      limit: opts.rateLimitPerMinute,
      keyOf: opts.keyOf,
      refuse: (_req, res) => sendStyledProblem(res, problem('rate-limited', `More than ${opts.rateLimitPerMinute} requests in a minute with this key.`), opts.style),
    }));
  }
  gate.push(async (req, res, next) => {
    const presented = opts.keyOf(req);
    const caller = presented ? await keys.authenticateProtocol(presented, { ordinary: opts.ordinary, digest: presentedDigest(req, presented) }) : undefined;
    if (!caller) {
      const detail = !presented ? 'Send the key (api_key).'
        : opts.ordinary ? 'The key is not known (revoked or mistyped).'
          : 'The link key is not known (revoked or mistyped); an ordinary API key is not valid in a URL, create one with "link": true.';
      sendStyledProblem(res, problem('unauthorized', detail), opts.style);
      return;
    }
    res.locals.caller = caller;
    next();
  });
  return gate;
}

/** The protocol's error handler: problem documents in its style (registered after its routes). */
export function protocolErrors(style: ProblemStyle): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const p = toProblem(err);
    // Server faults go on to the application's handler, which logs them.
    if (p.status >= 500) {
      next(err);
      return;
    }
    sendStyledProblem(res, p, style);
  };
}
