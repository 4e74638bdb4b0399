/**
 * CLI commands for glossaries and the term base: `caravan glossaries list|create|delete`,
 * `caravan glossary import FILE [--glossary G] [--dry-run] [--format F]`, `caravan glossary
 * export --format F [--glossary G] [--langs L] [--include-traditional] [--out FILE]` and
 * `caravan terms TEXT [--lang L] [--glossary A,B]`. They call the same GlossaryService as the
 * HTTP API, as the system principal (every glossary). Imports go to `default` unless a glossary
 * is named; an export without `--glossary` covers every glossary, as `/glossary/export` does.
 * A JSON export to a file is written through lowdb (atomic and durable), in the bytes the API sends.
 */
import type { Command } from 'commander';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { SYSTEM_PRINCIPAL } from '../domain/auth/roles.js';
import { DEFAULT_COLLECTION, parseGlossaryList } from '../domain/collections.js';
import { UnreadableInputError, ValidationError } from '../domain/errors.js';
import { jsonEntryOf } from '../formats/glossary-json.js';
import { TERMBASE_UPLOAD_FORMATS, type TermbaseUploadFormat } from '../formats/registry.js';
import { EXPORT_FORMATS, type ExportFormat } from '../services/glossary/glossary-exchange.js';
import { writeJsonDocument } from '../store/lowdb/json-documents.js';
import { action, withRuntime } from './context.js';

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(`${option} must be one of ${allowed.join(', ')}`, [{ path: option, message: `must be one of ${allowed.join(', ')}` }]);
  }
  return value as T;
}

/** `caravan glossary import FILE`. */
export async function glossaryImport(file: string, opts: { format?: string; dryRun?: boolean; glossary?: string }): Promise<void> {
  const format = oneOf<TermbaseUploadFormat>(opts.format, TERMBASE_UPLOAD_FORMATS, '--format');
  const handle = await open(file).catch((err: NodeJS.ErrnoException) => {
    throw new UnreadableInputError(`cannot read ${file}: ${err.code ?? err.message}`);
  });
  const report = await withRuntime((rt) => rt.services.glossary.importFile(SYSTEM_PRINCIPAL, opts.glossary ?? DEFAULT_COLLECTION, handle.createReadStream(),
    { ...(format ? { format } : {}), dryRun: opts.dryRun === true }))
    .finally(() => handle.close().catch(() => undefined));
  process.stdout.write(`${report.dryRun ? 'dry run, nothing written: ' : ''}${report.format}, ${report.concepts} concepts: ${report.created} created, `
    + `${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped.length} skipped\n`);
  for (const s of report.skipped) process.stdout.write(`  skipped ${s.index}${s.id ? ` (${s.id})` : ''}${s.term ? ` ${s.term}` : ''}: ${s.reason}\n`);
}

/** `caravan glossary export --format F`. */
export async function glossaryExport(opts: { format: string; langs?: string; includeTraditional?: boolean; out?: string; glossary?: string }): Promise<void> {
  const format = oneOf<ExportFormat>(opts.format, EXPORT_FORMATS, '--format') as ExportFormat;
  const langs = opts.langs?.split(',').map((l) => l.trim()).filter(Boolean);
  await withRuntime(async (rt) => {
    const glossary = rt.services.glossary;
    const glossaries = opts.glossary ? glossary.resolveGlossaries(SYSTEM_PRINCIPAL, [opts.glossary]) : glossary.resolveGlossaries(SYSTEM_PRINCIPAL);
    const file = await glossary.exportFile(SYSTEM_PRINCIPAL, glossaries, { format, ...(langs?.length ? { langs } : {}), includeTraditional: opts.includeTraditional === true },
      opts.glossary === undefined);
    if (opts.out && format === 'json') {
      await writeJsonDocument(opts.out, file.entries.map(jsonEntryOf));
    } else {
      const out = opts.out ? createWriteStream(opts.out) : process.stdout;
      for (const chunk of file.chunks) if (!out.write(chunk)) await once(out, 'drain');
      if (opts.out) {
        out.end();
        await once(out, 'finish');
      }
    }
    if (opts.out) process.stderr.write(`${file.concepts} concepts written to ${opts.out} (${file.format})\n`);
  });
}

/** `caravan terms TEXT`: one line per term: span, text, status, glossary, entry, preferred translations. */
export async function terms(text: string, opts: { lang: string; glossary?: string }): Promise<void> {
  const found = await withRuntime(async (rt) => {
    const glossary = rt.services.glossary;
    return glossary.recognize(text, opts.lang, glossary.resolveGlossaries(SYSTEM_PRINCIPAL, opts.glossary ? parseGlossaryList(opts.glossary, '--glossary') : undefined));
  });
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
  glossary.command('import').description('import a TBX (v2 or v3), CSV, TSV or JSON term base into a glossary, all or nothing')
    .argument('<file>', 'the file')
    .option('--glossary <id>', 'the glossary to import into', DEFAULT_COLLECTION)
    .option('--format <format>', 'tbx | tbx-v2 | tbx-v3 | csv | tsv | json (default: from the file)')
    .option('--dry-run', 'report what would change, change nothing')
    .action(action(glossaryImport));
  glossary.command('export').description('export a glossary (default: every glossary)')
    .requiredOption('--format <format>', 'tbx (TBX v3) | tbx-v2 | csv | tsv | json')
    .option('--glossary <id>', 'the glossary to export')
    .option('--langs <tags>', 'comma-separated languages to keep, e.g. zh-CN,en')
    .option('--include-traditional', 'add zh-TW terms converted with OpenCC')
    .option('--out <file>', 'write to this file (default: standard output)')
    .action(action(glossaryExport));

  program.command('terms').description('recognise glossary terms in a text')
    .argument('<text>', 'the text')
    .option('--lang <tag>', 'language of the text', 'zh-CN')
    .option('--glossary <ids>', 'comma-separated glossaries in priority order (default: every glossary)')
    .action(action(terms));
}
