/**
 * Shared plumbing for CLI commands: opening the data directory (same stores and services as
 * the server) for one command, writing output, and errors, which print one line (plus the
 * fields at fault) and exit 1, whether they come from this process or from a server.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { loadConfig } from '../config.js';
import { CaravanError, ValidationError } from '../domain/errors.js';
import { createLogger } from '../logger.js';
import { announceFirstAdminKey, openRuntime, type Runtime } from '../runtime.js';
import { ServerError } from './http-client.js';

/** Runs `fn` with an opened runtime, then closes it. */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const runtime = await openRuntime(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel));
  announceFirstAdminKey(runtime, process.stderr);
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

/** Writes chunks to a file (created or replaced) or, without one, to standard output, with backpressure. */
export async function writeOut(chunks: Iterable<string> | AsyncIterable<string>, out?: string): Promise<void> {
  const stream = out ? createWriteStream(out) : process.stdout;
  for await (const chunk of chunks) if (!stream.write(chunk)) await once(stream, 'drain');
  if (out) {
    stream.end();
    await once(stream, 'finish');
  }
}

/** Prints an error for a person and sets a failing exit code. */
export function reportError(err: unknown): void {
  if ((err instanceof ValidationError || err instanceof ServerError) && err.errors.length) {
    process.stderr.write(`caravan: ${err.message}\n${err.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}\n`);
  } else if (err instanceof CaravanError || (err instanceof Error && /Error$/.test(err.name) && err.name !== 'Error')) {
    process.stderr.write(`caravan: ${(err as Error).message}\n`);
  } else {
    process.stderr.write(`caravan: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  }
  process.exitCode = 1;
}

/** Wraps an async command action so failures are reported, not thrown. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      reportError(err);
    }
  };
}
