/**
 * The API contract: `openapi.yaml` at the package root, parsed once. Requests are validated
 * against it with express-openapi-validator (unknown fields and query parameters rejected);
 * tests also validate responses.
 *
 * Types are coerced in query strings and paths only, where every value arrives as text
 * (`limit=5`); a JSON body must send the declared types, so `"source": 123` or
 * `"threshold": null` is a 400 naming the field, not a source "123" or a threshold of 0.
 */
import * as OpenApiValidator from 'express-openapi-validator';
import type { RequestHandler } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../version.js';

/** The OpenAPI document as a plain object. */
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

/** Raw text of openapi.yaml. */
export const OPENAPI_TEXT = readFileSync(join(PACKAGE_ROOT, 'openapi.yaml'), 'utf8');

/** A fresh parsed copy of openapi.yaml (the validator mutates what it is given). */
export function loadOpenApi(): OpenApiDocument {
  return parse(OPENAPI_TEXT) as OpenApiDocument;
}

/** Middleware validating requests (and, when asked, responses) against the contract. */
export function openApiValidator(validateResponses: boolean): RequestHandler[] {
  return OpenApiValidator.middleware({
    apiSpec: loadOpenApi() as never,
    // coerceTypes: false applies to bodies only; the validator always coerces parameters.
    validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false, removeAdditional: false },
    validateResponses: validateResponses ? { removeAdditional: false } : false,
    validateSecurity: false,
    validateFormats: true,
    fileUploader: false,
    // Raw uploads (XML, TMX, TBX, CSV) are streamed by the routes, never buffered here.
    ignoreUndocumented: false,
  }) as unknown as RequestHandler[];
}
