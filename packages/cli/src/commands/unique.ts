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
  addQueryOptions, collectList, collectRepeated,
  type CommonFlags, type OutputFlags, type RunOptions,
} from '../query-options.js';
import { col, type DataFrame } from 'floe/core';
import { buildKeys, parseKeys } from '../grammar/parse-key.js';
import type { ListItem } from '../grammar/parse-expr.js';
import { UsageError } from '../usage-error.js';

interface UniqueFlags extends InputOptions, RunOptions, OutputFlags, CommonFlags {
  by?: string[];
  count?: boolean;
}

const HELP = `${EXPRESSION_HELP}

Examples:
  floe unique data/ --by id1,id2
  floe unique data/ --by city --count
  floe unique data/ --by 'year(Date)'`;

export function uniqueCommand(io: CliIO): Command {
  const cmd = newCommand('unique', io, 'floe unique')
    .description('distinct rows, or distinct values of columns')
    .argument('<paths...>', 'CSV files, directories (their *.csv) or quoted globs')
    .option('--by <KEYS>', "the columns that make a row distinct (comma list; default: all), or expressions of them, e.g. 'year(Date) as y'", collectRepeated)
    .option('--count', 'print only the number of distinct rows')
    .option('--where <PRED>', 'only rows where PRED holds');
  addQueryOptions(cmd, HELP);
  return cmd.action(async (paths: string[], flags: UniqueFlags) => {
    const keyItems = flags.by === undefined ? null : expressionKeys(flags.by);
    const { df, schema } = openInput(paths, flags, keyItems?.map((i) => i.ast) ?? [], flags);
    const names = schema.map((f) => f.name);
    let query: DataFrame;
    const plain = flags.by?.reduce<string[]>((all, v) => collectList(v, all), []);
    if (keyItems !== null && !plain!.every((b) => names.includes(unquote(b)))) {
      // distinct values of expressions (year(Date)), named as floe agg --by names them
      const keys = buildKeys(keyItems, schema);
      const twice = keys.find((k, i) => keys.findIndex((o) => o.name === k.name) !== i);
      if (twice !== undefined) throw new UsageError(`two --by keys would be named "${twice.name}"; rename one with 'as', e.g. --by 'year(Date) as y'`);
      query = df.select(...keys.map((k) => k.expr)).unique();
    } else {
      const by = plain === undefined ? undefined : byColumns(plain, names);
      query = df.unique(by);
      if (by && by.length > 0) query = query.select(...by);
    }
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

/** --by parsed as expressions, when it holds one that is not a bare column name; else null. */
function expressionKeys(given: readonly string[]): ListItem[] | null {
  let items: ListItem[];
  try {
    items = parseKeys(given);
  } catch {
    return null; // names the grammar does not take (a b, 2021-sales): columns, checked below
  }
  return items.some((it) => it.ast.kind !== 'column' || it.alias !== null) ? items : null;
}

const unquote = (b: string): string => (/^".+"$/.test(b) ? b.slice(1, -1) : b);

/**
 * --by's columns, checked: a name may be written in double quotes, as in the other options
 * (`--by '"a b"'`); none (`--by ''`) or one twice is a usage error (they were the library's
 * "unique() needs at least one column" with exit 1, and a hint to use .alias()).
 */
function byColumns(given: readonly string[], names: readonly string[]): string[] {
  const by = given.map((b) => checkColumn(unquote(b), names, '--by'));
  if (by.length === 0) throw new UsageError('--by needs at least one column, e.g. --by city or --by id1,id2');
  const twice = by.find((b, i) => by.indexOf(b) !== i);
  if (twice !== undefined) throw new UsageError(`--by names ${JSON.stringify(twice)} twice`);
  return by;
}
