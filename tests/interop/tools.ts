/**
 * The real readers our files must satisfy (`../shared/interop/`): xmllint schema validation,
 * translate-toolkit, OmegaT 3.6 and npm `xliff`. A missing tool fails the test loudly with
 * the command that installs it, unless CARAVAN_SKIP_INTEROP=1 says to skip these tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INTEROP_DIR } from '../helpers/shared.js';

/** True when interop tests are switched off for this run. */
export const SKIP_INTEROP = process.env.CARAVAN_SKIP_INTEROP === '1';

const SETUP = `run ${join(INTEROP_DIR, 'setup.sh')} (as root; see ../shared/interop/README.md), or set CARAVAN_SKIP_INTEROP=1 to skip the interop tests`;
const XLIFF_NPM_DIR = process.env.XLIFF_NPM_DIR ?? '/tmp/clients/npm';

/** Throws with the set-up command when a tool the interop tests need is missing. */
export function requireTools(...tools: ('xmllint' | 'translate-toolkit' | 'omegat' | 'npm-xliff')[]): void {
  for (const tool of tools) {
    const ok = tool === 'xmllint' ? spawnSync('xmllint', ['--version']).status === 0
      : tool === 'translate-toolkit' ? spawnSync('/usr/bin/python3', ['-c', 'import translate.storage.xliff']).status === 0
        : tool === 'omegat' ? existsSync('/usr/share/omegat/OmegaT.jar') && spawnSync('java', ['-version']).status === 0
          : existsSync(join(XLIFF_NPM_DIR, 'node_modules', 'xliff', 'package.json'));
    if (!ok) throw new Error(`interop tool missing: ${tool}; ${SETUP}`);
  }
  if (!existsSync(join(INTEROP_DIR, 'validate.sh'))) throw new Error(`${INTEROP_DIR} not found; ${SETUP}`);
}

/** Output of a tool run. */
export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], timeout = 120_000): ToolRun {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** `validate.sh [--strict] FILE`: the RESULT line's status (valid, valid-strict, invalid, ...) and the output. */
export function validate(file: string, strict = false): { result: string; output: string } {
  const r = run(join(INTEROP_DIR, 'validate.sh'), strict ? ['--strict', file] : [file]);
  const result = /^RESULT (\S+)/m.exec(r.stdout)?.[1] ?? 'no-result';
  return { result, output: r.stdout + r.stderr };
}

/** What translate-toolkit saw (`ttk_check.py FILE`). */
export interface TtkReport {
  format: string;
  units: number;
  with_target: number;
  ttk_translated: number;
  ttk_fuzzy: number;
  with_notes: number;
  with_inline_markup: number;
  roundtrip_ok?: boolean;
  source_language?: string;
  target_language?: string;
  languages?: Record<string, number>;
  first_units?: { source: string; target: string }[];
}

export function ttkCheck(file: string): TtkReport {
  const r = run('/usr/bin/python3', [join(INTEROP_DIR, 'ttk_check.py'), file]);
  if (r.status !== 0) throw new Error(`ttk_check.py failed (${r.status}): ${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout) as TtkReport;
}

/** What npm `xliff` saw (`xliff_js_check.mjs FILE`). */
export interface XliffJsReport {
  ok: boolean;
  version: string;
  sourceLanguage?: string;
  targetLanguage?: string;
  files: number;
  units: number;
  with_target: number;
  error?: string;
}

export function xliffJsCheck(file: string): XliffJsReport {
  const r = run(process.execPath, [join(INTEROP_DIR, 'xliff_js_check.mjs'), file]);
  return JSON.parse(r.stdout) as XliffJsReport;
}

/** What OmegaT 3.6 saw (`omegat_check.sh [--prefill] FILE.xlf [TM.tmx] [GLOSSARY]`). */
export interface OmegatReport {
  omegat_exit: number;
  units_in_file: number;
  segments_found: number;
  translated: number;
  filled_from_tm: number;
  tmx_loaded: Record<string, number>;
  glossary_loaded: Record<string, number>;
  glossary_errors: string[];
  segments: { source: string; target: string | null; origin: string | null }[];
  target_file_written: boolean;
  target_file_well_formed: boolean;
  errors: string[];
}

export function omegatCheck(xlf: string, tmx?: string, glossary?: string, prefill = false): { status: number | null; report: OmegatReport } {
  const args = [...(prefill ? ['--prefill'] : []), xlf, ...(tmx !== undefined || glossary ? [tmx ?? ''] : []), ...(glossary ? [glossary] : [])];
  const r = run(join(INTEROP_DIR, 'omegat_check.sh'), args, 300_000);
  try {
    return { status: r.status, report: JSON.parse(r.stdout) as OmegatReport };
  } catch {
    throw new Error(`omegat_check.sh printed no report (${r.status}): ${r.stdout}${r.stderr}`);
  }
}
