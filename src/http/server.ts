/**
 * The HTTP server around the app, with timeouts for slow clients (issue 9 §5).
 *
 * Node waits 60 s for a request's headers and checks that only every 30 s; a client that opens
 * connections and sends its headers a byte at a time holds sockets that long. Headers here must
 * arrive within HEADERS_TIMEOUT_MS, checked every CONNECTIONS_CHECK_MS. Node also gives a whole
 * request 300 s (`requestTimeout`), which would cut a 2 GB upload on an ordinary line, so that is
 * off: a body is bounded instead by idleness (upload.ts `bodyIdleTimeout`, BODY_IDLE_TIMEOUT_MS
 * without a byte), which a slow but steady upload never reaches.
 */
import { type RequestListener, type Server, createServer } from 'node:http';

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

/** An HTTP server for `app` with the timeouts above; call `listen()` on it. */
export function createHttpServer(app: RequestListener, timeouts: Partial<ServerTimeouts> = {}): Server {
  const server = createServer({
    headersTimeout: timeouts.headersTimeoutMs ?? HEADERS_TIMEOUT_MS,
    connectionsCheckingInterval: timeouts.connectionsCheckMs ?? CONNECTIONS_CHECK_MS,
    requestTimeout: 0,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
  }, app);
  return server;
}
