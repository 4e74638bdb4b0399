/**
 * The real readers our files must satisfy, through the scripts in the reference material's
 * `interop/` (tests/helpers/shared.ts finds it): xmllint schema validation, translate-toolkit,
 * OmegaT 3.6 and npm `xliff` (installed by scripts/setup-interop.sh). The suites that call them
 * declare what they need (`describeNeeding`), so a missing tool skips them with the reason, or
 * fails them under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { INTEROP_DIR, XLIFF_NPM_DIR } from '../helpers/shared.js';

/** Output of a tool run. */
export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], timeout = 120_000): ToolRun {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, XLIFF_NPM_DIR } });
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
