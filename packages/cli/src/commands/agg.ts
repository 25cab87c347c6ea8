/**
 * `floe agg`: group, aggregate, print. Parses --by, --agg and --where first (no I/O), then
 * opens the input, builds one query and runs it.
 */
import type { Command } from 'commander';
import type { CliIO } from '../cli-io.js';
import { newCommand } from '../cli-command.js';
import { EXPRESSION_HELP } from '../expression-help.js';
import { buildAggs, parseAggs } from '../grammar/parse-agg.js';
import { buildKeys, parseKeys } from '../grammar/parse-key.js';
import { parseSort } from '../grammar/parse-sort.js';
import { openInput, type InputOptions } from '../open-input.js';
import { emitQuery } from '../output/emit-query.js';
import {
  addQueryOptions, collectRepeated, parseCount,
  type CommonFlags, type OutputFlags, type RunOptions,
} from '../query-options.js';
import { UsageError } from '../usage-error.js';

interface AggFlags extends InputOptions, RunOptions, OutputFlags, CommonFlags {
  by?: string[];
  agg: string[];
  sort?: string[];
  limit?: number;
  keepNullKeys?: boolean;
}

const HELP = `
Output columns: the keys first, in --by order, then the aggregates, in --agg order; one row
per group, sorted by the keys. Rows whose key is null (an empty field) are left out, as pandas
does; --keep-null-keys keeps them as a group of their own, as SQL's GROUP BY (floe sql) does. Names:
  KEY                   its column's name: X0 → X0, year(Date) → Date; two calls of one
                        column: year(Date), month(Date) → year_Date, month_Date
  sum(X) mean(X) min(X) max(X) var(X) std(X) count(X)
                        sum_X, mean_X, min_X, max_X, var_X, std_X, count_X
  nunique(X) median(X) first(X) last(X)
                        nunique_X, median_X, first_X, last_X
  quantile(X, 0.9) corr(X, Y)
                        quantile_X_0.9, corr_X_Y
  count(*)              count (the number of rows)
  sum(*) mean(*) min(*) max(*) var(*) std(*)
                        one column per numeric column that is not a key, named after it
                        (X0, X1, …); with more than one fn(*) item: sum_X0, mean_X0, …
  anything else         its text as written, e.g. "max(X1) - min(X1)"
  ... as name           name (any KEY or AGG except fn(*))
Commas inside parentheses or quotes do not split a list; --by and --agg may repeat.
${EXPRESSION_HELP}

Examples:
  floe agg data/ --by 'year(Date)' --agg 'sum(*)'
  floe agg 'data/*.csv' --by 'month(Date) as month' --agg 'mean(X0), max(X1) - min(X1) as range'
  floe agg data/ --agg 'count(*)' --where "X0 > 50 and (X1 < 10 or X2 is null)" --format json
  floe agg data/ --by id3 --agg 'sum(v1) as total' --sort 'total desc' --limit 10`;

export function aggCommand(io: CliIO): Command {
  const cmd = newCommand('agg', io, 'floe agg')
    .description('group rows by keys and compute aggregates')
    .argument('<paths...>', 'CSV files, directories (their *.csv) or quoted globs')
    .option('--by <KEYS>', 'group keys, e.g. "year(Date), X0 as k" (default: one group of all rows)', collectRepeated)
    .requiredOption('--agg <AGGS>', 'aggregates, e.g. "sum(X0), count(*), max(X1) - min(X1) as range"', collectRepeated)
    .option('--where <PRED>', 'keep only rows where PRED holds, e.g. "X0 > 50 and X1 is not null"')
    .option('--sort <KEYS>', 'order the result by output columns, e.g. "total desc, country" (default: by the keys)', collectRepeated)
    .option('--limit <N>', 'only the first N rows of the result', parseCount)
    .option('--keep-null-keys', 'keep rows whose key is null as a group of their own (default: left out)');
  addQueryOptions(cmd, HELP);
  return cmd.action(async (paths: string[], flags: AggFlags) => {
    const keyItems = parseKeys(flags.by ?? []);
    const aggItems = parseAggs(flags.agg);
    const { df, schema } = openInput(paths, flags, [...keyItems, ...aggItems].map((i) => i.ast), flags);
    const keys = buildKeys(keyItems, schema);
    const aggs = buildAggs(aggItems, schema, keys, df.typeNotes);
    checkUniqueNames([...keys, ...aggs].map((x) => x.name));
    let query = keys.length > 0
      ? df.groupBy(...keys.map((k) => k.expr)).withOptions({ keepNullKeys: flags.keepNullKeys === true }).agg(aggs.map((a) => a.expr)) // an array: sum(*) may mean thousands of columns
      : df.agg(aggs.map((a) => a.expr));
    if (flags.sort) {
      const items = parseSort(flags.sort, '--sort');
      const names = [...keys, ...aggs].map((x) => x.name);
      for (const it of items) if (!names.includes(it.name)) throw new UsageError(`--sort: ${JSON.stringify(it.name)} is not an output column; output columns: ${names.join(', ')}`);
      query = query.sort(items.map((i) => i.name), { descending: items.map((i) => i.descending) });
    }
    if (flags.limit !== undefined) query = query.limit(flags.limit);
    if (flags.explain) {
      io.stdout.write(`${query.explain().trimEnd()}\n`);
      return;
    }
    await emitQuery(query, flags, io);
  });
}

function checkUniqueNames(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new UsageError(`two output columns would be named "${n}"; rename one with 'as', e.g. --by 'X0 % 7 as bucket' or --agg 'sum(X0) as total'`);
    seen.add(n);
  }
}
