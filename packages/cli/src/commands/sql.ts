/**
 * `floe sql`: a SQL query over CSV files, run by the same planner as the DataFrame API.
 *   floe sql "select … from 'data/*.csv' group by …"     the query as an argument
 *   floe sql -f report.sql --output report.json          the query from a file
 *   echo "select …" | floe sql                           the query from a pipe
 *   zcat x.csv.gz | floe sql "select … from '-'"         the data from a pipe
 *   floe sql                                             a prompt, on a terminal (sql-repl.ts)
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { sql, sqlFromPaths, type DType } from 'floe/core';
import type { CliIO } from '../cli-io.js';
import { newCommand } from '../cli-command.js';
import { emitQuery } from '../output/emit-query.js';
import { dialectOptions, refuseInputAsOutput } from '../open-input.js';
import { addDialectOptions, addOutputOptions, addRunOptions, addVerboseOption, collectDtype, type CommonFlags, type OutputFlags, type ReadOptions, type RunOptions } from '../query-options.js';
import { runRepl } from '../sql-repl.js';
import { isStream, STDIN_PATH } from '../stream-input.js';
import { UsageError } from '../usage-error.js';

export interface SqlFlags extends RunOptions, OutputFlags, CommonFlags, Omit<ReadOptions, 'parseDates' | 'dateFormat' | 'names' | 'unionByName'> {
  file?: string;
}

const HELP = `
Tables are file paths in single quotes: a CSV or TSV file, a quoted glob ('data/*.csv') or a
folder; ISO dates are detected in every column. Joins, GROUP BY (names, positions, expressions),
HAVING, ORDER BY … NULLS FIRST/LAST, LIMIT, DISTINCT, UNION [ALL], WITH, subqueries in FROM,
[NOT] EXISTS and IN (subquery), CASE, CAST, LIKE/ILIKE, BETWEEN, IN, IS NULL, calendar, string and
number functions (round floor ceil abs sqrt ln log …), the aggregates count sum avg min max
median quantile_cont corr stddev variance, and window functions (row_number rank dense_rank
percent_rank cume_dist ntile lag lead first_value last_value nth_value, any aggregate OVER
(PARTITION BY … ORDER BY … ROWS|RANGE BETWEEN …), named windows, QUALIFY). --dtype COL=TYPE types
a column of every CSV and JSON-lines table that has it.
A construct floe does not run yet is an error that names it and its position (exit 2).

Without a query, on a terminal: a prompt. End a query with ";". \\d FILE shows a file's columns,
\\q quits; Ctrl-C cancels the running query (or clears the line), Ctrl-D quits.

Examples:
  floe sql "select year(Date) as y, sum(X0), avg(X1) from 'data/*.csv' group by y order by y"
  floe sql "select c.country, count(*) n from 'orders.csv' o join 'customers.csv' c on o.customer_id = c.id group by 1 order by n desc limit 10"
  floe sql -f report.sql --format json --output report.json`;

export function sqlCommand(io: CliIO): Command {
  const cmd = newCommand('sql', io, 'floe sql')
    .description('run a SQL query over CSV files (a prompt when no query is given on a terminal)')
    .argument('[query]', "the query, e.g. \"select count(*) from 'data/*.csv'\"")
    .option('-f, --file <FILE>', 'read the query from FILE')
    .option('--dtype <COL=TYPE>', "read column COL of the CSV and JSON-lines tables that have it as TYPE: int64, float64, bool, string (keeps '00123'), timestamp, date (repeatable); a JSON-lines key first met past the sample", collectDtype);
  // every table is read with these (a file's dialect, bad rows, encoding)
  addDialectOptions(cmd);
  addRunOptions(cmd);
  addOutputOptions(cmd);
  addVerboseOption(cmd);
  cmd.addHelpText('after', HELP);
  return cmd.action(async (query: string | undefined, flags: SqlFlags) => {
    if (query !== undefined && flags.file !== undefined) throw new UsageError('give the query as an argument or with -f FILE, not both');
    let text = query;
    if (flags.file !== undefined) text = readQueryFile(flags.file);
    const queryFromStdin = text === undefined;
    if (text === undefined) {
      if (io.stdin?.isTTY) return runRepl(io, flags);
      if (!io.stdin) throw new UsageError("no query: floe sql \"select … from 'data.csv'\"");
      text = await readAll(io.stdin);
    }
    if (text.trim() === '') throw new UsageError('the query is empty');
    await runSqlText(text, flags, io, { queryFromStdin });
  });
}

export async function runSqlText(text: string, flags: SqlFlags, io: CliIO, opts: { queryFromStdin?: boolean } = {}): Promise<void> {
  const dtypes = Object.create(null) as Record<string, DType>; // column names are data, never prototype keys
  for (const [name, type] of flags.dtype ?? []) dtypes[name] = type;
  const df = sql(text, { read: dialectOptions(flags), files: await streamFiles(text, io, opts.queryFromStdin === true), dtypes });
  if (flags.explain) {
    io.stdout.write(`${df.explain().trimEnd()}\n`);
    return;
  }
  if (flags.output !== undefined) refuseInputAsOutput(flags.output, df.files.map((f) => f.path));
  await emitQuery(df, flags, io);
}

/** `from '-'` and `from '/dev/fd/63'`: standard input and pipes named in the query, copied to files first. */
async function streamFiles(text: string, io: CliIO, queryFromStdin: boolean): Promise<Record<string, string>> {
  const streams = sqlFromPaths(text).filter(isStream);
  if (streams.length === 0) return {};
  if (queryFromStdin && streams.includes(STDIN_PATH)) {
    throw new UsageError("the query was read from standard input, so the data cannot come from it too ('-'): give the query as an argument or with -f FILE");
  }
  if (!io.spool) throw new UsageError(`${streams[0]}: reading standard input or a pipe needs the floe command line`);
  const copies = await io.spool(streams);
  return Object.fromEntries(streams.map((p, i) => [p, copies[i]]));
}

function readQueryFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`-f ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return text;
}
