#!/usr/bin/env node
/**
 * `caravan`: the command line. Every command calls the same services as the HTTP routes; the
 * ones that import, export, look up and analyse also take `--server URL` to call a running
 * server instead of opening the data directory (connect.ts).
 */
import { Command } from 'commander';
import { basename } from 'node:path';
import { SYSTEM_PRINCIPAL } from '../domain/auth/roles.js';
import { loadConfig } from '../config.js';
import { failStart, serve } from '../main.js';
import { VERSION } from '../version.js';
import { backendFor, withServerOption } from './connect.js';
import { action, withRuntime } from './context.js';
import { registerExchangeCommands } from './exchange.js';
import { registerGlossaryCommands } from './glossary.js';
import { registerMaintenanceCommands } from './maintenance.js';
import { glossariesOption, memoriesOption, registerMemoryCommands } from './memories.js';
import { registerMigrateCommand } from './migrate.js';
import { registerTmCommands } from './tm.js';

const program = new Command();
program.name('caravan').description('Translation-memory and term-base server for Chinese source text').version(VERSION)
  // Options after a subcommand belong to it: `xliff export --version 2.1` is not the program's --version.
  .enablePositionalOptions();

program.command('serve').description('start the HTTP server (PORT, CARAVAN_DATA_DIR, CARAVAN_ADMIN_KEY, CARAVAN_LOG_LEVEL)')
  .action(async () => {
    try {
      await serve(loadConfig());
    } catch (err) {
      failStart(err);
    }
  });

const keys = program.command('keys').description('API keys');
keys.command('create').description('create an API key and print it (shown only once)')
  .requiredOption('--name <name>', 'who or what the key is for')
  .option('--role <role>', 'reader | translator | terminologist | admin (required, except for a link key: reader)')
  .option('--memories <ids>', 'comma-separated memories the key reaches (default: all)')
  .option('--glossaries <ids>', 'comma-separated glossaries the key reaches (default: all)')
  .option('--link', 'a link key, for the URLs of translation tools (tmserver, OmegaT, APy, LibreTranslate)')
  .option('--read <list>', 'link key: memories its lookups read, in priority order, a,b:10 (N points off b)')
  .option('--write-memory <id>', 'link key: memory its tmserver writes go to')
  .action(action(async (opts: { name: string; role?: string; memories?: string; glossaries?: string; link?: boolean; read?: string; writeMemory?: string }) => {
    const memories = memoriesOption(opts.memories)?.map((m) => m.id);
    const glossaries = glossariesOption(opts.glossaries);
    const read = memoriesOption(opts.read);
    if (!opts.link && (read || opts.writeMemory)) throw new Error('--read and --write-memory are for link keys (--link)');
    const role = opts.role ?? (opts.link ? 'reader' : undefined);
    if (!role) throw new Error('--role is required (reader, translator, terminologist or admin)');
    const link = opts.link ? { ...(read ? { memories: read } : {}), ...(opts.writeMemory ? { writeMemory: opts.writeMemory } : {}) } : undefined;
    const created = await withRuntime((rt) => rt.services.keys.create(opts.name, role, SYSTEM_PRINCIPAL,
      { ...(memories ? { memories } : {}), ...(glossaries ? { glossaries } : {}) }, link));
    process.stdout.write(`${created.key}\n`);
    process.stderr.write(`key ${created.id} "${created.name}" (${created.role}) created; the secret above is not shown again\n`);
  }));
keys.command('list').description('list API keys (without secrets)')
  .action(action(async () => {
    const list = await withRuntime((rt) => rt.services.keys.list());
    const scope = (s: '*' | readonly string[]) => (s === '*' ? '*' : s.join(',') || '-');
    for (const k of list) process.stdout.write(`${k.id}\t${k.role}${k.link ? ' link' : ''}\t${k.name}\tmemories=${scope(k.scope.memories)}\tglossaries=${scope(k.scope.glossaries)}\t${k.createdAt}\n`);
  }));

const documents = program.command('documents').description('source documents');
withServerOption(documents.command('add').description('segment a UTF-8 text file and store it as a document')
  .argument('<file>', 'text file')
  .requiredOption('--from <lang>', 'source language (BCP 47), e.g. zh-CN')
  .requiredOption('--to <lang>', 'target language (BCP 47), e.g. en')
  .option('--name <name>', 'document name (default: the file name)')
  .option('--memory <id>', 'memory its confirmed translations go to (default: default)')
  .option('--memories <ids>', 'memories its lookups read, in priority order, e.g. client-a,general:10 (default: all)')
  .option('--glossaries <ids>', 'glossaries its terms come from (default: all)'))
  .action(action(async (file: string, opts: { from: string; to: string; name?: string; memory?: string; memories?: string; glossaries?: string; server?: string }) => {
    const doc = await backendFor(opts).addDocument(file, { name: opts.name ?? basename(file), sourceLang: opts.from, targetLang: opts.to,
      ...(opts.memory !== undefined ? { memory: opts.memory } : {}), ...(opts.memories !== undefined ? { memories: opts.memories } : {}),
      ...(opts.glossaries !== undefined ? { glossaries: opts.glossaries } : {}) });
    process.stdout.write(`document ${doc.id} "${doc.name}" (${doc.sourceLang} → ${doc.targetLang}): ${doc.segments} segments\n`);
  }));
withServerOption(documents.command('list').description('list documents'))
  .action(action(async (opts: { server?: string }) => {
    for (const d of await backendFor(opts).listDocuments()) process.stdout.write(`${d.id}\t${d.sourceLang}→${d.targetLang}\t${d.segments}\t${d.name}\n`);
  }));

registerGlossaryCommands(program);
registerMemoryCommands(program);
registerTmCommands(program);
registerExchangeCommands(program);
registerMaintenanceCommands(program);
registerMigrateCommand(program);

await program.parseAsync(process.argv);
