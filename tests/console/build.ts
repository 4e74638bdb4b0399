/**
 * The built console for tests: `scripts/ensure-build.mjs console` builds dist/console when it
 * is missing or older than its sources (the script's lock makes parallel test files wait for
 * one build), and the first-load size is measured from what index.html loads.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CONSOLE_DIR } from '../../src/http/console.js';
import { PACKAGE_ROOT } from '../../src/version.js';

/** Longest a console build may take on a busy 2-core machine. */
export const BUILD_TIMEOUT_MS = 180_000;

/** Builds the console if needed; returns its directory. */
export function ensureConsoleBuilt(): string {
  execFileSync(process.execPath, [join(PACKAGE_ROOT, 'scripts', 'ensure-build.mjs'), 'console'], { cwd: PACKAGE_ROOT, stdio: 'pipe', timeout: BUILD_TIMEOUT_MS });
  return CONSOLE_DIR;
}

/** Scripts a page loads before it can run: its module entry and the modules it preloads, as paths under dist/console. */
export function firstLoadScripts(html: string): string[] {
  const entry = [...html.matchAll(/<script[^>]*\bsrc="\/([^"]+)"/g)].map((m) => m[1] as string);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+)"/g)].map((m) => m[1] as string);
  return [...entry, ...preloads];
}

/** Gzip (level 9) bytes of the scripts a page of the built console loads first. */
export function firstLoadGzipBytes(dir: string, page: string): { files: string[]; raw: number; gzip: number } {
  const files = firstLoadScripts(readFileSync(join(dir, page), 'utf8'));
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = readFileSync(join(dir, f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, raw, gzip };
}
