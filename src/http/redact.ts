/**
 * Keys never reach a log. Link keys travel inside URL paths (`/tmserver/cvn_.../...`) and query
 * strings (`api_key=`), so a logged URL has every value shaped like a Caravan key (`cvn_` and its
 * base64url secret) replaced, and the values of `key`, `token` and `api_key` parameters as well
 * (an admin key from `CARAVAN_ADMIN_KEY` need not start with `cvn_`).
 */

/** `url` with every key in it replaced by `[redacted]`. */
export function redactKeys(url: string): string {
  return url.replace(/cvn_[A-Za-z0-9_-]+/g, '[redacted]').replace(/([?&](?:api_key|key|token)=)[^&]*/gi, '$1[redacted]');
}
