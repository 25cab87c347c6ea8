/**
 * `floe convert IN... OUT`: reads the inputs (any kind floe reads, by extension) and writes them
 * as Parquet, Arrow IPC or CSV, one part file per partition, with the progress bar. The output
 * kind comes from OUT's extension (OUT.parquet, OUT.arrow/.ipc, OUT.csv), or --to for a plain
 * folder (default parquet). OUT is always a folder of part files (OUT.parquet/part-00000.parquet,
 * as Spark and Dask write): every reader of floe, DuckDB and Polars reads such a folder or glob.
 * Stale part files of an earlier write into OUT are removed; nothing is half-written.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { CliIO } from '../cli-io.js';
import { newCommand } from '../cli-command.js';
import { openInput, type InputOptions } from '../open-input.js';
import { addReadOptions, addRunOptions, type CommonFlags, type RunOptions } from '../query-options.js';
import { runWith } from '../run-query.js';
import { UsageError } from '../usage-error.js';

type Target = 'parquet' | 'ipc' | 'csv';

interface ConvertFlags extends InputOptions, RunOptions, CommonFlags {
  to?: Target;
}

const HELP = `
Examples:
  floe convert data/ lake.parquet                 # every CSV file of data/ → lake.parquet/part-*.parquet
  floe convert 'logs/*.csv.gz' logs.parquet --parse-dates Date
  floe convert lake.parquet out/ --to csv`;

function parseTarget(v: string): Target {
  if (v === 'parquet' || v === 'csv') return v;
  if (v === 'ipc' || v === 'arrow') return 'ipc';
  throw new InvalidArgumentError('expected parquet, ipc (arrow) or csv');
}

/** Output names of kinds floe reads but does not write: refused, not written as Parquet under that name. */
const UNWRITTEN = /\.(jsonl|ndjson|json|tsv|txt|gz|zst|xlsx?)\/?$/i;

export function targetOf(out: string, to: Target | undefined): Target {
  const other = UNWRITTEN.exec(out)?.[1];
  if (other !== undefined) throw new UsageError(`${out}: floe convert writes Parquet, Arrow IPC or CSV part files (name the output .parquet, .arrow or .csv, or a folder with --to), not .${other.toLowerCase()}`);
  const ext = /\.(parquet|pq|arrow|ipc|feather|csv)\/?$/i.exec(out)?.[1].toLowerCase();
  const byExt: Target | undefined = ext === undefined ? undefined : ext === 'parquet' || ext === 'pq' ? 'parquet' : ext === 'csv' ? 'csv' : 'ipc';
  if (to !== undefined && byExt !== undefined && to !== byExt) throw new UsageError(`--to ${to} contradicts the output name ${out} (${byExt})`);
  return to ?? byExt ?? 'parquet';
}

export function convertCommand(io: CliIO): Command {
  const cmd = newCommand('convert', io, 'floe convert')
    .description('convert CSV, Parquet, Arrow IPC or JSON lines files into Parquet, Arrow IPC or CSV part files')
    .argument('<paths...>', 'inputs (files, directories or quoted globs), then the output folder')
    .option('--to <KIND>', 'output kind when OUT has no extension: parquet (default), ipc, csv', parseTarget)
    .option('--where <PRED>', 'only rows where PRED holds');
  addReadOptions(cmd);
  addRunOptions(cmd, { explain: false });
  cmd.addHelpText('after', HELP);
  return cmd.action(async (args: string[], flags: ConvertFlags) => {
    if (args.length < 2) throw new UsageError('give the input paths and then the output, e.g. floe convert data/ lake.parquet');
    const out = args[args.length - 1];
    // stdout as the output (it read '-' as stdin's temporary copy, and named writeCsv)
    if (out === '-') throw new UsageError('floe convert writes part files into a folder; it cannot write to stdout (-): name a folder, e.g. out/ --to csv, or use `floe head FILES -n N` / `floe sql` to print rows');
    const target = targetOf(out, flags.to);
    // Parquet and Arrow hold types: ISO date and timestamp text is written as dates (a CSV copy keeps the text as it is)
    const { df } = openInput(args.slice(0, -1), { ...flags, datesFromText: target !== 'csv' }, [], flags);
    const t0 = performance.now();
    const r = await runWith(flags, io, (c) => (target === 'parquet' ? df.writeParquet(out, c) : target === 'ipc' ? df.writeIpc(out, c) : df.writeCsv(out, c)));
    const s = (performance.now() - t0) / 1000;
    io.stderr.write(`wrote ${r.rows} rows to ${r.files.length} ${target} file(s) in ${out} in ${s.toFixed(1)} s\n`);
  });
}
