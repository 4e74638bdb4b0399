/**
 * Read your writes across nodes (issue 13). Every response to a request that wrote carries
 * `Caravan-Seq`, the change-log sequence of its last write; a request that sends
 * `Caravan-Min-Seq: n` is served only once this node has applied change `n`, waiting up to
 * {@link MIN_SEQ_WAIT_MS}, else 503 with `Retry-After` (the client retries, or goes to a node that
 * has caught up). With the embedded store there is no change log: no `Caravan-Seq` is sent and
 * any `Caravan-Min-Seq` is already satisfied.
 */
import type { RequestHandler } from 'express';
import { ValidationError } from '../domain/errors.js';
import type { SyncState } from '../services/tm/change-follower.js';
import { withWriteSeq } from '../store/write-seq.js';
import { problem, sendProblem } from './problem.js';

/** How long a request waits for this node to apply the sequence it asks for (issue 13: 2 s). */
export const MIN_SEQ_WAIT_MS = 2_000;
/** Seconds a client is told to wait before retrying a request this node could not serve yet. */
export const RETRY_AFTER_S = 1;

/** Opens a write-sequence scope per request and sends `Caravan-Seq` with the response when the request wrote. */
export const writeSeqHeader: RequestHandler = (_req, res, next) => {
  withWriteSeq((seq) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      const at = seq();
      if (at > 0 && !res.headersSent) res.setHeader('Caravan-Seq', String(at));
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  });
};

/** Holds a request that sends `Caravan-Min-Seq` until this node has applied that sequence. */
export function minSeq(sync: SyncState): RequestHandler {
  return (req, res, next) => {
    const raw = req.get('Caravan-Min-Seq');
    if (raw === undefined) return next();
    if (!/^\d{1,15}$/.test(raw.trim())) {
      next(new ValidationError('Caravan-Min-Seq: must be a change sequence (a non-negative integer)',
        [{ path: '/headers/caravan-min-seq', message: 'must be a non-negative integer' }]));
      return;
    }
    const wanted = Number(raw.trim());
    sync.waitFor(wanted, MIN_SEQ_WAIT_MS).then((ok) => {
      if (ok) return next();
      res.setHeader('Retry-After', String(RETRY_AFTER_S));
      sendProblem(res, problem('unavailable', `This node has applied changes up to ${sync.applied()}, not yet ${wanted}; retry.`, { appliedSeq: sync.applied() }));
    }, next);
  };
}
