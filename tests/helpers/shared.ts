/**
 * Where the team's shared material lives (`shared/`: reference samples and schemas, interop
 * tools). CI checks the repository out with `../shared` beside it; a git worktree sits one
 * level deeper (`<root>/wt/<name>`), so look there too. `CARAVAN_SHARED_DIR` overrides both.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../src/version.js';

function findShared(): string {
  const candidates = [process.env.CARAVAN_SHARED_DIR, join(PACKAGE_ROOT, '..', 'shared'), join(PACKAGE_ROOT, '..', '..', 'shared')];
  for (const c of candidates) if (c && existsSync(join(c, 'reference'))) return resolve(c);
  return resolve(PACKAGE_ROOT, '..', 'shared');
}

/** The shared directory (reference samples, schemas, interop scripts). */
export const SHARED_DIR = findShared();
