/**
 * `floe sort`: the rows in key order. Out of core: with --output DIR the sorted rows stream into
 * part files in global order (part-00000.csv holds the first keys), never held whole; without,
 * the sorted rows are printed (--limit N keeps only the top N, without sorting everything).
 */
import type { Command } from 'commander';
import type { CliIO } from '../cli-io.js';
import { newCommand } from '../cli-command.js';
import { EXPRESSION_HELP } from '../expression-help.js';
import { parseSort } from '../grammar/parse-sort.js';
import { checkColumn, openInput, type InputOptions } from '../open-input.js';
import { emitQuery } from '../output/emit-query.js';
import {
  addOutputOptions, addReadOptions, addRunOptions, addVerboseOption, collectRepeated, parseCount,
  type CommonFlags, type OutputFlags, type RunOptions,
} from '../query-options.js';

interface SortFlags extends InputOptions, RunOptions, OutputFlags, CommonFlags {
  by: string[];
  limit?: number;
  nullsFirst?: boolean;
}

const HELP = `
--by takes column names, each optionally followed by asc or desc. The sort is stable (equal keys
keep input order) and puts nulls last (--nulls-first to change). With --output ending in / or
naming a directory, the rows are written as CSV part files in global order; the memory budget
(--memory-limit) decides when sorted runs spill to disk.
${EXPRESSION_HELP}

Examples:
  floe sort data/ --by 'v desc' --output sorted/
  floe sort data/ --by 'country, amount desc' --limit 20`;

export function sortCommand(io: CliIO): Command {
  const cmd = newCommand('sort', io, 'floe sort')
    .description('sort rows by columns (out of core)')
    .argument('<paths...>', 'CSV files, directories (their *.csv) or quoted globs')
    .requiredOption('--by <KEYS>', 'sort keys, e.g. "v desc, id"', collectRepeated)
    .option('--limit <N>', 'only the first N rows', parseCount)
    .option('--nulls-first', 'nulls before every value')
    .option('--where <PRED>', 'only rows where PRED holds');
  addReadOptions(cmd);
  addRunOptions(cmd);
  addOutputOptions(cmd);
  addVerboseOption(cmd);
  cmd.addHelpText('after', HELP);
  return cmd.action(async (paths: string[], flags: SortFlags) => {
    const items = parseSort(flags.by, '--by');
    const { df, schema } = openInput(paths, flags, [], flags);
    const names = schema.map((f) => f.name);
    const by = items.map((it) => checkColumn(it.name, names, '--by'));
    let query = df.sort(by, { descending: items.map((i) => i.descending), nullsFirst: flags.nullsFirst === true });
    if (flags.limit !== undefined) query = query.limit(flags.limit);
    if (flags.explain) {
      io.stdout.write(`${query.explain().trimEnd()}\n`);
      return;
    }
    await emitQuery(query, flags, io);
  });
}
