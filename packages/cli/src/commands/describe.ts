/**
 * `floe describe`: summary statistics of every column — the library's `df.describe()`, printed
 * in its layout: a `statistic` column (count, nulls, mean, std, min, 25%, 50%, 75%, max) and
 * one column per input column, float64 for numeric columns and text for the others.
 * Two passes: a whole-frame aggregate, then the numeric and temporal columns for the exact
 * percentiles (skipped with --no-percentiles).
 */
import type { Command } from 'commander';
import type { CliIO } from '../cli-io.js';
import { newCommand } from '../cli-command.js';
import { EXPRESSION_HELP } from '../expression-help.js';
import { openInput, type InputOptions } from '../open-input.js';
import { emitResult } from '../output/emit-result.js';
import { fromTable } from '../output/result-set.js';
import {
  addQueryOptions,
  type CommonFlags, type OutputFlags, type RunOptions,
} from '../query-options.js';
import { runWith } from '../run-query.js';

interface DescribeFlags extends InputOptions, RunOptions, OutputFlags, CommonFlags {
  percentiles: boolean;
}

const HELP = `
Prints one row per statistic — count (non-null values), nulls, mean, std, min, 25%, 50%, 75%,
max — and one column per input column: numbers for numeric columns (float64), text for string,
date and timestamp columns (their min, max, mean and percentiles as dates). The same table as
df.describe() in the library. Percentiles are exact: the numeric and date columns are held in
memory for them; --no-percentiles skips that second pass.
${EXPRESSION_HELP}

Examples:
  floe describe data/ --parse-dates Date
  floe describe data/ --where "X0 > 50" --format json`;

export function describeCommand(io: CliIO): Command {
  const cmd = newCommand('describe', io, 'floe describe')
    .description('summary statistics per column: count, nulls, mean, std, min, percentiles, max')
    .argument('<paths...>', 'CSV files, directories (their *.csv) or quoted globs')
    .option('--where <PRED>', 'only rows where PRED holds')
    .option('--no-percentiles', 'skip the 25%/50%/75% rows (and the second pass they need)');
  addQueryOptions(cmd, HELP);
  return cmd.action(async (paths: string[], flags: DescribeFlags) => {
    const { df } = openInput(paths, flags, [], flags);
    if (flags.explain) {
      io.stdout.write(`describe: one whole-frame aggregate, then the numeric and date columns for the percentiles, over\n${df.explain().trimEnd()}\n`);
      return;
    }
    const t = await runWith(flags, io, (c) => df.describe({ ...c, percentiles: flags.percentiles ? undefined : [] })).catch((err: unknown) => {
      // the library's advice, in the CLI's words
      if (err instanceof RangeError && err.message.startsWith('describe(): exact percentiles')) {
        throw new RangeError(err.message.replace('pass { percentiles: [] } to skip them, or a larger maxBytes (or memoryLimit)', 'pass --no-percentiles to skip them, or a larger --memory-limit'));
      }
      throw err;
    });
    await emitResult(fromTable(t), flags, io);
  });
}
