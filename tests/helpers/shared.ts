/**
 * Paths of the test material, and suites and tests that need material from outside the
 * repository (see outside.ts): they run when it is there, are skipped with one line saying what
 * is missing and how to get it when it is not, and fail under CI=true.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { IN_CI, type Need, SAMPLES_DIR, missing } from './outside.js';

export { FIXTURES_DIR, INTEROP_DIR, type Need, REFERENCE_DIR, SAMPLES_DIR, XLIFF_NPM_DIR, missing } from './outside.js';

/** The file names in a folder of the reference samples, or none when the corpus is absent. */
export function sampleFiles(dir: string): string[] {
  return existsSync(join(SAMPLES_DIR, dir)) ? readdirSync(join(SAMPLES_DIR, dir)).sort() : [];
}

/**
 * A suite that runs only with `needs` met. Otherwise its body is not even collected: one
 * skipped test says what is missing, or, under CI, one failing test does.
 */
export function describeNeeding(needs: Need[], name: string, body: () => void): void {
  const why = missing(...needs);
  if (why === undefined) describe(name, body);
  else if (IN_CI) describe(name, () => it(why, () => { throw new Error(`CI=true: ${why}`); }));
  else describe.skip(`${name} (skipped)`, () => it(`skipped: ${why}`, () => undefined));
}

/** A test that runs only with `needs` met; skipped (failing under CI) with the reason otherwise. */
export function itNeeding(needs: Need[], name: string, fn: () => Promise<void> | void, timeout?: number): void {
  const why = missing(...needs);
  if (why === undefined) it(name, fn, timeout);
  else if (IN_CI) it(name, () => { throw new Error(`CI=true: ${why}`); });
  else it.skip(`${name} (skipped: ${why})`, () => undefined);
}
