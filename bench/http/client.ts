/**
 * A client for the HTTP benchmark, as a CAT tool's plug-in calls the server: one keep-alive
 * connection, one request at a time, timed on the client from the first byte sent to the last
 * byte received.
 */
import { createReadStream } from 'node:fs';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** An answer with its status, body and client-side time. */
export interface Timed<T> {
  status: number;
  body: T;
  ms: number;
}

/** What to send. */
export interface Call {
  method?: string;
  path: string;
  json?: unknown;
  /** A file to stream as the body, with its media type. */
  file?: { path: string; type: string; bytes: number };
  /** Without the key (GET /health). */
  anonymous?: boolean;
}

/** How an answer's body is handed back: parsed JSON, the text, or its size in bytes. */
export type BodyAs = 'json' | 'text' | 'size';

/** The server closed a kept-alive socket as a request was sent on it. */
class ResetOnReuse extends Error {}

/** A keep-alive client of one server. */
export class BenchClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly port: number, private readonly key: string) {}

  /**
   * Sends one request; the body is parsed as JSON, or given as text, or only its size in bytes
   * is counted (`as`). A request on a kept-alive socket that the server closed as it was sent (ECONNRESET on a reused
   * socket, the race Node's documentation describes) is sent once more.
   */
  async send<T = unknown>(call: Call, as: BodyAs = 'json'): Promise<Timed<T>> {
    try {
      return await this.once<T>(call, as);
    } catch (err) {
      if (!(err instanceof ResetOnReuse)) throw err;
      return this.once<T>(call, as);
    }
  }

  private once<T>(call: Call, as: BodyAs): Promise<Timed<T>> {
    const body = call.json === undefined ? undefined : Buffer.from(JSON.stringify(call.json));
    const headers: Record<string, string | number> = {};
    if (!call.anonymous) headers.Authorization = `Bearer ${this.key}`;
    if (body) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    if (call.file) Object.assign(headers, { 'Content-Type': call.file.type, 'Content-Length': call.file.bytes });
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request({ host: '127.0.0.1', port: this.port, path: call.path, method: call.method ?? (body || call.file ? 'POST' : 'GET'), headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (as !== 'size') chunks.push(c);
        });
        res.on('end', () => {
          const ms = performance.now() - started;
          const text = as === 'size' ? '' : Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 400) {
            reject(new Error(`${call.method ?? 'GET'} ${call.path}: ${status} ${text.slice(0, 500)}`));
            return;
          }
          const json = () => (text ? JSON.parse(text) : undefined);
          resolve({ status, ms, body: (as === 'size' ? bytes : as === 'text' ? text : json()) as T });
        });
        res.on('error', reject);
      });
      req.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ECONNRESET' && req.reusedSocket ? new ResetOnReuse() : err));
      if (call.file) createReadStream(call.file.path).pipe(req);
      else req.end(body);
    });
  }

  /** Closes the connection. */
  close(): void {
    this.agent.destroy();
  }
}
