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
  .action(action(async (opts: { name: string; role: string }) => {
    const created = await withRuntime((rt) => rt.services.keys.create(opts.name, opts.role, SYSTEM_PRINCIPAL));
    process.stdout.write(`${created.key}\n`);
    process.stderr.write(`key ${created.id} "${created.name}" (${created.role}) created; the secret above is not shown again\n`);
  }));
keys.command('list').description('list API keys (without secrets)')
  .action(action(async () => {
    const list = await withRuntime((rt) => rt.services.keys.list());
    for (const k of list) process.stdout.write(`${k.id}\t${k.role}\t${k.name}\t${k.createdAt}\n`);
  }));

const documents = program.command('documents').description('source documents');
documents.command('add').description('segment a UTF-8 text file and store it as a document')
  .argument('<file>', 'text file')
  .requiredOption('--from <lang>', 'source language (BCP 47), e.g. zh-CN')
  .requiredOption('--to <lang>', 'target language (BCP 47), e.g. en')
  .option('--name <name>', 'document name (default: the file name)')
  .action(action(async (file: string, opts: { from: string; to: string; name?: string }) => {
    const text = decodeText(await readFile(file), file);
    const doc = await withRuntime((rt) => rt.services.documents.createFromText(
      { name: opts.name ?? basename(file), sourceLang: opts.from, targetLang: opts.to, text }, SYSTEM_PRINCIPAL));
    process.stdout.write(`document ${doc.id} "${doc.name}" (${doc.sourceLang} → ${doc.targetLang}): ${doc.segmentCount} segments\n`);
  }));
documents.command('list').description('list documents')
  .action(action(async () => {
    const list = await withRuntime((rt) => rt.services.documents.list());
    for (const d of list) process.stdout.write(`${d.id}\t${d.sourceLang}→${d.targetLang}\t${d.segmentCount}\t${d.name}\n`);
  }));

registerGlossaryCommands(program);
registerTmCommands(program);
registerExchangeCommands(program);

await program.parseAsync(process.argv);
