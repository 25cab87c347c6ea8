/**
 * Prints a result the way the user asked: `--format`, else by the `--output` file's
 * extension (.json, .ndjson/.jsonl, else CSV), else a box table on a terminal and CSV in a pipe.
 */
import type { CliIO } from '../cli-io.js';
import { UsageError } from '../usage-error.js';
import { formatCsv } from './format-csv.js';
import { formatJson, formatNdjson } from './format-json.js';
import { formatTable } from './format-table.js';
import type { ResultSet } from './result-set.js';
import { descriptorOf, writeOutput, type OutputTarget } from './write-output.js';

export const FORMATS = ['table', 'csv', 'json', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];

export interface OutputOptions {
  format?: Format;
  output?: string;
}

export function chooseFormat(opts: OutputOptions, stdoutIsTTY: boolean): Format {
  if (opts.format) return opts.format;
  if (opts.output !== undefined) {
    const ext = opts.output.toLowerCase().split('.').pop();
    return ext === 'json' ? 'json' : ext === 'ndjson' || ext === 'jsonl' ? 'ndjson' : 'csv';
  }
  return stdoutIsTTY ? 'table' : 'csv';
}

/** Where one result goes: the --output file, else stdout. A folder (`out/`) is refused here: commands that write part files take it before (emit-query.ts). */
export function outputTarget(opts: OutputOptions, io: CliIO): OutputTarget {
  if (opts.output === undefined) return { kind: 'stream', stream: io.stdout };
  if (opts.output.endsWith('/')) throw new UsageError(`--output ${opts.output}: this command writes one file; give a file name, e.g. ${opts.output}result.csv`);
  refuseBinaryOutput(opts.output);
  // `--output /dev/stdout` (or stderr, /dev/fd/N): the descriptor the shell opened, written as it is
  const fd = descriptorOf(opts.output);
  if (fd === 1) return { kind: 'stream', stream: io.stdout };
  if (fd === 2) return { kind: 'stream', stream: io.stderr };
  if (fd !== null) return { kind: 'fd', fd, path: opts.output };
  return { kind: 'file', path: opts.output };
}

/** Extensions of files a result file is not: text written under them would be a corrupt file of that kind. */
const BINARY_OUTPUT = /\.(parquet|arrow|ipc|feather|gz|zst|xlsx?)$/i;

/**
 * A result file named as Parquet, Arrow or a compressed file is refused before the query runs: it
 * would get CSV text (`floe head r.parquet` then says it is not Parquet). Those are written by
 * `floe convert`, from the result as CSV.
 */
export function refuseBinaryOutput(path: string): void {
  const ext = BINARY_OUTPUT.exec(path)?.[1];
  if (ext === undefined) return;
  const how = /^(parquet|arrow|ipc|feather)$/i.test(ext)
    ? `write it as CSV and convert it: --output result.csv, then floe convert result.csv result.${ext.toLowerCase()}`
    : /^xlsx?$/i.test(ext) ? 'floe writes no spreadsheets: write result.csv, which they open' : 'write it as CSV and compress that file';
  throw new UsageError(`--output ${path}: a result file is CSV, JSON or JSON lines text (by its extension: .csv, .tsv, .json, .ndjson/.jsonl), not .${ext}; ${how}`);
}

/** `delimiter`: CSV's (a tab for --output x.tsv); `whole`: a table draws every row (a file, not a terminal's screen). */
export function render(rs: ResultSet, format: Format, delimiter = ',', whole = false): Iterable<string> {
  switch (format) {
    case 'table': return formatTable(rs, whole ? { maxRows: Infinity } : {});
    case 'csv': return formatCsv(rs, delimiter);
    case 'json': return formatJson(rs);
    case 'ndjson': return formatNdjson(rs);
  }
}

/** CSV's delimiter for the output: a .tsv file gets tabs (it got commas under a name that says tabs). */
export function csvDelimiter(opts: OutputOptions): string {
  return opts.output !== undefined && /\.tsv$/i.test(opts.output) ? '\t' : ',';
}

export async function emitResult(rs: ResultSet, opts: OutputOptions, io: CliIO): Promise<void> {
  const target = outputTarget(opts, io);
  // a table written to a file holds every row (cut to a screenful, its note sent the user to --output FILE)
  await writeOutput(render(rs, chooseFormat(opts, io.stdout.isTTY === true), csvDelimiter(opts), target.kind !== 'stream'), target, io.signal);
}
