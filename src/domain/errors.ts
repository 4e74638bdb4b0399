/**
 * Errors the domain and services raise, each with a stable machine-readable `code`.
 *
 * They say nothing about HTTP: `http/problem.ts` maps codes to statuses and RFC 9457
 * problem documents, and the CLI prints the message.
 */

/** One invalid field: a JSON-pointer-like path and what is wrong with it. */
export interface FieldError {
  path: string;
  message: string;
}

/** Base class: a failure the caller caused or can act on. */
export class CaravanError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule (empty text, bad language tag, out-of-range value). */
export class ValidationError extends CaravanError {
  constructor(message: string, readonly errors: FieldError[] = []) {
    super('validation', message);
  }
}

/** A resource that does not exist (`where` narrows it: `in glossary "default"`). */
export class NotFoundError extends CaravanError {
  constructor(readonly resource: string, readonly id: string | number, where?: string) {
    super('not-found', `${resource} ${JSON.stringify(String(id))} does not exist${where ? ` ${where}` : ''}`);
  }
}

/** A write to a collection (memory, glossary) marked read-only. */
export class ReadOnlyError extends CaravanError {
  constructor(readonly kind: string, readonly id: string) {
    super('read-only', `${kind} "${id}" is read-only; an admin can clear readOnly to allow writes`);
  }
}

/** A write that would contradict stored data (duplicate term, name clash). */
export class ConflictError extends CaravanError {
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super('conflict', message);
  }
}

/** A write that named no version to update (If-Match missing). */
export class PreconditionRequiredError extends CaravanError {
  constructor(message: string) {
    super('precondition-required', message);
  }
}

/** A write that named a version which is no longer current (stale If-Match). */
export class PreconditionFailedError extends CaravanError {
  constructor(message: string, readonly currentVersion?: number) {
    super('precondition-failed', message);
  }
}

/** A file or payload the importers cannot read (malformed XML, wrong root, bad encoding). */
export class UnreadableInputError extends CaravanError {
  constructor(message: string, readonly format?: string) {
    super('unreadable-input', message);
  }
}

/** A payload over a size limit. */
export class PayloadTooLargeError extends CaravanError {
  constructor(message: string) {
    super('payload-too-large', message);
  }
}

/** An operation the caller may not do on this resource, whatever its role (a write to a read-only memory). */
export class ForbiddenError extends CaravanError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** The store cannot be reached (the database is restarting or away): retry later. */
export class StoreUnavailableError extends CaravanError {
  constructor(message: string) {
    super('unavailable', message);
  }
}
