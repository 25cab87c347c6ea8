/**
 * `floe unique`: the distinct rows (or the distinct combinations of --by columns, keeping the
 * first row of each), sorted by those columns. Hash-partitioned, so any number of distinct
 * rows fits the memory budget. `--count` prints only how many there are.
 */
import type { Command } from 'commander';
import type { CliIO } from '../cli-io.js';
import { newCommand } from '../cli-command.js';
import { EXPRESSION_HELP } from '../expression-help.js';
import { checkColumn, openInput, type InputOptions } from '../open-input.js';
import { emitCount } from '../output/emit-count.js';
import { emitQuery } from '../output/emit-query.js';
import {
  addQueryOptions, collectList,
  type CommonFlags, type OutputFlags, type RunOptions,
} from '../query-options.js';
import { col } from 'floe/core';
import { UsageError } from '../usage-error.js';

interface UniqueFlags extends InputOptions, RunOptions, OutputFlags, CommonFlags {
  by?: string[];
  count?: boolean;
}

const HELP = `${EXPRESSION_HELP}

Examples:
  floe unique data/ --by id1,id2
  floe unique data/ --by city --count`;

export function uniqueCommand(io: CliIO): Command {
  const cmd = newCommand('unique', io, 'floe unique')
    .description('distinct rows, or distinct values of columns')
    .argument('<paths...>', 'CSV files, directories (their *.csv) or quoted globs')
    .option('--by <COLS>', 'the columns that make a row distinct (comma list; default: all)', collectList)
    .option('--count', 'print only the number of distinct rows')
    .option('--where <PRED>', 'only rows where PRED holds');
  addQueryOptions(cmd, HELP);
  return cmd.action(async (paths: string[], flags: UniqueFlags) => {
    const { df, schema } = openInput(paths, flags);
    const names = schema.map((f) => f.name);
    const by = flags.by === undefined ? undefined : byColumns(flags.by, names);
    let query = df.unique(by);
    if (by && by.length > 0) query = query.select(...by);
    if (flags.count) query = query.agg(col('*').count().alias('count'));
    if (flags.explain) {
      io.stdout.write(`${query.explain().trimEnd()}\n`);
      return;
    }
    // --count prints the bare number, as floe count does (it printed a 'count' header line in a pipe)
    if (flags.count) await emitCount(query, flags, io);
    else await emitQuery(query, flags, io);
  });
}

/**
 * --by's columns, checked: a name may be written in double quotes, as in the other options
 * (`--by '"a b"'`); none (`--by ''`) or one twice is a usage error (they were the library's
 * "unique() needs at least one column" with exit 1, and a hint to use .alias()).
 */
function byColumns(given: readonly string[], names: readonly string[]): string[] {
  const by = given.map((b) => checkColumn(/^".+"$/.test(b) ? b.slice(1, -1) : b, names, '--by'));
  if (by.length === 0) throw new UsageError('--by needs at least one column, e.g. --by city or --by id1,id2');
  const twice = by.find((b, i) => by.indexOf(b) !== i);
  if (twice !== undefined) throw new UsageError(`--by names ${JSON.stringify(twice)} twice`);
  return by;
}
