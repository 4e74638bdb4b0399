/**
 * Material from outside the repository that some tests need, found through one setting, and
 * the check run once before the tests (vitest `globalSetup`).
 *
 * `CARAVAN_REFERENCE_DIR` names a directory holding `reference/` (real files from CAT tools and
 * test suites in `reference/samples/`, the official schemas in `reference/schemas/`) and
 * `interop/` (the scripts that run real readers on our files). Without the setting, the first
 * `shared/` beside the repository or beside one of its parents is used (`../shared` next to a
 * clone; `/work/shared` for a git worktree in `/work/wt/<name>`). The interop tools themselves
 * (xmllint, translate-toolkit, OmegaT, npm `xliff`) are installed by `scripts/setup-interop.sh`.
 *
 * None of it is in the repository (third-party files are not ours to copy), so a fresh clone
 * runs everything else and skips these tests with one line saying what is missing and how to
 * get it (`describeNeeding` and `itNeeding` in shared.ts; `setup` below prints the lines once per
 * run). Under `CI=true` an absence is a failure instead: CI must run every test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../src/version.js';

/** Parent directories searched for a `shared/` directory when the setting is absent. */
const SEARCH_LEVELS = 3;

function findReferenceDir(): string | undefined {
  const setting = process.env.CARAVAN_REFERENCE_DIR;
  if (setting) return resolve(setting);
  let dir = PACKAGE_ROOT;
  for (let i = 0; i < SEARCH_LEVELS; i++) {
    const candidate = join(dirname(dir), 'shared');
    if (existsSync(join(candidate, 'reference')) || existsSync(join(candidate, 'interop'))) return candidate;
    if (dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  return undefined;
}

/** The directory with `reference/` and `interop/`, when there is one. */
export const REFERENCE_DIR = findReferenceDir();
/** Where the search went, for messages. */
const LOOKED_AT = process.env.CARAVAN_REFERENCE_DIR ? `CARAVAN_REFERENCE_DIR=${process.env.CARAVAN_REFERENCE_DIR}` : `no shared/ beside ${PACKAGE_ROOT} or its parents`;
/** Real-world sample files: `xliff1/`, `xliff2/`, `tmx/`, `tbx/`. */
export const SAMPLES_DIR = join(REFERENCE_DIR ?? join(PACKAGE_ROOT, '..', 'shared'), 'reference', 'samples');
/** The interop scripts: validate.sh, ttk_check.py, omegat_check.sh, xliff_js_check.mjs. */
export const INTEROP_DIR = join(REFERENCE_DIR ?? join(PACKAGE_ROOT, '..', 'shared'), 'interop');
/** Our own golden fixtures (always present). */
export const FIXTURES_DIR = join(PACKAGE_ROOT, 'tests', 'fixtures');
/** Where scripts/setup-interop.sh installs npm `xliff` (outside the repository). */
export const XLIFF_NPM_DIR = process.env.XLIFF_NPM_DIR ?? '/tmp/clients/npm';
/** True when absences must fail (CI). */
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/** Something from outside the repository a test needs. */
export type Need = 'reference' | 'interop' | 'xmllint' | 'translate-toolkit' | 'omegat' | 'npm-xliff';

const HOW_REFERENCE = 'set CARAVAN_REFERENCE_DIR to the directory holding reference/ and interop/ (README, "Tests")';
const HOW_TOOLS = 'install the interop tools with scripts/setup-interop.sh (as root, on Debian)';

const CHECKS: Record<Need, { what: string; how: string; ok: () => boolean }> = {
  reference: { what: 'the reference corpus (reference/samples, reference/schemas)', how: HOW_REFERENCE,
    ok: () => existsSync(join(SAMPLES_DIR, 'xliff1')) && existsSync(join(SAMPLES_DIR, '..', 'schemas')) },
  interop: { what: 'the interop scripts (interop/validate.sh ...)', how: HOW_REFERENCE, ok: () => existsSync(join(INTEROP_DIR, 'validate.sh')) },
  xmllint: { what: 'xmllint', how: HOW_TOOLS, ok: () => spawnSync('xmllint', ['--version']).status === 0 },
  'translate-toolkit': { what: 'translate-toolkit', how: HOW_TOOLS,
    ok: () => spawnSync('/usr/bin/python3', ['-c', 'import translate.storage.xliff']).status === 0 },
  omegat: { what: 'OmegaT', how: HOW_TOOLS, ok: () => existsSync('/usr/share/omegat/OmegaT.jar') && spawnSync('java', ['-version']).status === 0 },
  'npm-xliff': { what: `npm xliff (in ${XLIFF_NPM_DIR})`, how: HOW_TOOLS, ok: () => existsSync(join(XLIFF_NPM_DIR, 'node_modules', 'xliff', 'package.json')) },
};
const known = new Map<Need, boolean>();

/** The needs that are not met, each checked once per process. */
export function unmet(needs: readonly Need[]): Need[] {
  return needs.filter((n) => {
    if (!known.has(n)) known.set(n, CHECKS[n].ok());
    return known.get(n) === false;
  });
}

/** One line naming what of `needs` is missing and how to get it; undefined when nothing is. */
export function missing(...needs: Need[]): string | undefined {
  const gone = unmet(needs);
  if (gone.length === 0) return undefined;
  const where = gone.some((n) => n === 'reference' || n === 'interop') ? ` (${LOOKED_AT})` : '';
  const hows = [...new Set(gone.map((n) => CHECKS[n].how))].join('; ');
  return `${gone.map((n) => CHECKS[n].what).join(', ')} not found${where}; ${hows}`;
}

/** Every need, for the check before the run. */
const EVERY_NEED = Object.keys(CHECKS) as Need[];

/**
 * vitest `globalSetup`: one line per missing piece of outside material, before any test runs;
 * under CI=true the run stops there.
 */
export default function setup(): void {
  // One line per way of getting what is missing: the reference material, the tools.
  const groups = [...new Set(unmet(EVERY_NEED).map((n) => CHECKS[n].how))];
  const lines = groups.map((how) => missing(...EVERY_NEED.filter((n) => CHECKS[n].how === how)) as string);
  if (lines.length === 0) return;
  if (IN_CI) throw new Error(`CI=true and outside material is missing; every test must run:\n${lines.map((l) => `  ${l}`).join('\n')}`);
  process.stdout.write(`${lines.map((l) => `Skipping the tests that need outside material: ${l}`).join('\n')}\n`);
}
