/**
 * CLI commands for the agency workflow, with progress bars: `caravan xliff export DOC`,
 * `caravan xliff import DOC FILE`, `caravan tm import FILE.tmx`, `caravan tm export` and
 * `caravan analyze DOC`. They call the same services as the HTTP routes.
 */
import type { Command } from 'commander';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { type Band, BAND_LABELS, parseWeights } from '../domain/analysis/bands.js';
import { SYSTEM_PRINCIPAL } from '../domain/auth/roles.js';
import { ValidationError } from '../domain/errors.js';
import { analysisCsv, analysisHtml } from '../formats/analysis-report.js';
import { DEFAULT_FILL } from '../services/exchange/xliff-exchange.js';
import { action, withRuntime } from './context.js';
import { glossariesOption, memoriesOption } from './memories.js';
import { fileWithProgress, progressBar } from './progress.js';

function documentId(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1) throw new ValidationError(`DOC must be a document id (a positive integer), not "${value}"`);
  return id;
}

async function writeOut(chunks: Iterable<string> | AsyncIterable<string>, out?: string): Promise<void> {
  const stream = out ? createWriteStream(out) : process.stdout;
  for await (const chunk of chunks) if (!stream.write(chunk)) await once(stream, 'drain');
  if (out) {
    stream.end();
    await once(stream, 'finish');
  }
}

/** A `--section N` option: a section index (0, 1, ...), or undefined when not given. */
function sectionOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new ValidationError('--section must be a section index (0, 1, ...)');
  return n;
}

/** `caravan xliff export DOC --version 1.2|2.1 [--fill N] [--untranslated source|empty] [--section N] [--out FILE]`. */
export async function xliffExport(doc: string, opts: { version: string; fill?: string; untranslated?: string; section?: string; out?: string; memories?: string; glossaries?: string }): Promise<void> {
  if (opts.version !== '1.2' && opts.version !== '2.1') throw new ValidationError('--version must be 1.2 or 2.1');
  const fill = opts.fill === undefined ? DEFAULT_FILL : Number(opts.fill);
  if (!Number.isFinite(fill) || fill < 0 || fill > 101) throw new ValidationError('--fill must be a number from 0 to 101');
  const untranslated = opts.untranslated ?? 'source';
  if (untranslated !== 'source' && untranslated !== 'empty') throw new ValidationError('--untranslated must be source or empty');
  const section = sectionOption(opts.section);
  const bar = progressBar('matching', 'segments');
  await withRuntime(async (rt) => {
    const memories = memoriesOption(opts.memories);
    const glossaries = glossariesOption(opts.glossaries);
    const file = await rt.services.xliff.exportDocument(documentId(doc), { version: opts.version as '1.2' | '2.1', fill, untranslatedTarget: untranslated,
      ...(memories ? { memories } : {}), ...(glossaries ? { glossaries } : {}), ...(section === undefined ? {} : { section }),
      progress: (done, total) => bar.update(done, total) }, SYSTEM_PRINCIPAL);
    bar.stop();
    await writeOut(file.chunks, opts.out ?? file.filename);
    process.stderr.write(`wrote ${opts.out ?? file.filename}\n`);
  });
}

/** `caravan xliff import DOC FILE`. */
export async function xliffImport(doc: string, file: string, opts: { memory?: string } = {}): Promise<void> {
  const input = await fileWithProgress(file, 'reading');
  const report = await withRuntime((rt) => rt.services.xliff.importDocument(documentId(doc), input.stream, SYSTEM_PRINCIPAL, opts.memory ? { memory: opts.memory } : {}))
    .finally(() => input.close());
  process.stdout.write(`${report.updated} segments updated, ${report.addedToTm} units added to the TM, ${report.skipped.length} skipped, `
    + `${report.qa.reduce((n, q) => n + q.issues.length, 0)} term issues\n`);
  for (const q of report.qa) for (const i of q.issues) process.stdout.write(`  unit ${q.unit}: ${i.message}\n`);
}

/** `caravan tm import FILE.tmx [--from L] [--to L] [--dry-run]`. */
export async function tmImport(file: string, opts: { from?: string; to?: string; dryRun?: boolean; memory?: string }): Promise<void> {
  const input = await fileWithProgress(file, 'importing');
  const report = await withRuntime(async (rt) => rt.services.tmx.importTmx(input.stream,
    { memory: await rt.services.memories.writable(SYSTEM_PRINCIPAL, opts.memory), ...(opts.from ? { sourceLang: opts.from } : {}),
      ...(opts.to ? { targetLang: opts.to } : {}), dryRun: opts.dryRun === true }, SYSTEM_PRINCIPAL))
    .finally(() => input.close());
  process.stdout.write(`${report.dryRun ? 'dry run, nothing written: ' : ''}${report.imported} imported, ${report.updated} updated, ${report.skippedTotal} skipped\n`);
  for (const s of report.skipped) process.stdout.write(`  skipped: ${s.reason}\n`);
}

/** `caravan tm export [--from L] [--to L] [--out FILE]`: TMX 1.4b. */
export async function tmExport(opts: { from?: string; to?: string; out?: string; memories?: string }): Promise<void> {
  await withRuntime(async (rt) => {
    const memories = memoriesOption(opts.memories)?.map((m) => m.id);
    const filter = await rt.services.maintenance.resolve(SYSTEM_PRINCIPAL, { ...(memories ? { memories } : {}),
      ...(opts.from ? { sourceLang: opts.from } : {}), ...(opts.to ? { targetLang: opts.to } : {}) }, 'read');
    const total = (await rt.services.tm.stats(filter.memories)).units;
    const bar = progressBar('exporting', 'units', total);
    let done = 0;
    const counted = (async function* () {
      for await (const chunk of rt.services.tmx.exportTmx(rt.services.maintenance.walk(filter), filter.sourceLang)) {
        done += (chunk.match(/<tu[\s>]/g) ?? []).length;
        bar.update(done);
        yield chunk;
      }
    })();
    await writeOut(counted, opts.out ?? rt.services.tmx.exportName(filter));
    bar.stop();
    process.stderr.write(`${done} units written to ${opts.out ?? rt.services.tmx.exportName(filter)}\n`);
  });
}

