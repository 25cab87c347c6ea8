/**
 * Creates a commander Command wired to the CLI's streams: help to stdout, errors to stderr as
 * one `floe: error: …` line, and thrown CommanderErrors instead of process.exit (so main()
 * decides the exit code and tests can run it in-process).
 */
import { Command } from 'commander';
import type { CliIO } from './cli-io.js';

/**
 * A misspelt option is reported before a missing required one: `floe agg data/ --bye k` said
 * "required option '--agg' not specified" instead of "unknown option '--bye' (Did you mean
 * --by?)". commander checks the required options first; its parse result is kept here so that
 * check can defer to the unknown option. These are commander's internals (14.x): cli.e2e.test.ts's
 * `--bye` case fails if a release renames them.
 */
class FloeCommand extends Command {
  private unknownSeen: string[] = [];

  override parseOptions(args: string[]): { operands: string[]; unknown: string[] } {
    const parsed = super.parseOptions(args);
    this.unknownSeen = parsed.unknown;
    return parsed;
  }

  /** commander's (not in its types): reports a required option that was not given. */
  missingMandatoryOptionValue(option: unknown): never {
    const own = Command.prototype as unknown as { unknownOption(flag: string): never; missingMandatoryOptionValue(option: unknown): never };
    const unknown = this.unknownSeen.find((a) => a.startsWith('-'));
    if (unknown !== undefined) own.unknownOption.call(this, unknown);
    return own.missingMandatoryOptionValue.call(this, option);
  }
}

export function newCommand(name: string, io: CliIO, helpCommand: string): Command {
  const cmd: Command = new FloeCommand(name);
  const has = (long: string): boolean => cmd.options.some((o) => o.long === long || o.short === long);
  return cmd
    .exitOverride()
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .configureOutput({
      writeOut: (s) => { io.stdout.write(s); },
      writeErr: (s) => { io.stderr.write(s); },
      outputError: (s, write) => {
        const kin = kinHint(s, has);
        // commander's guess by spelling (--sep: "Did you mean --help?") gives way to the option meant
        const line = kin === '' ? oneLine(s) : oneLine(s).replace(/ \(Did you mean [^)]*\)/, '');
        write(`floe: error: ${line}${kin}${orderHint(s)}${sqlFileHint(name, s)}; see '${helpCommand} --help'\n`);
      },
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
    });
}

/** Other tools' names for floe's options (pandas, csvkit, xsv, DuckDB, Polars). */
const KIN: Record<string, string[]> = {
  '--by': ['--groupby', '--group-by', '--group', '--group_by', '--keys'],
  '--delimiter': ['--sep', '--separator', '--delim', '--field-separator'],
  '-n': ['--limit', '--nrows', '--rows', '--lines', '--head'],
  '--where': ['--filter', '--query', '--condition'],
  '--output': ['--out', '--outfile', '--output-file'],
};

/** `; floe writes it --by` for an unknown option that another tool names so, when the command has the option. */
function kinHint(s: string, has: (long: string) => boolean): string {
  const flag = /unknown option '([^'=]+)/.exec(s)?.[1];
  if (flag === undefined) return '';
  const target = Object.keys(KIN).find((t) => KIN[t].includes(flag.toLowerCase()) && has(t));
  return target === undefined ? '' : `; floe's name for it is ${target}`;
}

/** `--desc` and its kin, as other tools spell them: where floe writes an order. */
function orderHint(s: string): string {
  return /unknown option '(--desc|--descending|--reverse|--asc|--ascending)'/.test(s) ? "; an order is written with its key: floe sort --by 'c desc', floe agg --sort 'sum_v desc'" : '';
}

/** `floe sql "select …" data.csv`: the tables are paths in the query. */
function sqlFileHint(name: string, s: string): string {
  return name === 'sql' && /too many arguments/.test(s) ? "; floe sql reads the files its query names: floe sql \"select … from 'data.csv'\" (quoted paths and globs in FROM)" : '';
}

function oneLine(s: string): string {
  return s.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim().replace(/\.$/, '');
}
