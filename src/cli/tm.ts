/**
 * TM commands: `caravan lookup TEXT --from zh-CN --to en [--threshold 70] [--limit 5]` (matches,
 * then the term-base terms of the text) and `caravan tm stats`. They call the same TM service as
 * the HTTP API, on the data directory or, with `--server URL`, through a running server.
 */
import type { Command } from 'commander';
import type { MatchLine } from './backend.js';
import { backendFor, withServerOption } from './connect.js';
import { action } from './context.js';

/** A number option, or undefined when not given (the service validates the range). */
function numberOption(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

/** One line per match: score, type, memory#unit, target, penalties. */
export function formatMatch(m: MatchLine): string {
  const penalties = m.penalties.length ? `\t(${m.penalties.map((p) => `${p.code} -${p.points}`).join(', ')})` : '';
  return `${m.score}\t${m.matchType}\t${m.memory}#${m.unitId}\t${m.target}${penalties}`;
}

/** Adds `lookup` and `tm stats` to the program. */
export function registerTmCommands(program: Command): void {
  withServerOption(program.command('lookup').description('look a segment up in the translation memory')
    .argument('<text>', 'the source segment')
    .requiredOption('--from <lang>', 'source language (BCP 47), e.g. zh-CN')
    .requiredOption('--to <lang>', 'target language (BCP 47), e.g. en')
    .option('--threshold <score>', 'lowest score to show (0-100)', '70')
    .option('--limit <n>', 'most matches to show (1-50)', '5')
    .option('--memories <ids>', 'memories to read in priority order, with penalties: client-a,general:10 (default: all)')
    .option('--glossaries <ids>', 'glossaries to take terms from (default: all)'))
    .action(action(async (text: string, opts: { from: string; to: string; threshold?: string; limit?: string; memories?: string; glossaries?: string; server?: string }) => {
      const { matches, terms } = await backendFor(opts).lookup({ source: text, sourceLang: opts.from, targetLang: opts.to,
        threshold: numberOption(opts.threshold), limit: numberOption(opts.limit),
        ...(opts.memories !== undefined ? { memories: opts.memories } : {}), ...(opts.glossaries !== undefined ? { glossaries: opts.glossaries } : {}) });
      for (const m of matches) process.stdout.write(`${formatMatch(m)}\n`);
      if (matches.length === 0) process.stderr.write(`no match scores ${opts.threshold ?? 70} or more\n`);
      for (const t of terms) {
        const translation = t.translations[opts.to]?.[0] ?? Object.values(t.translations)[0]?.[0];
        process.stdout.write(`term\t${t.start}-${t.end}\t${t.text}\t${translation ? translation.term : ''}\t${t.entryId}\n`);
      }
    }));

  const tm = program.commands.find((c) => c.name() === 'tm') ?? program.command('tm').description('translation memory');
  withServerOption(tm.command('stats').description('count units, overall and per language pair')
    .option('--memories <ids>', 'only these memories (default: all)'))
    .action(action(async (opts: { memories?: string; server?: string }) => {
      const stats = await backendFor(opts).tmStats(opts.memories !== undefined ? { memories: opts.memories } : {});
      process.stdout.write(`units\t${stats.units}\n`);
      for (const p of stats.pairs) process.stdout.write(`${p.sourceLang} → ${p.targetLang}\t${p.units}\n`);
    }));
}
