/**
 * The API contract: `openapi.yaml` at the package root, parsed once. Requests are validated
 * against it with express-openapi-validator (unknown fields and query parameters rejected);
 * tests also validate responses.
 *
 * Types are coerced in query strings and paths only, where every value arrives as text
 * (`limit=5`); a JSON body must send the declared types, so `"source": 123` or
 * `"threshold": null` is a 400 naming the field, not a source "123" or a threshold of 0.
 *
 * Query strings: Express parses them with Node's `querystring` (the app's `simple` parser),
 * which decodes form encoding (`+` is a space) and percent encoding. express-openapi-validator
 * also looks at the raw, undecoded query string and, for every parameter without
 * `allowReserved: true`, refuses a value holding any RFC 3986 reserved character
 * (`: / ? # [ ] @ ! $ & ' ( ) * + , ; =`) as "must be url encoded". Browsers, `URLSearchParams`,
 * Python `requests` and `curl --data-urlencode` send a space as `+`, and people type
 * `China's`, `a,b` or `(2023)` as they are, so that check refused ordinary searches. The
 * delimiters that matter (`&`, `=`, `#`) cannot reach a value undecoded anyway, and every
 * value is still validated against its schema after decoding; so every query parameter is
 * given `allowReserved: true` here, in one place, for the routes of today and tomorrow.
 */
import * as OpenApiValidator from 'express-openapi-validator';
import type { RequestHandler } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../version.js';
import { cacheRouteMatchers } from './route-matchers.js';

/** The OpenAPI document as a plain object. */
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

/** Raw text of openapi.yaml. */
export const OPENAPI_TEXT = readFileSync(join(PACKAGE_ROOT, 'openapi.yaml'), 'utf8');

/** A fresh parsed copy of openapi.yaml (the validator mutates what it is given). */
export function loadOpenApi(): OpenApiDocument {
  return parse(OPENAPI_TEXT) as OpenApiDocument;
}

interface ParameterObject {
  in?: string;
  allowReserved?: boolean;
}

/** Marks every query parameter of the document (paths, operations, components) `allowReserved`. */
export function allowReservedInQueries(spec: OpenApiDocument): OpenApiDocument {
  const mark = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const p of list as ParameterObject[]) if (p && typeof p === 'object' && p.in === 'query') p.allowReserved = true;
  };
  for (const item of Object.values(spec.paths)) {
    mark(item.parameters);
    for (const op of Object.values(item)) if (op && typeof op === 'object' && !Array.isArray(op)) mark((op as { parameters?: unknown }).parameters);
  }
  const components = (spec.components as { parameters?: Record<string, ParameterObject> } | undefined)?.parameters;
  mark(Object.values(components ?? {}));
  return spec;
}

/** Middleware validating requests (and, when asked, responses) against the contract. */
export function openApiValidator(validateResponses: boolean): RequestHandler[] {
  cacheRouteMatchers();
  return OpenApiValidator.middleware({
    apiSpec: allowReservedInQueries(loadOpenApi()) as never,
    // coerceTypes: false applies to bodies only; the validator always coerces parameters.
    validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false, removeAdditional: false },
    validateResponses: validateResponses ? { removeAdditional: false } : false,
    validateSecurity: false,
    validateFormats: true,
    fileUploader: false,
    // Raw uploads (XML, TMX, TBX, CSV) are streamed by the routes, never buffered here.
    ignoreUndocumented: false,
    // Match the URL as the app sees it: the tmserver routes bring theirs into one shape first.
    useRequestUrl: true,
  }) as unknown as RequestHandler[];
}
