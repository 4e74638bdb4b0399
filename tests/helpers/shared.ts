/**
 * Where the team's shared material lives: `../shared` beside the repository (CI and the main
 * checkout), or further up for a git worktree (`/work/wt/<name>` next to `/work/shared`).
 * `CARAVAN_SHARED_DIR` overrides both.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/version.js';

function findShared(): string {
  const override = process.env.CARAVAN_SHARED_DIR;
  if (override) return override;
  let dir = PACKAGE_ROOT;
  for (let i = 0; i < 4; i++) {
    const candidate = join(dirname(dir), 'shared');
    if (existsSync(join(candidate, 'reference'))) return candidate;
    dir = dirname(dir);
  }
  return join(dirname(PACKAGE_ROOT), 'shared');
}

/** The shared directory (reference samples, schemas, interop tools). */
export const SHARED_DIR = findShared();
/** Real-world sample files: `xliff1/`, `xliff2/`, `tmx/`, `tbx/`. */
export const SAMPLES_DIR = join(SHARED_DIR, 'reference', 'samples');
/** The interop tools: validate.sh, ttk_check.py, omegat_check.sh, xliff_js_check.mjs. */
export const INTEROP_DIR = join(SHARED_DIR, 'interop');
/** Our own golden fixtures. */
export const FIXTURES_DIR = join(PACKAGE_ROOT, 'tests', 'fixtures');
