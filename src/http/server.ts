/**
 * The HTTP server around the app, with timeouts for slow clients (issue 9 §5).
 *
 * Node waits 60 s for a request's headers and checks that only every 30 s; a client that opens
 * connections and sends its headers a byte at a time holds sockets that long. Headers here must
 * arrive within HEADERS_TIMEOUT_MS, checked every CONNECTIONS_CHECK_MS. Node also gives a whole
 * request 300 s (`requestTimeout`), which would cut a 2 GB upload on an ordinary line, so that is
 * off: a body is bounded instead by idleness (upload.ts `bodyIdleTimeout`, BODY_IDLE_TIMEOUT_MS
 * without a byte), which a slow but steady upload never reaches.
 *
 * Requests and responses are born with the app's prototypes (issue 12). Express gives every
 * request and response its own prototypes as it enters the app (`Object.setPrototypeOf(req,
 * app.request)`), and V8 does not share the hidden classes of objects whose prototype was changed:
 * every property Express, the router and the middleware then add (`req.next`, `req.baseUrl`,
 * `res.locals`, ...) made a new hidden class for that one request, so every property access on
 * `req` and `res` in the whole stack missed its inline cache, request after request (checked with
 * `%HaveSameMap` on two requests at the same point: different maps in every pair). Created as
 * instances of classes whose prototypes are the app's, the objects keep the prototype Express
 * sets (the set is then a no-op) and their hidden classes are shared from one request to the next.
 * The app works as before with any other server (supertest's): `app.request` is replaced by an
 * object with the same prototype and own properties.
 *
 * Measured under callgrind (instructions, so the load of the shared machine does not enter):
 * the server of `run-lookups.js` with each lookup's answer fixed (the service's answers to the
 * 484 distinct queries of the mix kept in a file), 484 lookups and 300 `GET /health` after three
 * warm-up rounds. V8's runtime inline-cache misses (`Runtime_LoadIC_Miss`, `Runtime_StoreIC_Miss`)
 * were 26% of a lookup request's instructions before. A lookup request 3.23 / 2.44 M instructions
 * (two rounds) before, 1.77 / 1.66 M after; `/health` 1.65 / 1.48 M before, 1.05 / 0.66 M after.
 * Server CPU a lookup with the fixed answer, both servers up and rounds alternating (load 10-15):
 * medians 1.26 -> 1.02 ms.
 */
import { IncomingMessage, type RequestListener, type Server, ServerResponse, createServer } from 'node:http';

/** Time for a request's headers to arrive: one packet normally; 20 s covers a bad mobile link. */
export const HEADERS_TIMEOUT_MS = 20_000;
/** How often Node checks the headers timeout (its default, 30 s, would let it run to 50 s). */
export const CONNECTIONS_CHECK_MS = 2_000;
/** Time a request body may go without a byte before the connection is closed. */
export const BODY_IDLE_TIMEOUT_MS = 60_000;
/** Time an idle keep-alive connection is kept (Node's default). */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** Timeouts of a server (tests shorten them). */
export interface ServerTimeouts {
  headersTimeoutMs: number;
  connectionsCheckMs: number;
}

/** What an Express app carries: the prototypes it gives its requests and responses. */
interface AppPrototypes {
  request?: object;
  response?: object;
}

/** The classes made for an app, so that a second server for it uses the same ones. */
const bornClasses = new WeakMap<object, { IncomingMessage: typeof IncomingMessage; ServerResponse: typeof ServerResponse }>();

/**
 * A subclass of `base` whose prototype stands in for `proto`: the same prototype and the same own
 * properties (Express's `app` on `app.request`), so its instances behave as objects Express gave
 * `proto` and keep their shape (see the module header).
 */
function bornAs<T extends abstract new (...args: never[]) => object>(base: T, proto: object): T {
  const Born = class extends (base as unknown as new (...args: unknown[]) => object) {};
  Object.setPrototypeOf(Born.prototype, Object.getPrototypeOf(proto));
  const { constructor: _ctor, ...own } = Object.getOwnPropertyDescriptors(proto);
  Object.defineProperties(Born.prototype, own);
  return Born as unknown as T;
}

/** Request and response classes born with an Express app's prototypes; undefined for a plain listener. */
function appClasses(app: RequestListener & AppPrototypes) {
  if (typeof app.request !== 'object' || typeof app.response !== 'object' || app.request === null || app.response === null) return undefined;
  let classes = bornClasses.get(app);
  if (classes === undefined) {
    classes = { IncomingMessage: bornAs(IncomingMessage, app.request), ServerResponse: bornAs(ServerResponse, app.response) };
    app.request = classes.IncomingMessage.prototype;
    app.response = classes.ServerResponse.prototype;
    bornClasses.set(app, classes);
  }
  return classes;
}

/** An HTTP server for `app` with the timeouts above; call `listen()` on it. */
export function createHttpServer(app: RequestListener & AppPrototypes, timeouts: Partial<ServerTimeouts> = {}): Server {
  const server = createServer({
    headersTimeout: timeouts.headersTimeoutMs ?? HEADERS_TIMEOUT_MS,
    connectionsCheckingInterval: timeouts.connectionsCheckMs ?? CONNECTIONS_CHECK_MS,
    requestTimeout: 0,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    ...appClasses(app),
  }, app);
  return server;
}
