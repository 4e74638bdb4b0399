/**
 * Requests whose path and query go on the wire exactly as written. supertest (through the
 * WHATWG URL parser) percent-encodes `'` and spaces in a query, so it cannot send what a
 * hand-typed URL or a simple client sends; this helper listens on a free port and writes the
 * request line itself.
 */
import { type Server, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** An answer: status, headers and the body (parsed when it is JSON). */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

/** A listening app and a way to send it raw requests. */
export interface RawClient {
  send(method: string, pathAndQuery: string, headers?: Record<string, string>, body?: string): Promise<RawResponse>;
  close(): Promise<void>;
}

/** Serves `app` on 127.0.0.1 on a free port. */
export async function rawClient(app: Express): Promise<RawClient> {
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
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
