/**
 * The request log: one line per request, written when its response has been handed to the
 * socket (or its connection closed first), with the fields pino-http 10 wrote for us before:
 * `req` {method, url (keys in the query redacted)}, `res` {statusCode}, `responseTime` in ms,
 * `keyId` (the caller's key once authenticated, left out before), at level `info`, with the
 * message "request completed"; for a 5xx answer or an error of the response, "request errored"
 * and `err` (pino's error serializer). The Authorization header and bodies are never logged.
 *
 * Why our own and not pino-http (issue 12): pino-http makes two loggers a request so that
 * routes can log through `req.log` (none of ours does): `logger.child({ req })`, which serialises
 * the request into the child's bindings and builds a logger object, and then the line. Sampled in
 * the server under the 500 lookups at 100k units with the lookup's answer fixed (so the stack
 * alone), its middleware allocated 21 of the 146 KB a request allocated (the child 11 KB on its
 * own), the collections that follow included; an earlier round measured the child at ~0.1 ms
 * of CPU a request (README, benchmark). This builds one object when the response ends and
 * hands it to the same logger and destination.
 *
 * Issue 12, eighth round. A line costs pino some 5 µs of CPU in process (200,000 lines to
 * /dev/null, load 14), 1.5-2.8 µs of it the redaction (its paths `key` and `*.key` make it look
 * at every field), which a completed line, built here from fields that hold no key, does not
 * need: it goes through a child logger without redaction (2.7-3.0 µs a line), the same bytes.
 * The write stays synchronous, one `write` to the destination a line: the time the server's
 * CPU profile gives it (and the response's `writev`) is mostly the system call waking the
 * reader of the pipe, which then runs, not the server's work (the kernel's share of the server's
 * CPU was 0.02-0.04 ms a request). A buffered asynchronous destination (sonic-boom `sync: false,
 * minLength: 4096`) was tried and not kept: a line waits until 4 KB of lines follow it, so the
 * start-up line "Caravan is listening" never reached the benchmark, which waits for it, and an
 * operator tailing a quiet server would not see the last requests; a crash would lose what is
 * buffered unless flushed on exit (pino flushes on a normal exit, not on SIGKILL or an abort).
 * Every acknowledged request's line reaching the log is worth the write (earlier rounds measured
 * no difference in CPU a request with a buffered destination).
 */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Principal } from '../domain/auth/roles.js';
import { redactUrl } from './redact.js';

/** Status codes from which a request is logged as errored (pino-http's rule). */
const ERRORED_FROM_STATUS = 500;

/** Logs one line per request on `logger` (see the module header). */
export function requestLog(logger: Logger): RequestHandler {
  // The completed line holds only fields built here (the url already redacted): none is a path the
  // logger redacts, so it skips the redaction; an errored line, which carries an error, keeps it.
  const completed = logger.child({}, { redact: [] });
  return (req, res, next) => {
    const started = Date.now();
    const request = { method: req.method, url: redactUrl(req.originalUrl) };
    const done = (err?: unknown) => {
      res.off('finish', done);
      res.off('close', done);
      res.off('error', done);
      const status = res.statusCode;
      const keyId = (res.locals.principal as Principal | undefined)?.keyId;
      const responseTime = Date.now() - started;
      if (err !== undefined || status >= ERRORED_FROM_STATUS) {
        const error = err ?? new Error(`failed with status code ${status}`);
        logger.info({ req: request, res: { statusCode: status }, err: error, responseTime, keyId }, 'request errored');
      } else {
        completed.info({ req: request, res: { statusCode: status }, responseTime, keyId }, 'request completed');
      }
    };
    res.on('finish', done);
    res.on('close', done);
    res.on('error', done);
    next();
  };
}
