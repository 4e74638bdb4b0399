/**
 * helmet's security headers, worked out once (issue 12, ninth round). helmet runs thirteen
 * middleware functions a request, one per header, each calling the next through its own
 * `internalNext`, and every value is a constant of the options (the Content-Security-Policy too,
 * when no directive is a function, as ours are not: helmet then builds its string once). So
 * helmet is asked once, at start-up, what it does to a response, and each response gets the
 * same header writes in the same order from a list (`res.setHeader` still validates each name
 * and value: Node has no other way to set one). The values stay helmet's: its options and
 * defaults decide them, and a later helmet that adds, drops or changes a header changes them
 * here too. A middleware that reads the request, calls `next` with an error or not at once, or
 * does anything but set and remove headers is refused at start-up rather than replayed wrongly.
 *
 * Profile of the fixed-answer server (bench/http/stack-probe.js, rounds 5-10 of 500 lookups,
 * `--cpu-prof-interval=50`, load 5): helmet 4.3% of the busy samples charged to the nearest
 * non-Node frame, 1.6 of it `setHeader` and 0.7 its header checks; the rest its calls.
 */
import type { RequestHandler } from 'express';

/** One write helmet made: a header set to a value, or removed. */
type HeaderWrite = readonly [name: string, value: string] | readonly [name: string];

/**
 * `middleware` (helmet's) replaced by the header writes it makes to a response, recorded once at
 * start-up and replayed in the same order on every response (see the module header).
 */
export function fixedHeaders(middleware: RequestHandler): RequestHandler {
  const writes: HeaderWrite[] = [];
  const refuse = (what: string): never => {
    throw new Error(`fixedHeaders: the middleware ${what}; its headers cannot be worked out once`);
  };
  const res = {
    setHeader: (name: string, value: unknown) => {
      writes.push([name, typeof value === 'string' ? value : refuse(`set ${name} to a non-string`)]);
    },
    removeHeader: (name: string) => { writes.push([name]); },
  };
  // Its answer must not depend on the request: reading anything of it is refused.
  const req = new Proxy({}, { get: (_t, p) => refuse(`read req.${String(p)}`) });
  let passed = false;
  middleware(req as never, res as never, (err?: unknown) => {
    if (err !== undefined) throw err;
    passed = true;
  });
  if (!passed) refuse('did not pass the request on at once');
  return (_req, res, next) => {
    for (const w of writes) {
      if (w.length === 2) res.setHeader(w[0], w[1]);
      else res.removeHeader(w[0]);
    }
    next();
  };
}
