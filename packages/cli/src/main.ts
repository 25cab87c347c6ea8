/**
 * The floe command: `main(argv, io)` parses the arguments, runs one command and returns the
 * exit code. It never calls process.exit and writes only to `io`, so tests run it in-process.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliIO } from './cli-io.js';
import { newCommand } from './cli-command.js';
import { aggCommand } from './commands/agg.js';
import { convertCommand } from './commands/convert.js';
import { countCommand } from './commands/count.js';
import { describeCommand } from './commands/describe.js';
import { headCommand } from './commands/head.js';
import { schemaCommand } from './commands/schema.js';
import { sortCommand } from './commands/sort.js';
import { sqlCommand } from './commands/sql.js';
import { uniqueCommand } from './commands/unique.js';
import { workerCommand } from './commands/worker.js';
import { EXIT_OK, reportError } from './report-error.js';
import { StreamInputs } from './stream-input.js';
import { closeEarlyPool } from './early-pool.js';
import { UsageError } from './usage-error.js';

const HELP = `
Paths are files, directories or quoted glob patterns ('data/*.csv'), read by extension: CSV (.csv .tsv),
Parquet (.parquet), Arrow IPC (.arrow .ipc), JSON lines (.jsonl .ndjson, and .json holding them);
CSV and JSON lines also gzip- or zstd-compressed (.csv.gz, .jsonl.zst …); a directory: its files of
the one kind it holds; '-' is standard input (zcat x.csv.gz | floe count -), read by its first bytes
(CSV, JSON lines, gzip, zstd, Parquet, Arrow IPC), and a pipe such as <(zcat x.csv.gz) works too.
Results go to stdout (a box table on a terminal, CSV in a pipe; see --format and --output);
progress and errors go to stderr. Exit codes: 0 ok, 1 runtime error (bad data, missing file),
2 usage error (unknown option, bad expression), 130 interrupted.

Examples:
  floe schema data/
  floe agg data/ --by 'year(Date)' --agg 'sum(*)'
  floe count data/ --where "X0 > 50"
  floe sort data/ --by 'X0 desc' --output sorted/
  floe unique data/ --by X1,X2 --count
  floe convert data/ lake.parquet
  floe sql "select year(Date) as y, sum(X0) from 'data/*.csv' group by y order by y"
  floe worker --redis redis://10.0.0.5:6379 --concurrency 2     (then: floe agg … --redis redis://10.0.0.5:6379)`;

export function buildProgram(io: CliIO): Command {
  const program = newCommand('floe', io, 'floe')
    .description('out-of-core dataframe queries over folders of CSV files')
    .version(version(), '-V, --version')
    .addHelpText('after', HELP);
  for (const make of [aggCommand, schemaCommand, headCommand, countCommand, describeCommand, sortCommand, uniqueCommand, sqlCommand, convertCommand, workerCommand]) program.addCommand(make(io));
  return program;
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const streams = new StreamInputs();
  try {
    const program = buildProgram({ ...io, spool: (paths) => streams.spool(paths, io) });
    // a command's <paths...> may name standard input ('-') or a pipe: copied to a file first
    program.hook('preAction', async (_program, command) => {
      const [first] = command.registeredArguments;
      const paths = command.processedArgs[0] as unknown;
      if (first?.name() !== 'paths' || !Array.isArray(paths)) return;
      // convert's last path is its output: never read (`floe convert IN -` copied stdin as one)
      const inputs = command.name() === 'convert' ? (paths as string[]).slice(0, -1) : (paths as string[]);
      command.processedArgs[0] = [...(await streams.spool(inputs, io)), ...(paths as string[]).slice(inputs.length)];
    });
    // `floe help nosuch`: commander prints the whole help, naming nothing (`floe nosuch` names it)
    if (argv[0] === 'help' && argv[1] !== undefined && !program.commands.some((c) => c.name() === argv[1])) {
      throw new UsageError(`unknown command '${argv[1]}'; the commands: ${program.commands.map((c) => c.name()).join(', ')}`);
    }
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    if (err instanceof Error) relabel(err, streams.relabel(err.message));
    return reportError(err, io.stderr, { verbose: isVerbose(argv), aborted: io.signal?.aborted === true, sql: argv.find((a) => !a.startsWith('-')) === 'sql' });
  } finally {
    await closeEarlyPool();
    streams.dispose();
  }
}

/** Sets `err.message` when it changed and can be set (a DOMException's, e.g. an AbortError's, cannot). */
function relabel(err: Error, message: string): void {
  if (message === err.message) return;
  try {
    err.message = message;
  } catch {
    // a read-only message names no copied input: keep it
  }
}

function isVerbose(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--verbose');
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