/** `caravan analyze DOC [--format table|json|csv|html] [--weights W] [--section N] [--out FILE]`. */
export async function analyze(doc: string, opts: { format?: string; weights?: string; section?: string; out?: string; memories?: string }): Promise<void> {
  const format = opts.format ?? 'table';
  if (!['table', 'json', 'csv', 'html'].includes(format)) throw new ValidationError('--format must be table, json, csv or html');
  let weights: Partial<Record<Band, number>> | undefined;
  try {
    weights = opts.weights ? parseWeights(opts.weights) : undefined;
  } catch (err) {
    throw new ValidationError(`--weights: ${(err as Error).message}`);
  }
  const section = sectionOption(opts.section);
  const bar = progressBar('analysing', 'segments');
  const memories = memoriesOption(opts.memories);
  const { document, section: analysed, result } = await withRuntime((rt) => rt.services.analysis.analyse(documentId(doc), SYSTEM_PRINCIPAL,
    { ...(weights ? { weights } : {}), ...(memories ? { memories } : {}), ...(section === undefined ? {} : { section }) }, (done, total) => bar.update(done, total)));
  bar.stop();
  let text: string;
  if (format === 'json') text = `${JSON.stringify({ document: { id: document.id, name: document.name }, ...(analysed ? { section: analysed } : {}), ...result }, null, 2)}\n`;
  else if (format === 'csv') text = analysisCsv(result);
  else if (format === 'html') {
    text = analysisHtml(result, { document: document.name, title: document.meta.title, ...(analysed ? { section: analysed } : {}),
      sourceLang: document.sourceLang, targetLang: document.targetLang, generatedAt: new Date().toISOString() });
  }
  else {
    const rows = result.bands.map((b) => `${BAND_LABELS[b.band].padEnd(16)}${String(b.segments).padStart(9)}${String(b.characters).padStart(12)}${b.weighted === undefined ? '' : String(b.weighted).padStart(12)}`);
    text = `${document.name}${analysed ? `, section ${analysed.index}` : ''} (${document.sourceLang} → ${document.targetLang})\n${'band'.padEnd(16)}${'segments'.padStart(9)}${'characters'.padStart(12)}${weights ? 'weighted'.padStart(12) : ''}\n`
      + `${rows.join('\n')}\n${'total'.padEnd(16)}${String(result.total.segments).padStart(9)}${String(result.total.characters).padStart(12)}${result.total.weighted === undefined ? '' : String(result.total.weighted).padStart(12)}\n`;
  }
  await writeOut([text], opts.out);
}

/** Adds `xliff export|import`, `tm import|export` (to an existing `tm` group if there is one) and `analyze`. */
export function registerExchangeCommands(program: Command): void {
  const xliff = program.command('xliff').description('XLIFF files for CAT tools');
  xliff.command('export').description('write a document as XLIFF with TM matches and terms')
    .argument('<doc>', 'document id')
    .option('--version <v>', 'XLIFF version: 1.2 or 2.1', '1.2')
    .option('--fill <score>', 'lowest match score that fills a target', String(DEFAULT_FILL))
    .option('--untranslated <what>', 'target of unfilled units: source (copy) or empty', 'source')
    .option('--section <n>', 'only this section (article) of the document')
    .option('--out <file>', 'output file (default: <name>.<target>.xlf)')
    .option('--memories <ids>', 'memories to take matches from instead of the document\'s, e.g. client-a,general:10')
    .option('--glossaries <ids>', 'glossaries to take terms from instead of the document\'s')
    .action(action(xliffExport));
  xliff.command('import').description('take a translated XLIFF file back into the document and the TM')
    .argument('<doc>', 'document id').argument('<file>', 'XLIFF file')
    .option('--memory <id>', 'memory the confirmed units go to (default: the document\'s)')
    .action(action(xliffImport));

  const tm = program.commands.find((c) => c.name() === 'tm') ?? program.command('tm').description('translation memory');
  tm.command('import').description('import a TMX file (1.4b or 1.1, UTF-8 or UTF-16), all or nothing')
    .argument('<file>', 'TMX file')
    .option('--from <lang>', 'source language to take (default: the header srclang)')
    .option('--to <lang>', 'target language to take (default: every other language)')
    .option('--dry-run', 'report what would change without writing')
    .option('--memory <id>', 'memory to import into (default: default)')
    .action(action(tmImport));
  tm.command('export').description('export the TM as TMX 1.4b')
    .option('--memories <ids>', 'only these memories (default: all)')
    .option('--from <lang>', 'only units with this source language')
    .option('--to <lang>', 'only units with this target language')
    .option('--out <file>', 'output file (default: caravan-<from>-<to>.tmx)')
    .action(action(tmExport));

  program.command('analyze').description('analyse a document against the TM in match bands')
    .argument('<doc>', 'document id')
    .option('--format <f>', 'table, json, csv or html', 'table')
    .option('--weights <w>', 'per-band weights, e.g. 101:0,repetitions:0.1,100:0.2,95-99:0.4,none:1')
    .option('--section <n>', 'only this section (article) of the document')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--memories <ids>', 'memories to analyse against instead of the document\'s, e.g. client-a,general:10')
    .action(action(analyze));
}
