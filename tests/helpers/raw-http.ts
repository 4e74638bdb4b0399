/**
 * HTTP/1.1 over a plain socket, for tests that must see what a library client hides: whether the
 * server answers before the body is sent, keeps the connection for the next request, or closes it.
 * Also requests whose path and query go on the wire exactly as written (`rawClient`): supertest,
 * through the WHATWG URL parser, percent-encodes `'` and spaces in a query, so it cannot send what
 * a hand-typed URL or a simple client sends.
 */
import { type RequestListener, type Server, createServer, request } from 'node:http';
import { type AddressInfo, Socket, connect } from 'node:net';

/** A parsed response. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One keep-alive connection to `server`. */
export class RawConnection {
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  /** Bytes of request bodies written to the socket so far. */
  sent = 0;
  ended = false;
  readonly socket: Socket;

  constructor(server: Server) {
    this.socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    this.socket.on('data', (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      this.wake();
    });
    const end = () => {
      this.ended = true;
      this.wake();
    };
    this.socket.on('end', end);
    this.socket.on('close', end);
    this.socket.on('error', end);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private async until(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (this.ended) throw new Error(`the connection closed before ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Writes a request head and, chunk by chunk with backpressure, its body; stops quietly when the socket closes. */
  async send(head: string, body: Iterable<Buffer> | Buffer = Buffer.alloc(0)): Promise<void> {
    this.socket.write(head);
    for (const chunk of Buffer.isBuffer(body) ? [body] : body) {
      if (this.ended || this.socket.destroyed) return;
      this.sent += chunk.length;
      if (!this.socket.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            this.socket.off('drain', done);
            this.socket.off('close', done);
            resolve();
          };
          this.socket.on('drain', done);
          this.socket.on('close', done);
        });
      }
    }
  }

  /** Reads the next response (Content-Length framed). */
  async response(timeoutMs = 5_000): Promise<RawResponse> {
    let headEnd = -1;
    await this.until(() => (headEnd = this.buffer.indexOf('\r\n\r\n')) >= 0, timeoutMs, 'response head');
    const lines = this.buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '')?.[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    const start = headEnd + 4;
    await this.until(() => this.buffer.length >= start + length, timeoutMs, 'response body');
    const body = this.buffer.subarray(start, start + length).toString('utf8');
    this.buffer = this.buffer.subarray(start + length);
    return { status, headers, body };
  }

  /** Resolves true when the server closes the connection within `timeoutMs`. */
  async closedWithin(timeoutMs: number): Promise<boolean> {
    try {
      await this.until(() => false, timeoutMs, 'close');
      return false;
    } catch {
      return this.ended;
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A request head with the given method, path and headers (keep-alive, HTTP/1.1). */
export function requestHead(method: string, path: string, headers: Record<string, string | number>): string {
  return `${method} ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

/** `total` bytes of `fill` in chunks of 64 KiB, made as they are sent (never held whole). */
export function* filler(total: number, fill = 0x61): Generator<Buffer> {
  const chunk = Buffer.alloc(64 * 1024, fill);
  for (let left = total; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
}

/** Starts `app` on a free port of 127.0.0.1. */
export async function listenLocally(app: RequestListener): Promise<Server> {
  const server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return server;
}

/** Stops a server started for a test, dropping its connections. */
export function stopServer(server: Server): void {
  server.closeAllConnections();
  server.close();
}

/** An answer to `rawClient`: status, headers and the body (parsed when it is JSON). */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

/** A listening app and a way to send it requests with the path and query as written. */
export interface RawClient {
  send(method: string, pathAndQuery: string, headers?: Record<string, string>, body?: string): Promise<RawAnswer>;
  close(): Promise<void>;
}

/** Serves `app` on 127.0.0.1 on a free port. */
export async function rawClient(app: RequestListener): Promise<RawClient> {
  const server = await listenLocally(app);
  const { port } = server.address() as AddressInfo;
  return {
    send(method, pathAndQuery, headers = {}, body) {
      return new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method, path: pathAndQuery, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const json = /json/.test(String(res.headers['content-type']));
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: json ? JSON.parse(text) as unknown : text });
          });
        });
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
