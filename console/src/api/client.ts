/**
 * The one API client: openapi-fetch typed by the generated `paths`, with the stored key as a
 * bearer token on every request. `unwrap` turns a result into its data or an ApiError, so
 * pages write `await unwrap(api.GET('/api/v1/documents'))`.
 */
import createClient from 'openapi-fetch';
import { failure, networkFailure } from './problem.js';
import { readKey } from './session.js';
import type { paths } from './types.js';

/** The typed client for every JSON route of openapi.yaml. */
export const api = createClient<paths>({ baseUrl: location.origin });

api.use({
  onRequest({ request }) {
    const key = readKey();
    if (key) request.headers.set('Authorization', `Bearer ${key}`);
    return request;
  },
});

/** The `Authorization` header for calls made outside the client (uploads, downloads). */
export function authHeader(): Record<string, string> {
  const key = readKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data and response of a successful call (for headers such as ETag); otherwise throws the ApiError of its problem document. */
export async function send<T>(call: Promise<FetchResult<T>>): Promise<{ data: T; response: Response }> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (err) {
    throw networkFailure(err);
  }
  if (!result.response.ok) throw failure(result.response.status, result.response.statusText, result.error);
  return { data: result.data as T, response: result.response };
}

/** The data of a successful call; otherwise throws the ApiError of its problem document. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  return (await send(call)).data;
}
