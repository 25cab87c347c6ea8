/**
 * `floe describe`: summary statistics of every column in one pass over the data: a single
 * whole-frame aggregate query, printed as one row per input column:
 *   column, dtype, count (non-null), nulls, mean, std, min, max
 * mean and std for numeric columns; min and max for numeric, temporal and string columns.
 */
import type { Command } from 'commander';
import { col, type CellValue, type Expr, type Field } from 'floe';
import type { CliIO } from '../cli-io.js';
import { newCommand } from '../cli-command.js';
import { EXPRESSION_HELP } from '../expression-help.js';
import { openInput, type InputOptions } from '../open-input.js';
import { emitResult } from '../output/emit-result.js';
import { valueText } from '../output/format-value.js';
import type { ResultSet } from '../output/result-set.js';
import {
  addQueryOptions,
  type CommonFlags, type OutputFlags, type RunOptions,
} from '../query-options.js';
import { runQuery } from '../run-query.js';

interface DescribeFlags extends InputOptions, RunOptions, OutputFlags, CommonFlags {}

const ROWS = '#rows';
const NUMERIC = new Set(['int64', 'float64', 'bool']);
const ORDERED = new Set(['int64', 'float64', 'bool', 'timestamp', 'date', 'string']);

const HELP = `
Prints one row per input column: column, dtype, count (non-null values), nulls, mean, std
(numeric columns), min, max (numeric, temporal and string columns). min and max are shown
as text for dates and timestamps.
${EXPRESSION_HELP}

Examples:
  floe describe data/ --parse-dates Date
  floe describe data/ --where "X0 > 50" --format json`;

export function describeCommand(io: CliIO): Command {
  const cmd = newCommand('describe', io, 'floe describe')
    .description('summary statistics per column: count, nulls, mean, std, min, max')
    .argument('<paths...>', 'CSV files, directories (their *.csv) or quoted globs')
    .option('--where <PRED>', 'only rows where PRED holds');
  addQueryOptions(cmd, HELP);
  return cmd.action(async (paths: string[], flags: DescribeFlags) => {
    const { df, schema } = openInput(paths, flags);
    const query = df.agg(statistics(schema)); // an array: five per column, never spread
    if (flags.explain) {
      io.stdout.write(`${query.explain().trimEnd()}\n`);
      return;
    }
    const t = await runQuery(query, flags, io);
    const get = (name: string): CellValue => (t.schema.some((f) => f.name === name) ? t.column(name).get(0) : null);
    await emitResult(summary(schema, get), flags, io);
  });
}

/** Output names are `<index>:<stat>`, so no column name can collide with another. */
function statistics(schema: readonly Field[]): Expr[] {
  const out: Expr[] = [col('*').count().alias(ROWS)];
  schema.forEach((f, i) => {
    const c = col(f.name);
    out.push(c.count().alias(`${i}:count`));
    if (NUMERIC.has(f.dtype)) out.push(c.mean().alias(`${i}:mean`), c.std().alias(`${i}:std`));
    if (ORDERED.has(f.dtype)) out.push(c.min().alias(`${i}:min`), c.max().alias(`${i}:max`));
  });
  return out;
}

function summary(schema: readonly Field[], get: (name: string) => CellValue): ResultSet {
  const rows = Number(get(ROWS));
  const text = (v: CellValue, dtype: string): CellValue => (v instanceof Date ? valueText(v, dtype) : v);
  const columns: CellValue[][] = [[], [], [], [], [], [], [], []];
  schema.forEach((f, i) => {
    const count = Number(get(`${i}:count`));
    const cells: CellValue[] = [
      f.name, f.dtype, count, rows - count,
      get(`${i}:mean`), get(`${i}:std`),
      text(get(`${i}:min`), f.dtype), text(get(`${i}:max`), f.dtype),
    ];
    cells.forEach((v, k) => columns[k].push(v));
  });
  const fields = [
    { name: 'column', dtype: 'string' }, { name: 'dtype', dtype: 'string' },
    { name: 'count', dtype: 'int64' }, { name: 'nulls', dtype: 'int64' },
    { name: 'mean', dtype: 'float64' }, { name: 'std', dtype: 'float64' },
    { name: 'min', dtype: 'any' }, { name: 'max', dtype: 'any' },
  ];
  return { fields, columns, numRows: schema.length };
}
