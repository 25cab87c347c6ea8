/**
 * Turns any failure into one line on stderr and an exit code:
 *   0    help or version was asked for
 *   1    a runtime error: bad data, a missing file, a failed write
 *   2    a usage error: unknown option, bad expression, an option's bad value
 *   130  interrupted (Ctrl-C)
 * With --verbose the stack follows the line.
 */
import { CommanderError } from 'commander';
import { PlanError } from 'floe/core';
import type { OutStream } from './cli-io.js';
import { GrammarError } from './grammar/grammar-error.js';
import { UsageError } from './usage-error.js';

export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

export function exitCodeOf(err: unknown, aborted: boolean): number {
  if (err instanceof CommanderError) {
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT_OK : EXIT_USAGE;
  }
  if (aborted) return EXIT_INTERRUPTED;
  if (err instanceof UsageError || err instanceof GrammarError || err instanceof PlanError) return EXIT_USAGE;
  return EXIT_RUNTIME;
}

/** The one line: what went wrong, where, and how to fix it, without the engine's prefixes; `sql`: the fix is written in SQL. */
export function errorLine(err: unknown, sql = false): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/^(readCsv|writeCsv|writeParquet|writeIpc|writeNdjson): /, '').replace(/\s*\n\s*/g, ' ')
    // the library's fix is code; the CLI's is a flag
    .replace(/cast the column to float64 first: col\((".*?")\)\.cast\('float64'\)\.sum\(\)/, (_, name: string) => (sql ? `sum it as a double: sum(CAST(${name} AS DOUBLE))` : `read it as float64 first: --dtype ${JSON.parse(name) as string}=float64`))
    // JSON lines: a text column is read as dates when --parse-dates names it or the query uses it
    // as one — the engine's "(parseDates)" named an option a CLI user may never have passed
    .replace(/ \(parseDates\) holds (.*)$/, ' holds $1; it is read as dates because --parse-dates names it or the query uses it as one (year(), a comparison with a date)')
    .trim() || (err instanceof Error ? err.name : 'unknown error');
}

export function reportError(err: unknown, stderr: OutStream, options: { verbose: boolean; aborted: boolean; sql?: boolean }): number {
  const code = exitCodeOf(err, options.aborted);
  // commander has already printed its own message (see cli-command.ts)
  if (err instanceof CommanderError) return code;
  stderr.write(code === EXIT_INTERRUPTED ? 'floe: interrupted\n' : `floe: error: ${errorLine(err, options.sql)}\n`);
  if (options.verbose && err instanceof Error && err.stack) stderr.write(`${err.stack}\n`);
  return code;
}
