/**
 * `floe head`: the first rows (matching --where), reading only as much of the input as that
 * takes.
 */
import type { Command } from 'commander';
import type { CliIO } from '../cli-io.js';
import { newCommand } from '../cli-command.js';
import { EXPRESSION_HELP } from '../expression-help.js';
import { openInput, type InputOptions } from '../open-input.js';
import { emitQuery } from '../output/emit-query.js';
import {
  addQueryOptions, parseCount,
  type CommonFlags, type OutputFlags, type RunOptions,
} from '../query-options.js';

interface HeadFlags extends InputOptions, RunOptions, OutputFlags, CommonFlags {
  rows: number;
}

const HELP = `${EXPRESSION_HELP}

Examples:
  floe head data/2010.csv
  floe head data/ -n 3 --parse-dates Date --format json`;

export function headCommand(io: CliIO): Command {
  const cmd = newCommand('head', io, 'floe head')
    .description('print the first rows')
    .argument('<paths...>', 'CSV files, directories (their *.csv) or quoted globs')
    .option('-n, --rows <N>', 'how many rows', parseCount, 10)
    .option('--where <PRED>', 'only rows where PRED holds');
  addQueryOptions(cmd, HELP);
  return cmd.action(async (paths: string[], flags: HeadFlags) => {
    const { df } = openInput(paths, flags);
    const query = df.limit(flags.rows);
    if (flags.explain) {
      io.stdout.write(`${query.explain().trimEnd()}\n`);
      return;
    }
    await emitQuery(query, flags, io);
  });
}
