/**
 * `caravan memories list|create|delete` and `caravan keys create --memories/--glossaries`: the
 * collections of issue 10 from the command line, through the same services as the HTTP routes.
 */
import type { Command } from 'commander';
import { SYSTEM_PRINCIPAL } from '../domain/auth/roles.js';
import { type MemoryRef, parseGlossaryList, parseMemoryList } from '../domain/collections.js';
import { action, withRuntime } from './context.js';

/** `--memories a,b:5` as memory references, or undefined when not given. */
export function memoriesOption(value: string | undefined): MemoryRef[] | undefined {
  return value === undefined ? undefined : parseMemoryList(value, '--memories');
}

/** `--glossaries x,y`, or undefined when not given. */
export function glossariesOption(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : parseGlossaryList(value, '--glossaries');
}

/** Adds `memories list|create|delete`. */
export function registerMemoryCommands(program: Command): void {
  const memories = program.command('memories').description('translation memories (collections of units)');
  memories.command('list').description('list memories with their units and last write')
    .action(action(async () => {
      const list = await withRuntime(async (rt) => rt.services.memories.withStats(await rt.services.memories.list(SYSTEM_PRINCIPAL)));
      for (const m of list) {
        process.stdout.write(`${m.id}\t${m.stats.units}\t${m.readOnly ? 'read-only' : 'writable'}\t${m.stats.lastWrite ?? '-'}\t${m.name}${m.tags.length ? `\t[${m.tags.join(', ')}]` : ''}\n`);
      }
    }));
  memories.command('create').description('create a memory')
    .argument('<id>', 'slug: lower-case letters, digits and -')
    .requiredOption('--name <name>', 'a name people read')
    .option('--description <text>', 'what it holds')
    .option('--tags <tags>', 'comma-separated labels (client, subject)')
    .option('--read-only', 'refuse writes')
    .action(action(async (id: string, opts: { name: string; description?: string; tags?: string; readOnly?: boolean }) => {
      const created = await withRuntime((rt) => rt.services.memories.create({ id, name: opts.name, ...(opts.description ? { description: opts.description } : {}),
        ...(opts.tags ? { tags: opts.tags.split(',').map((t) => t.trim()).filter(Boolean) } : {}), readOnly: opts.readOnly === true }, SYSTEM_PRINCIPAL));
      process.stderr.write(`memory ${created.id} "${created.name}" created\n`);
    }));
  memories.command('delete').description('delete a memory and all its units')
    .argument('<id>', 'memory id')
    .option('--force', 'also when documents use it (they fall back to the default memory)')
    .action(action(async (id: string, opts: { force?: boolean }) => {
      await withRuntime((rt) => rt.services.memories.delete(SYSTEM_PRINCIPAL, id, opts.force === true));
      process.stderr.write(`memory ${id} deleted\n`);
    }));
}
