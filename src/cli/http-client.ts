/**
 * The CLI's connection to a running Caravan server: `--server URL`, the API key from
 * `CARAVAN_KEY`, JSON calls, streamed uploads (the request body is read from the file as the
 * socket takes it, so an upload bar shows what has been sent) and streamed downloads (decoded
 * as they arrive, so a download bar moves with the bytes). Problem documents (RFC 9457) become
 * a ServerError with the server's detail and field errors, printed like local errors.
 *
 * Node's own fetch (undici) is used: it streams request and response bodies and speaks HTTP and
 * HTTPS, so no client library is needed.
 */
import type { FieldError } from '../domain/errors.js';

/** An answer of the server that is not a success, with what its problem document says. */
export class ServerError extends Error {
  constructor(readonly status: number, message: string, readonly errors: FieldError[] = []) {
    super(message);
    this.name = 'ServerError';
  }
}

/** A streamed response body, decoded as UTF-8, with the headers that name and size it. */
export interface ServerDownload {
  headers: Headers;
  /** `filename` of Content-Disposition, when the server sent one. */
  filename?: string;
  chunks: AsyncIterable<string>;
}

/** Query parameters; undefined ones are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** A server at `url`, called with the key `key`. */
export class CaravanServer {
  private readonly base: URL;

  constructor(url: string, private readonly key: string) {
    try {
      this.base = new URL(url.endsWith('/') ? url : `${url}/`);
    } catch {
      throw new ServerError(0, `--server must be a URL such as http://localhost:8080, not "${url}"`);
    }
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') throw new ServerError(0, `--server must be an http or https URL, not "${url}"`);
  }

  private url(path: string, query: Query = {}): URL {
    const u = new URL(path.replace(/^\//, ''), this.base);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  }

  private async send(method: string, path: string, query: Query, init: { body?: AsyncIterable<Uint8Array> | Uint8Array | string; type?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.key}`, Accept: 'application/json, */*' };
    if (init.type) headers['Content-Type'] = init.type;
    const request: RequestInit & { duplex?: 'half' } = { method, headers };
    if (init.body !== undefined) {
      request.body = init.body;
      if (typeof init.body === 'object' && Symbol.asyncIterator in init.body) request.duplex = 'half';
    }
    let res: Response;
    try {
      res = await fetch(this.url(path, query), request);
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ServerError(0, `cannot reach ${this.base.origin}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
    if (res.ok) return res;
    const text = await res.text();
    let problem: { detail?: string; title?: string; errors?: FieldError[] } = {};
    try {
      problem = JSON.parse(text) as typeof problem;
    } catch {
      // not a problem document: report the status line
    }
    const hint = res.status === 401 ? ' (check CARAVAN_KEY)' : '';
    throw new ServerError(res.status, `${problem.detail ?? problem.title ?? `${res.status} ${res.statusText}`}${hint}`, problem.errors ?? []);
  }

  /** A JSON call; resolves with the parsed answer. */
  async json<T>(method: string, path: string, query: Query = {}, body?: unknown): Promise<T> {
    const res = await this.send(method, path, query, body === undefined ? {} : { body: JSON.stringify(body), type: 'application/json' });
    return await res.json() as T;
  }

  /** Streams `body` as the request body; resolves with the parsed JSON answer. */
  async upload<T>(method: string, path: string, query: Query, body: AsyncIterable<Uint8Array> | Uint8Array, type: string): Promise<T> {
    const res = await this.send(method, path, query, { body, type });
    return await res.json() as T;
  }

  /** A GET whose body is streamed back as text. */
  async download(path: string, query: Query = {}): Promise<ServerDownload> {
    const res = await this.send('GET', path, query);
    // RFC 6266: `filename*` (UTF-8, percent-encoded) when the name is not ASCII, else `filename`.
    const disposition = res.headers.get('content-disposition') ?? '';
    const encoded = /filename\*=UTF-8''([^;\s]+)/i.exec(disposition)?.[1];
    const filename = encoded === undefined ? /filename="?([^";]+)"?/i.exec(disposition)?.[1] : decodeURIComponent(encoded);
    const body = res.body;
    const chunks = (async function* () {
      if (!body) return;
      const decoder = new TextDecoder('utf-8', { fatal: true });
      for await (const bytes of body as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(bytes, { stream: true });
        if (text) yield text;
      }
      const rest = decoder.decode();
      if (rest) yield rest;
    })();
    const out: ServerDownload = { headers: res.headers, chunks };
    if (filename !== undefined) out.filename = filename;
    return out;
  }
}

/** The server named by `--server`, with the key from CARAVAN_KEY. */
export function serverFromOptions(url: string, env: NodeJS.ProcessEnv = process.env): CaravanServer {
  const key = env.CARAVAN_KEY;
  if (!key) throw new ServerError(0, '--server needs an API key: set CARAVAN_KEY (caravan keys create on the server\'s machine makes one)');
  return new CaravanServer(url, key);
}
