/**
 * The per-key rate limit of `/api/v1` and of the protocol routes (app.ts, protocols/gate.ts): a
 * fixed window per key from its first request, answered with the IETF draft-8 headers
 * (draft-ietf-httpapi-ratelimit-headers-08: `RateLimit: "<policy>"; r=<remaining>; t=<seconds>`
 * and `RateLimit-Policy: "<policy>"; q=<limit>; w=<window>; pk=:<partition key>:`) on every
 * request it counts, and over the limit `Retry-After` and the caller's refusal (a 429 problem).
 * The same headers, values and window as express-rate-limit 8's MemoryStore with `standardHeaders:
 * 'draft-8'` gave before (the policy named `<limit>-in-<n>min`, the partition key the base64 of
 * the first 12 hex digits of the SHA-256 of the counted key, a window that starts at a key's
 * first request, clients unseen for a whole window dropped).
 *
 * A key is counted by the SHA-256 of the key it presents (`countedKey`), never the key itself, so
 * no secret is kept as a map key; a request without one by its address (an IPv6 address by its
 * /56, as express-rate-limit's `ipKeyGenerator` groups them). The digest is kept on the request
 * for the key check that follows (presented-key.ts `presentedDigest`: KeyService compares the same
 * SHA-256 with the stored hashes), so a request's key is hashed once, not three times.
 *
 * Why not express-rate-limit any more (issue 12, ninth round). Its middleware is an async
 * function that awaits five steps (skip, key, store, limit, policy name), each a turn of the
 * microtask queue, evaluates `req.ip` for a debug line that is off, and hashes the counted key
 * again on every request for the partition key; our key generator hashed the Authorization header
 * and the key check hashed the key once more. Its options cannot take those out: `identifier`
 * names the policy (a string saves the name's computation, not the awaits), `standardHeaders`
 * only chooses the draft, and its headers need its key. Profile of the fixed-answer server
 * (bench/http/stack-probe.js, rounds 5-10 of 500 lookups, `--cpu-prof-interval=50`, load 5,
 * shares of the busy samples charged to the nearest non-Node frame): express-rate-limit 3.0%,
 * `debug` 0.7% and `forwarded` 0.3% (the `req.ip` of its debug line), the key generator's hash
 * 1.3% and the key check's 0.9%, of a stack of 0.25-0.45 ms of CPU a lookup request. Here the
 * count is synchronous, the partition key is computed once per window of a key, and the key is
 * hashed once. Measured: in process (the limit and the key check's hash on a request with a Bearer
 * key, 20,000 a round, six rounds, load 8) 25.5-26.5 -> 18.9-19.6 us a request (both counts
 * include making the request and response objects); under callgrind (stack-probe, 150 lookups
 * a round after five warm-up rounds) `sha256_block_data_order` 917k -> 306k instructions a round,
 * three hashes a lookup request -> one.
 */
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { presentedDigest } from './presented-key.js';

/** How a limit counts and answers. */
export interface RateLimitOptions {
  /** Requests a key may make in a window. */
  limit: number;
  windowMs: number;
  /** The key a request presents, or undefined or empty (then it is counted by its address). */
  keyOf: (req: Request) => string | undefined;
  /** Answers a request over the limit (a 429 problem document in the route's style). */
  refuse: (req: Request, res: Response) => void;
  /** The clock (tests move it); Date.now by default. */
  now?: () => number;
}

/** A key's count in its window, and the partition key its headers name. */
interface Bucket {
  hits: number;
  resetAt: number;
  pk: string;
}

/**
 * The counted key of a request: its presented key's digest, or its address as express-rate-limit's
 * default key was (no prefix: the partition key is the library's, and a base64url SHA-256 can never
 * be an address, which has a `.` or a `:`).
 */
function countedKey(req: Request, presented: string | undefined): string {
  return presented ? presentedDigest(req, presented).toString('base64url') : ipKeyGenerator(req.ip ?? '');
}

/** draft-8's partition key as express-rate-limit writes it: base64 of the first 12 hex digits of the key's SHA-256. */
export function partitionKey(counted: string): string {
  return Buffer.from(createHash('sha256').update(counted).digest('hex').slice(0, 12)).toString('base64');
}

/** The policy's name, as express-rate-limit's default `identifier` spells it (`600-in-1min`). */
export function policyName(limit: number, windowMs: number): string {
  const seconds = windowMs / 1000;
  const minutes = seconds / 60;
  const hours = minutes / 60;
  const days = hours / 24;
  const duration = seconds < 60 ? `${seconds}sec` : minutes < 60 ? `${minutes}min` : hours < 24 ? `${hours}hr${hours > 1 ? 's' : ''}` : `${days}day${days > 1 ? 's' : ''}`;
  return `${limit}-in-${duration}`;
}

/** A per-key rate limit (see the module header). */
export function rateLimit(opts: RateLimitOptions): RequestHandler {
  const { limit, windowMs, keyOf, refuse } = opts;
  const now = opts.now ?? Date.now;
  const name = policyName(limit, windowMs);
  const policyHead = `"${name}"; q=${limit}; w=${Math.ceil(windowMs / 1000)}; pk=:`;
  // Two generations, as express-rate-limit's MemoryStore keeps them: a key seen in this window is
  // in `current`; once a window has passed, whatever `previous` still holds has not been seen for a
  // whole window and is dropped. The memory is bounded by the keys of two windows.
  let current = new Map<string, Bucket>();
  let previous = new Map<string, Bucket>();
  let rotatedAt = now();
  return (req: Request, res: Response, next: NextFunction) => {
    const at = now();
    if (at - rotatedAt >= windowMs) {
      previous = current;
      current = new Map();
      rotatedAt = at;
    }
    const key = countedKey(req, keyOf(req));
    let bucket = current.get(key);
    if (bucket === undefined) {
      bucket = previous.get(key);
      if (bucket !== undefined) previous.delete(key);
      else bucket = { hits: 0, resetAt: at + windowMs, pk: partitionKey(key) };
      current.set(key, bucket);
    }
    if (bucket.resetAt <= at) {
      bucket.hits = 0;
      bucket.resetAt = at + windowMs;
    }
    bucket.hits++;
    const reset = Math.max(0, Math.ceil((bucket.resetAt - at) / 1000));
    res.setHeader('RateLimit', `"${name}"; r=${Math.max(limit - bucket.hits, 0)}; t=${reset}`);
    res.setHeader('RateLimit-Policy', `${policyHead}${bucket.pk}:`);
    if (bucket.hits > limit) {
      res.setHeader('Retry-After', String(reset));
      refuse(req, res);
      return;
    }
    next();
  };
}
