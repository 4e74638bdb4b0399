#!/usr/bin/env node
/**
 * `caravan`: the command line. Every command calls the same services as the HTTP routes.
 */
import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { SYSTEM_PRINCIPAL } from '../domain/auth/roles.js';
import { loadConfig } from '../config.js';
import { failStart, serve } from '../main.js';
import { VERSION } from '../version.js';
import { action, withRuntime } from './context.js';
import { registerExchangeCommands } from './exchange.js';
import { registerGlossaryCommands } from './glossary.js';
import { decodeText } from '../formats/text.js';
import { registerMaintenanceCommands } from './maintenance.js';
import { glossariesOption, memoriesOption, registerMemoryCommands } from './memories.js';
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
  .requiredOption('--role <role>', 'reader | translator | terminologist | admin')
  .option('--memories <ids>', 'comma-separated memories the key reaches (default: all)')
  .option('--glossaries <ids>', 'comma-separated glossaries the key reaches (default: all)')
  .action(action(async (opts: { name: string; role: string; memories?: string; glossaries?: string }) => {
    const memories = memoriesOption(opts.memories)?.map((m) => m.id);
    const glossaries = glossariesOption(opts.glossaries);
    const created = await withRuntime((rt) => rt.services.keys.create(opts.name, opts.role, SYSTEM_PRINCIPAL,
      { ...(memories ? { memories } : {}), ...(glossaries ? { glossaries } : {}) }));
    process.stdout.write(`${created.key}\n`);
    process.stderr.write(`key ${created.id} "${created.name}" (${created.role}) created; the secret above is not shown again\n`);
  }));
keys.command('list').description('list API keys (without secrets)')
  .action(action(async () => {
    const list = await withRuntime((rt) => rt.services.keys.list());
    const scope = (s: '*' | readonly string[]) => (s === '*' ? '*' : s.join(',') || '-');
    for (const k of list) process.stdout.write(`${k.id}\t${k.role}\t${k.name}\tmemories=${scope(k.scope.memories)}\tglossaries=${scope(k.scope.glossaries)}\t${k.createdAt}\n`);
  }));

const documents = program.command('documents').description('source documents');
documents.command('add').description('segment a UTF-8 text file and store it as a document')
  .argument('<file>', 'text file')
  .requiredOption('--from <lang>', 'source language (BCP 47), e.g. zh-CN')
  .requiredOption('--to <lang>', 'target language (BCP 47), e.g. en')
  .option('--name <name>', 'document name (default: the file name)')
  .option('--memory <id>', 'memory its confirmed translations go to (default: default)')
  .option('--memories <ids>', 'memories its lookups read, in priority order, e.g. client-a,general:10 (default: all)')
  .option('--glossaries <ids>', 'glossaries its terms come from (default: all)')
  .action(action(async (file: string, opts: { from: string; to: string; name?: string; memory?: string; memories?: string; glossaries?: string }) => {
    const text = decodeText(await readFile(file), file);
    const memories = memoriesOption(opts.memories);
    const glossaries = glossariesOption(opts.glossaries);
    const settings = { ...(opts.memory ? { writeMemory: opts.memory } : {}), ...(memories ? { memories } : {}), ...(glossaries ? { glossaries } : {}) };
    const doc = await withRuntime((rt) => rt.services.documents.createFromText(
      { name: opts.name ?? basename(file), sourceLang: opts.from, targetLang: opts.to, text, settings }, SYSTEM_PRINCIPAL));
    process.stdout.write(`document ${doc.id} "${doc.name}" (${doc.sourceLang} → ${doc.targetLang}): ${doc.segmentCount} segments\n`);
  }));
documents.command('list').description('list documents')
  .action(action(async () => {
    const list = await withRuntime((rt) => rt.services.documents.list(SYSTEM_PRINCIPAL));
    for (const d of list) process.stdout.write(`${d.id}\t${d.sourceLang}→${d.targetLang}\t${d.segmentCount}\t${d.name}\n`);
  }));

registerGlossaryCommands(program);
registerMemoryCommands(program);
registerTmCommands(program);
registerExchangeCommands(program);
registerMaintenanceCommands(program);

await program.parseAsync(process.argv);
