/**
 * CLI commands for the agency workflow, with progress bars: `caravan xliff export DOC`,
 * `caravan xliff import DOC FILE`, `caravan tm import FILE.tmx`, `caravan tm export` and
 * `caravan analyze DOC`. They call the same services as the HTTP routes, on the data directory
 * or, with `--server URL`, through a running server's API (connect.ts). Imports show the file
 * being read (uploaded, with `--server`); exports the units or segments written as they come.
 */
import type { Command } from 'commander';
import { BAND_LABELS } from '../domain/analysis/bands.js';
import { ValidationError } from '../domain/errors.js';
import { DEFAULT_FILL } from '../services/exchange/xliff-exchange.js';
import { type Collections, counting } from './backend.js';
import { backendFor, withServerOption } from './connect.js';
import { action, writeOut } from './context.js';
import { fileWithProgress, progressBar } from './progress.js';

/** Longest match of the `<tu` pattern counted in an export (a boundary may split it). */
const LONGEST_TU_TAG = 4;

/** The options a command was given that name memories or glossaries, and only those. */
function collections(opts: Collections): Collections {
  const out: Collections = {};
  if (opts.memories !== undefined) out.memories = opts.memories;
  if (opts.glossaries !== undefined) out.glossaries = opts.glossaries;
  if (opts.memory !== undefined) out.memory = opts.memory;
  return out;
}

/** A `--section N` option: a section index (0, 1, ...), or undefined when not given. */
function sectionOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new ValidationError('--section must be a section index (0, 1, ...)');
  return n;
}

function documentId(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1) throw new ValidationError(`DOC must be a document id (a positive integer), not "${value}"`);
  return id;
}

/** `caravan xliff export DOC --version 1.2|2.1 [--fill N] [--untranslated source|empty] [--section N] [--out FILE] [--server URL]`. */
export async function xliffExport(doc: string, opts: { version: string; fill?: string; untranslated?: string; section?: string; out?: string; memories?: string; glossaries?: string; server?: string }): Promise<void> {
  if (opts.version !== '1.2' && opts.version !== '2.1') throw new ValidationError('--version must be 1.2 or 2.1');
  const fill = opts.fill === undefined ? DEFAULT_FILL : Number(opts.fill);
  if (!Number.isFinite(fill) || fill < 0 || fill > 101) throw new ValidationError('--fill must be a number from 0 to 101');
  const untranslated = opts.untranslated ?? 'source';
  if (untranslated !== 'source' && untranslated !== 'empty') throw new ValidationError('--untranslated must be source or empty');
  const section = sectionOption(opts.section);
  const bar = progressBar(opts.server ? 'downloading' : 'matching', 'segments');
  await backendFor(opts).exportXliff(documentId(doc), { version: opts.version, fill, untranslatedTarget: untranslated, ...collections(opts),
    ...(section === undefined ? {} : { section }) }, bar, async (file) => {
    const path = opts.out ?? file.name;
    await writeOut(file.chunks, path);
    process.stderr.write(`wrote ${path}\n`);
  });
}

/** `caravan xliff import DOC FILE [--server URL]`. */
export async function xliffImport(doc: string, file: string, opts: { memory?: string; server?: string } = {}): Promise<void> {
  const id = documentId(doc);
  const input = await fileWithProgress(file, opts.server ? 'uploading' : 'reading');
  const report = await backendFor(opts).importXliff(id, input.stream, opts.memory !== undefined ? { memory: opts.memory } : {}).finally(() => input.close());
  process.stdout.write(`${report.updated} segments updated, ${report.addedToTm} units added to the TM, ${report.skipped.length} skipped, `
    + `${report.qa.reduce((n, q) => n + q.issues.length, 0)} term issues\n`);
  for (const s of report.skipped) process.stdout.write(`  skipped unit ${s.unit}: ${s.reason}\n`);
  for (const q of report.qa) for (const i of q.issues) process.stdout.write(`  unit ${q.unit}: ${i.message}\n`);
}

/** `caravan tm import FILE.tmx [--from L] [--to L] [--dry-run] [--server URL]`. */
export async function tmImport(file: string, opts: { from?: string; to?: string; dryRun?: boolean; memory?: string; server?: string }): Promise<void> {
  const input = await fileWithProgress(file, opts.server ? 'uploading' : 'importing');
  const report = await backendFor(opts).importTmx(input.stream, { ...(opts.from ? { sourceLang: opts.from } : {}), ...(opts.to ? { targetLang: opts.to } : {}),
    ...(opts.memory !== undefined ? { memory: opts.memory } : {}), dryRun: opts.dryRun === true })
    .finally(() => input.close());
  process.stdout.write(`${report.dryRun ? 'dry run, nothing written: ' : ''}${report.imported} imported, ${report.updated} updated, ${report.skippedTotal} skipped\n`);
  for (const s of report.skipped) process.stdout.write(`  skipped tu ${s.tu}${s.tuid === undefined ? '' : ` (${s.tuid})`}: ${s.reason}\n`);
}

