/**
 * What the logs may say about a URL. Keys sent in query strings are refused (401), but the
 * request is still logged, and link keys will travel in URL paths (`/tmserver/{key}/...`): so a
 * value is redacted by its shape (a Caravan key starts with `cvn_`) wherever it stands, and a
 * query value by its parameter's name when that name says it holds a secret (`key`, `api_key`,
 * `apikey`, `access_token`, `auth`, `password`, `secret`, `signature`, `session`...).
 */

const REDACTED = '[redacted]';
/** A Caravan key as it may appear in a URL: `cvn_` (the `_` perhaps percent-encoded) and base64url. */
const KEY_SHAPE = /cvn(?:_|%5f)[A-Za-z0-9_%-]*/gi;
/** Query parameter names whose values are secrets, whatever they look like. */
const SECRET_NAME = /(key|token|auth|pass|secret|signature|session|credential|sig$)/i;

/** `url` (a path with an optional query) with every secret replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(KEY_SHAPE, REDACTED);
  if (q < 0) return path;
  const query = url.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0) return pair.replace(KEY_SHAPE, REDACTED);
    const name = pair.slice(0, eq);
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch {
      decoded = name;
    }
    return SECRET_NAME.test(decoded) ? `${name.replace(KEY_SHAPE, REDACTED)}=${REDACTED}` : pair.replace(KEY_SHAPE, REDACTED);
  });
  return `${path}?${query.join('&')}`;
}
