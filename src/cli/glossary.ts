/**
 * CLI commands for glossaries and the term base: `caravan glossaries list|create|delete`,
 * `caravan glossary import FILE [--glossary G] [--dry-run] [--format F]`, `caravan glossary
 * export --format F [--glossary G] [--langs L] [--include-traditional] [--out FILE]` and
 * `caravan terms TEXT [--lang L] [--glossary A,B]`. They call the same GlossaryService as the
 * HTTP API, on the data directory as the system principal (every glossary) or, with `--server
 * URL`, through a running server with the key's scope. Imports go to `default` unless a glossary
 * is named; an export without `--glossary` covers every glossary, as `/glossary/export` does.
 * `glossaries list|create|delete` work on the data directory.
 */
import type { Command } from 'commander';
import { SYSTEM_PRINCIPAL } from '../domain/auth/roles.js';
import { ValidationError } from '../domain/errors.js';
import { TERMBASE_UPLOAD_FORMATS, type TermbaseUploadFormat } from '../formats/registry.js';
import { EXPORT_FORMATS, type ExportFormat } from '../services/glossary/glossary-exchange.js';
import { backendFor, withServerOption } from './connect.js';
import { action, withRuntime, writeOut } from './context.js';
import { fileWithProgress } from './progress.js';

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(`${option} must be one of ${allowed.join(', ')}`, [{ path: option, message: `must be one of ${allowed.join(', ')}` }]);
  }
  return value as T;
}

/** `caravan glossary import FILE`. */
export async function glossaryImport(file: string, opts: { format?: string; dryRun?: boolean; glossary?: string; server?: string }): Promise<void> {
  const format = oneOf<TermbaseUploadFormat>(opts.format, TERMBASE_UPLOAD_FORMATS, '--format');
  const input = await fileWithProgress(file, opts.server ? 'uploading' : 'reading');
  const report = await backendFor(opts).importGlossary(input.stream, { ...(format ? { format } : {}), dryRun: opts.dryRun === true, ...(opts.glossary ? { glossary: opts.glossary } : {}) })
    .finally(() => input.close());
  process.stdout.write(`${report.dryRun ? 'dry run, nothing written: ' : ''}${report.format}, ${report.concepts} concepts: ${report.created} created, `
    + `${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped.length} skipped\n`);
  for (const s of report.skipped) process.stdout.write(`  skipped ${s.index}${s.id ? ` (${s.id})` : ''}${s.term ? ` ${s.term}` : ''}: ${s.reason}\n`);
}

/** `caravan glossary export --format F`. */
export async function glossaryExport(opts: { format: string; langs?: string; includeTraditional?: boolean; out?: string; glossary?: string; server?: string }): Promise<void> {
  const format = oneOf<ExportFormat>(opts.format, EXPORT_FORMATS, '--format') as ExportFormat;
  const langs = opts.langs?.split(',').map((l) => l.trim()).filter(Boolean);
  await backendFor(opts).exportGlossary({ format, ...(langs?.length ? { langs } : {}), includeTraditional: opts.includeTraditional === true,
    ...(opts.glossary ? { glossary: opts.glossary } : {}) }, async (file) => {
    await writeOut(file.chunks, opts.out);
    if (opts.out) process.stderr.write(`${file.total ?? '?'} concepts written to ${opts.out} (${format})\n`);
  });
}

/** `caravan terms TEXT`: one line per term: span, text, status, glossary, entry, preferred translations. */
export async function terms(text: string, opts: { lang: string; glossary?: string; server?: string }): Promise<void> {
  const found = await backendFor(opts).recognize(text, opts.lang, opts.glossary);
  for (const t of found) {
    const translations = Object.entries(t.translations).map(([lang, list]) => `${lang}: ${list[0]?.term ?? ''}`).join('; ');
    process.stdout.write(`${t.start}-${t.end}\t${t.text}\t${t.status}\t${t.glossary}\t${t.entryId}\t${translations}\n`);
  }
}

/** Adds `glossaries`, `glossary` and `terms` to the program. */
export function registerGlossaryCommands(program: Command): void {
  const glossaries = program.command('glossaries').description('glossaries (collections of term entries)');
  glossaries.command('list').description('list glossaries: id, entries, read-only, name, tags')
    .action(action(async () => {
      const list = await withRuntime(async (rt) => rt.services.glossary.listGlossaries(SYSTEM_PRINCIPAL));
      for (const g of list) process.stdout.write(`${g.id}\t${g.stats.entries}\t${g.readOnly ? 'read-only' : 'writable'}\t${g.name}\t${g.tags.join(',')}\n`);
    }));
  glossaries.command('create').description('create a glossary')
    .argument('<id>', 'lower-case letters, digits and -, 1 to 64 characters')
    .requiredOption('--name <name>', 'a name for people')
    .option('--description <text>', 'what the glossary is for')
    .option('--tags <tags>', 'comma-separated labels, e.g. client-a,legal')
    .option('--read-only', 'entries cannot be written')
    .action(action(async (id: string, opts: { name: string; description?: string; tags?: string; readOnly?: boolean }) => {
      const tags = opts.tags?.split(',').map((t) => t.trim()).filter(Boolean);
      const g = await withRuntime((rt) => rt.services.glossary.createGlossary(SYSTEM_PRINCIPAL, { id, name: opts.name, ...(opts.description ? { description: opts.description } : {}),
        ...(tags ? { tags } : {}), readOnly: opts.readOnly === true }));
      process.stdout.write(`glossary ${g.id} "${g.name}" created\n`);
    }));
  glossaries.command('delete').description('delete a glossary with its entries')
    .argument('<id>', 'the glossary')
    .option('--force', 'also when documents use it')
    .action(action(async (id: string, opts: { force?: boolean }) => {
      await withRuntime((rt) => rt.services.glossary.deleteGlossary(SYSTEM_PRINCIPAL, id, { force: opts.force === true }));
      process.stdout.write(`glossary ${id} deleted\n`);
    }));

  const glossary = program.command('glossary').description('term entries of a glossary');
  withServerOption(glossary.command('import').description('import a TBX (v2 or v3), CSV, TSV or JSON term base into a glossary, all or nothing')
    .argument('<file>', 'the file')
    .option('--glossary <id>', 'the glossary to import into (default: default)')
    .option('--format <format>', 'tbx | tbx-v2 | tbx-v3 | csv | tsv | json (default: from the file)')
    .option('--dry-run', 'report what would change, change nothing'))
    .action(action(glossaryImport));
  withServerOption(glossary.command('export').description('export a glossary (default: every glossary)')
    .requiredOption('--format <format>', 'tbx (TBX v3) | tbx-v2 | csv | tsv | json')
    .option('--glossary <id>', 'the glossary to export')
    .option('--langs <tags>', 'comma-separated languages to keep, e.g. zh-CN,en')
    .option('--include-traditional', 'add zh-TW terms converted with OpenCC')
    .option('--out <file>', 'write to this file (default: standard output)'))
    .action(action(glossaryExport));

  withServerOption(program.command('terms').description('recognise glossary terms in a text')
    .argument('<text>', 'the text')
    .option('--lang <tag>', 'language of the text', 'zh-CN')
    .option('--glossary <ids>', 'comma-separated glossaries in priority order (default: every glossary)'))
    .action(action(terms));
}
