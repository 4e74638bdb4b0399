/** Reading validated path and query values (the validator has checked their form). */
import type { Request } from 'express';
import { ValidationError } from '../domain/errors.js';

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