/** `caravan tm export [--from L] [--to L] [--out FILE] [--server URL]`: TMX 1.4b. */
export async function tmExport(opts: { from?: string; to?: string; out?: string; memories?: string; server?: string }): Promise<void> {
  await backendFor(opts).exportTmx({ ...(opts.from ? { sourceLang: opts.from } : {}), ...(opts.to ? { targetLang: opts.to } : {}),
    ...(opts.memories !== undefined ? { memories: opts.memories } : {}) }, async (file) => {
    const bar = progressBar(opts.server ? 'downloading' : 'exporting', 'units', file.total);
    const path = opts.out ?? file.name;
    let count = 0;
    await writeOut(counting(file.chunks, /<tu[\s>]/, LONGEST_TU_TAG, (n) => {
      count = n;
      bar.update(n, Math.max(n, file.total ?? 0));
    }), path);
    bar.stop();
    process.stderr.write(`${count} units written to ${path}\n`);
  });
}

/** `caravan analyze DOC [--format table|json|csv|html] [--weights W] [--section N] [--out FILE] [--server URL]`. */
export async function analyze(doc: string, opts: { format?: string; weights?: string; section?: string; out?: string; memories?: string; server?: string }): Promise<void> {
  const format = opts.format ?? 'table';
  if (!['table', 'json', 'csv', 'html'].includes(format)) throw new ValidationError('--format must be table, json, csv or html');
  const id = documentId(doc);
  const backend = backendFor(opts);
  const section = sectionOption(opts.section);
  const analysisOptions = { ...(opts.weights !== undefined ? { weights: opts.weights } : {}), ...(opts.memories !== undefined ? { memories: opts.memories } : {}),
    ...(section === undefined ? {} : { section }) };
  if (format === 'csv' || format === 'html') {
    await writeOut([await backend.analysisFile(id, format, analysisOptions)], opts.out);
    return;
  }
  const report = await backend.analysis(id, analysisOptions, progressBar('analysing', 'segments'));
  let text: string;
  if (format === 'json') text = `${JSON.stringify(report, null, 2)}\n`;
  else {
    const weighted = report.total.weighted !== undefined;
    const rows = report.bands.map((b) => `${BAND_LABELS[b.band].padEnd(16)}${String(b.segments).padStart(9)}${String(b.characters).padStart(12)}${b.weighted === undefined ? '' : String(b.weighted).padStart(12)}`);
    text = `${report.document.name}${report.section ? `, section ${report.section.index}` : ''} (${report.document.sourceLang} → ${report.document.targetLang})\n${'band'.padEnd(16)}${'segments'.padStart(9)}${'characters'.padStart(12)}${weighted ? 'weighted'.padStart(12) : ''}\n`
      + `${rows.join('\n')}\n${'total'.padEnd(16)}${String(report.total.segments).padStart(9)}${String(report.total.characters).padStart(12)}${weighted ? String(report.total.weighted).padStart(12) : ''}\n`;
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
    .option('--glossaries <ids>', 'glossaries to take terms from instead of the document\'s');
  withServerOption(xliff.commands.at(-1) as Command).action(action(xliffExport));
  withServerOption(xliff.command('import').description('take a translated XLIFF file back into the document and the TM')
    .argument('<doc>', 'document id').argument('<file>', 'XLIFF file')
    .option('--memory <id>', 'memory the confirmed units go to (default: the document\'s)'))
    .action(action(xliffImport));

  const tm = program.commands.find((c) => c.name() === 'tm') ?? program.command('tm').description('translation memory');
  withServerOption(tm.command('import').description('import a TMX file (1.4b or 1.1, UTF-8 or UTF-16), all or nothing')
    .argument('<file>', 'TMX file')
    .option('--from <lang>', 'source language to take (default: the header srclang)')
    .option('--to <lang>', 'target language to take (default: every other language)')
    .option('--dry-run', 'report what would change without writing')
    .option('--memory <id>', 'memory to import into (default: default)'))
    .action(action(tmImport));
  withServerOption(tm.command('export').description('export the TM as TMX 1.4b')
    .option('--memories <ids>', 'only these memories (default: all)')
    .option('--from <lang>', 'only units with this source language')
    .option('--to <lang>', 'only units with this target language')
    .option('--out <file>', 'output file (default: caravan-<from>-<to>.tmx)'))
    .action(action(tmExport));

  withServerOption(program.command('analyze').description('analyse a document against the TM in match bands')
    .argument('<doc>', 'document id')
    .option('--format <f>', 'table, json, csv or html', 'table')
    .option('--weights <w>', 'per-band weights, e.g. 101:0,repetitions:0.1,100:0.2,95-99:0.4,none:1')
    .option('--section <n>', 'only this section (article) of the document')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--memories <ids>', 'memories to analyse against instead of the document\'s, e.g. client-a,general:10'))
    .action(action(analyze));
}
