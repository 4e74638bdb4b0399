/**
 * TM maintenance from the command line (issue 10 §5): `caravan tm units`, `tm delete`,
 * `tm replace` and `memories dedupe`, with the filters of `GET /api/v1/tm/units`. Destructive
 * commands print what they would do and change nothing unless `--yes` is given; with it they
 * take the preview's token at once, through the same service as the HTTP routes.
 */
import type { Command } from 'commander';
import { SYSTEM_PRINCIPAL } from '../domain/auth/roles.js';
import { ValidationError } from '../domain/errors.js';
import type { UnitFilterInput } from '../services/tm/maintenance.js';
import { action, withRuntime } from './context.js';
import { memoriesOption } from './memories.js';

/** The filter options every maintenance command takes. */
interface FilterOptions {
  memories?: string;
  from?: string;
  to?: string;
  source?: string;
  target?: string;
  origin?: string;
  author?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  minUsage?: string;
  maxUsage?: string;
}

function withFilter(cmd: Command): Command {
  return cmd.option('--memories <ids>', 'memories (default: all)').option('--from <lang>', 'source language').option('--to <lang>', 'target language')
    .option('--source <text>', 'source contains').option('--target <text>', 'target contains').option('--origin <document>', 'origin document')
    .option('--author <name>', 'created or last updated by').option('--created-from <date>').option('--created-to <date>')
    .option('--updated-from <date>').option('--updated-to <date>').option('--min-usage <n>').option('--max-usage <n>');
}

function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new ValidationError(`--${name} must be a whole number`);
  return Number(value);
}

function filterOf(o: FilterOptions): UnitFilterInput {
  const memories = memoriesOption(o.memories)?.map((m) => m.id);
  const pairs: [keyof UnitFilterInput, string | number | undefined][] = [['sourceLang', o.from], ['targetLang', o.to], ['source', o.source], ['target', o.target],
    ['originDocument', o.origin], ['author', o.author], ['createdFrom', o.createdFrom], ['createdTo', o.createdTo], ['updatedFrom', o.updatedFrom],
    ['updatedTo', o.updatedTo], ['minUsage', count('min-usage', o.minUsage)], ['maxUsage', count('max-usage', o.maxUsage)]];
  return Object.fromEntries([...(memories ? [['memories', memories]] : []), ...pairs.filter(([, v]) => v !== undefined)]) as UnitFilterInput;
}

/** Adds `tm units|delete|replace` and `memories dedupe`. */
export function registerMaintenanceCommands(program: Command): void {
  const tm = program.commands.find((c) => c.name() === 'tm') ?? program.command('tm').description('translation memory');
  withFilter(tm.command('units').description('list units matching a filter')).option('--limit <n>', 'most units to list', '100')
    .action(action(async (o: FilterOptions & { limit: string }) => {
      const page = await withRuntime(async (rt) => rt.services.maintenance.page(await rt.services.maintenance.resolve(SYSTEM_PRINCIPAL, filterOf(o), 'read'), undefined, count('limit', o.limit) ?? 100));
      for (const u of page.units) process.stdout.write(`${u.memory}#${u.id}\t${u.sourceLang}→${u.targetLang}\t${u.source}\t${u.target}\n`);
    }));
  withFilter(tm.command('delete').description('delete units matching a filter (prints the count; --yes deletes)')).option('--yes', 'delete them')
    .action(action(async (o: FilterOptions & { yes?: boolean }) => {
      await withRuntime(async (rt) => {
        const filter = await rt.services.maintenance.resolve(SYSTEM_PRINCIPAL, filterOf(o), 'write');
        const preview = await rt.services.maintenance.delete(filter);
        if (!('token' in preview)) return;
        process.stdout.write(`${preview.count} units match\n`);
        if (o.yes) process.stdout.write(`${(await rt.services.maintenance.delete(filter, preview.token) as { deleted: number }).deleted} deleted\n`);
      });
    }));
  withFilter(tm.command('replace').description('replace text in targets (prints every change; --yes applies)'))
    .argument('<find>').argument('<replacement>').option('--regex', 'find is a regular expression').option('--ignore-case').option('--yes', 'apply the changes')
    .action(action(async (find: string, replacement: string, o: FilterOptions & { regex?: boolean; ignoreCase?: boolean; yes?: boolean }) => {
      await withRuntime(async (rt) => {
        const filter = await rt.services.maintenance.resolve(SYSTEM_PRINCIPAL, filterOf(o), 'write');
        const rule = { find, replacement, regex: o.regex === true, caseSensitive: o.ignoreCase !== true };
        const preview = await rt.services.maintenance.replace(filter, rule, SYSTEM_PRINCIPAL);
        if (!('token' in preview)) return;
        for (const c of preview.changes) process.stdout.write(`${c.memory}#${c.unitId}\t${c.before}\n\t→ ${c.after}\n`);
        for (const s of preview.skipped) process.stdout.write(`#${s.unitId}\tskipped: ${s.reason}\n`);
        if (o.yes) process.stdout.write(`${(await rt.services.maintenance.replace(filter, rule, SYSTEM_PRINCIPAL, preview.token) as { changed: number }).changed} changed\n`);
        else process.stderr.write(`${preview.changes.length} changes; run again with --yes to apply them\n`);
      });
    }));
  const memories = program.commands.find((c) => c.name() === 'memories') ?? program.command('memories');
  memories.command('dedupe').description('merge duplicate units of a memory (prints the groups; --yes merges)').argument('<id>').option('--yes', 'merge them')
    .action(action(async (id: string, o: { yes?: boolean }) => {
      await withRuntime(async (rt) => {
        const preview = await rt.services.maintenance.mergeDuplicates(id, SYSTEM_PRINCIPAL);
        if (!('token' in preview)) return;
        for (const g of preview.groups) process.stdout.write(`keep #${g.keep} (uses ${g.usageCount})\tmerge ${g.remove.map((x) => `#${x}`).join(' ')}\n`);
        if (o.yes) process.stdout.write(`${(await rt.services.maintenance.mergeDuplicates(id, SYSTEM_PRINCIPAL, preview.token) as { merged: number }).merged} units merged\n`);
        else process.stderr.write(`${preview.units} units would be merged; run again with --yes\n`);
      });
    }));
}
