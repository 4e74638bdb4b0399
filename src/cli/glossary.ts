/**
 * CLI commands for the term base: `caravan glossary import FILE [--dry-run] [--format F]`,
 * `caravan glossary export --format F [--langs L] [--include-traditional] [--out FILE]` and
 * `caravan terms TEXT [--lang L]`. They call the same GlossaryService as the HTTP API, on the
 * data directory or, with `--server URL`, through a running server.
 */
import { ValidationError } from '../domain/errors.js';
import { TERMBASE_UPLOAD_FORMATS, type TermbaseUploadFormat } from '../formats/registry.js';
import { EXPORT_FORMATS, type ExportFormat } from '../services/glossary/glossary-exchange.js';
import { backendFor } from './connect.js';
import { writeOut } from './context.js';
import { fileWithProgress } from './progress.js';

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(`${option} must be one of ${allowed.join(', ')}`, [{ path: option, message: `must be one of ${allowed.join(', ')}` }]);
  }
  return value as T;
}

/** `caravan glossary import FILE`. */
export async function glossaryImport(file: string, opts: { format?: string; dryRun?: boolean; server?: string }): Promise<void> {
  const format = oneOf<TermbaseUploadFormat>(opts.format, TERMBASE_UPLOAD_FORMATS, '--format');
  const input = await fileWithProgress(file, opts.server ? 'uploading' : 'reading');
  const report = await backendFor(opts).importGlossary(input.stream, { ...(format ? { format } : {}), dryRun: opts.dryRun === true })
    .finally(() => input.close());
  process.stdout.write(`${report.dryRun ? 'dry run, nothing written: ' : ''}${report.format}, ${report.concepts} concepts: ${report.created} created, `
    + `${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped.length} skipped\n`);
  for (const s of report.skipped) process.stdout.write(`  skipped ${s.index}${s.id ? ` (${s.id})` : ''}${s.term ? ` ${s.term}` : ''}: ${s.reason}\n`);
}

/** `caravan glossary export --format F`. */
export async function glossaryExport(opts: { format: string; langs?: string; includeTraditional?: boolean; out?: string; server?: string }): Promise<void> {
  const format = oneOf<ExportFormat>(opts.format, EXPORT_FORMATS, '--format') as ExportFormat;
  const langs = opts.langs?.split(',').map((l) => l.trim()).filter(Boolean);
  await backendFor(opts).exportGlossary({ format, ...(langs?.length ? { langs } : {}), includeTraditional: opts.includeTraditional === true }, async (file) => {
    await writeOut(file.chunks, opts.out);
    if (opts.out) process.stderr.write(`${file.total ?? '?'} concepts written to ${opts.out} (${format})\n`);
  });
}

/** `caravan terms TEXT`: one line per term: span, text, status, entry, preferred translations. */
export async function terms(text: string, opts: { lang: string; server?: string }): Promise<void> {
  const found = await backendFor(opts).recognize(text, opts.lang);
  for (const t of found) {
    const translations = Object.entries(t.translations).map(([lang, list]) => `${lang}: ${list[0]?.term ?? ''}`).join('; ');
    process.stdout.write(`${t.start}-${t.end}\t${t.text}\t${t.status}\t${t.entryId}\t${translations}\n`);
  }
}
