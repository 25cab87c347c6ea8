/**
 * `floe count`: the number of rows (matching --where). Prints the bare number, for shell
 * scripts (`n=$(floe count data/)`); with --format, a one-row table with a `count` column.
 */
import type { Command } from 'commander';
import { col } from 'floe/core';
import type { CliIO } from '../cli-io.js';
import { newCommand } from '../cli-command.js';
import { EXPRESSION_HELP } from '../expression-help.js';
import { openInput, type InputOptions } from '../open-input.js';
import { emitCount } from '../output/emit-count.js';
import {
  addQueryOptions,
  type CommonFlags, type OutputFlags, type RunOptions,
} from '../query-options.js';

interface CountFlags extends InputOptions, RunOptions, OutputFlags, CommonFlags {}

const HELP = `
Prints the number alone, unless --format asks for a one-row table with a "count" column.
${EXPRESSION_HELP}

Examples:
  floe count data/
  floe count 'data/*.csv' --where "X0 > 90 and hour(Date) < 6"`;

export function countCommand(io: CliIO): Command {
  const cmd = newCommand('count', io, 'floe count')
    .description('count rows')
    .argument('<paths...>', 'CSV files, directories (their *.csv) or quoted globs')
    .option('--where <PRED>', 'count only rows where PRED holds');
  addQueryOptions(cmd, HELP);
  return cmd.action(async (paths: string[], flags: CountFlags) => {
    const { df } = openInput(paths, flags, [], flags);
    const query = df.agg(col('*').count().alias('count'));
    if (flags.explain) {
      io.stdout.write(`${query.explain().trimEnd()}\n`);
      return;
    }
    await emitCount(query, flags, io);
  });
}
