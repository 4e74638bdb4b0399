/** Reading validated path and query values (the validator has checked their form). */
import type { Request } from 'express';
import { type MemoryRef, parseGlossaryList, parseMemoryList } from '../domain/collections.js';
import { ValidationError } from '../domain/errors.js';
import type { UnitFilterInput } from '../services/tm/maintenance.js';

/** A positive integer path parameter. */
export function idParam(req: Request, name = 'id'): number {
  const n = Number(req.params[name]);
  if (!Number.isSafeInteger(n) || n < 1) throw new ValidationError(`${name} must be a positive integer`, [{ path: `/params/${name}`, message: 'must be a positive integer' }]);
  return n;
}

/** An integer query parameter with a default. */
export function intQuery(req: Request, name: string, fallback: number): number {
  const raw = (req.query as Record<string, unknown>)[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new ValidationError(`${name} must be a number`, [{ path: `/query/${name}`, message: 'must be a number' }]);
  return n;
}

/** A string query parameter, or undefined. */
export function strQuery(req: Request, name: string): string | undefined {
  const raw = (req.query as Record<string, unknown>)[name];
  return raw === undefined ? undefined : String(raw);
}

/** A boolean query flag: `true` or `1`. */
export function flagQuery(req: Request, name: string): boolean {
  const v = strQuery(req, name);
  return v === 'true' || v === '1';
}

/** The `memories` query parameter (`a,b:5`), or undefined when absent. */
export function memoriesQuery(req: Request, name = 'memories'): MemoryRef[] | undefined {
  const raw = strQuery(req, name);
  return raw === undefined ? undefined : parseMemoryList(raw, `/query/${name}`);
}

/** The unit filter of `GET /tm/units` and `GET /tm/export` from the query string. */
export function filterQuery(req: Request): UnitFilterInput {
  const out: UnitFilterInput = {};
  const memories = memoriesQuery(req);
  if (memories) out.memories = memories.map((m) => m.id);
  for (const name of ['sourceLang', 'targetLang', 'source', 'target', 'originDocument', 'author', 'createdFrom', 'createdTo', 'updatedFrom', 'updatedTo'] as const) {
    const v = strQuery(req, name);
    if (v !== undefined) out[name] = v;
  }
  for (const name of ['minUsage', 'maxUsage'] as const) if (strQuery(req, name) !== undefined) out[name] = intQuery(req, name, 0);
  return out;
}

/** The `glossaries` query parameter (`x,y`), or undefined when absent. */
export function glossariesQuery(req: Request, name = 'glossaries'): string[] | undefined {
  const raw = strQuery(req, name);
  return raw === undefined ? undefined : parseGlossaryList(raw, `/query/${name}`);
}
