/**
 * The SHA-256 of the key a request presents, taken once a request and shared by the two
 * middlewares that need it: the rate limit counts a key by it (rate-limit.ts `countedKey`, so no
 * secret is kept as a map key) and the key check compares it with the stored hashes (auth.ts on
 * `/api/v1`, protocols/gate.ts on the protocol routes, through KeyService). Whichever runs first
 * hashes the key and keeps the digest on the request; the other reads it, so a request's key is
 * hashed once, not three times (issue 12, ninth round: the measurements are in rate-limit.ts's
 * header). Split from rate-limit.ts (issue 12, tenth round) so that the key check does not
 * import the limiter.
 */
import type { Request } from 'express';
import { keyDigest } from '../services/keys.js';

/** The presented key and its SHA-256, kept on the request for the middleware that comes second. */
const DIGEST = Symbol('presented key digest');
type WithDigest = Request & { [DIGEST]?: { presented: string; digest: Buffer } };

/**
 * The SHA-256 of the key `req` presents, as KeyService hashes it (`keyDigest`): computed once a
 * request, by the rate limit when it runs first, else by the key check. A request that presents
 * another key than the one kept (not done by our middlewares) gets that key's own digest.
 */
export function presentedDigest(req: Request, presented: string): Buffer {
  const kept = (req as WithDigest)[DIGEST];
  if (kept !== undefined && kept.presented === presented) return kept.digest;
  const digest = keyDigest(presented);
  (req as WithDigest)[DIGEST] = { presented, digest };
  return digest;
}
