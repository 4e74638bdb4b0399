/**
 * File transfers with progress, which fetch cannot report for uploads: uploads go through
 * XMLHttpRequest (`upload.onprogress`), downloads through fetch with the body read as a stream
 * and counted, then saved with a temporary object URL. The key travels in the Authorization
 * header, never in the URL, so a download cannot be a plain link.
 */
import { authHeader } from './client.js';
import { failure, networkFailure } from './problem.js';
import { filenameFromDisposition } from '../lib/content-disposition.js';
import type { QueryOf, SuccessOf, operations } from './types.js';

/** Bytes done and, when known, in all. */
export interface Progress {
  loaded: number;
  total: number | null;
}

function url(path: string, query: object | undefined): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** What an upload sends: the operation (for its types), method, path, query, file and its media type. */
export interface UploadRequest<Op extends keyof operations> {
  operation: Op;
  method: 'POST' | 'PUT';
  path: string;
  query?: QueryOf<Op>;
  file: Blob;
  contentType: string;
  onProgress?: (p: Progress) => void;
}

/** Sends a file as the request body; resolves with the operation's JSON answer. */
export function upload<Op extends keyof operations>(req: UploadRequest<Op>): Promise<SuccessOf<Op>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(req.method, url(req.path, req.query));
    for (const [k, v] of Object.entries(authHeader())) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('Content-Type', req.contentType);
    xhr.upload.onprogress = (e) => req.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : null });
    xhr.onload = () => {
      const body = parseBody(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as SuccessOf<Op>);
      else reject(failure(xhr.status, xhr.statusText, body));
    };
    xhr.onerror = () => reject(networkFailure(new Error(`${req.method} ${req.path} failed`)));
    xhr.send(req.file);
  });
}

/** Downloads `path` and offers it as a file; resolves with the file name and size. */
export async function download(path: string, query: object | undefined, fallbackName: string, onProgress?: (p: Progress) => void): Promise<{ filename: string; bytes: number }> {
  let res: Response;
  try {
    res = await fetch(url(path, query), { headers: authHeader() });
  } catch (err) {
    throw networkFailure(err);
  }
  if (!res.ok) throw failure(res.status, res.statusText, parseBody(await res.text()));
  const total = Number(res.headers.get('Content-Length')) || null;
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = res.body?.getReader();
  for (;;) {
    const step = reader ? await reader.read() : { done: true as const, value: undefined };
    if (step.done) break;
    chunks.push(step.value);
    loaded += step.value.length;
    onProgress?.({ loaded, total });
  }
  const filename = filenameFromDisposition(res.headers.get('Content-Disposition')) ?? fallbackName;
  const blob = new Blob(chunks as BlobPart[], { type: res.headers.get('Content-Type') ?? 'application/octet-stream' });
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return { filename, bytes: loaded };
}
