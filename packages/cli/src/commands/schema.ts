/**
 * `floe schema`: what floe would read: the columns and their inferred types, the files found,
 * their total size, the number of partitions, and for CSV the dialect (as the flags that read
 * it, so a user can copy them); Parquet, Arrow IPC and JSON lines name their format instead.
 * Reads only the files' samples (or footers).
 *   table (terminal)  a summary, the dialect, the file list, and the columns as a box table
 *   json              {"columns":[{name,dtype}],"files":[{path,bytes}],"bytes":N,"partitions":N,"format":"csv","dialect":{…}|null}
 *   csv, ndjson       the columns only (column, dtype)
 */
import type { Command } from 'commander';
import type { DataFrame } from 'floe/core';
import type { CliIO } from '../cli-io.js';
import { newCommand } from '../cli-command.js';
import { chooseFormat, outputTarget, render } from '../output/emit-result.js';
import { formatTable } from '../output/format-table.js';
import type { ResultSet } from '../output/result-set.js';
import { writeOutput } from '../output/write-output.js';
import { kindName, type InputKind } from '../input-kind.js';
import { openFrame } from '../open-input.js';
import { addOutputOptions, addReadOptions, addVerboseOption, type CommonFlags, type OutputFlags, type ReadOptions } from '../query-options.js';

interface SchemaFlags extends ReadOptions, OutputFlags, CommonFlags {}

interface FileInfo {
  path: string;
  bytes: number;
}

const HELP = `
On a terminal: a summary line, the files, and the columns as a table. With --format json:
{"columns":[{"name","dtype"}],"files":[{"path","bytes"}],"bytes":N,"partitions":N,"blocksize":N,"format":"csv","dialect":{…}}
(dialect null for Parquet, Arrow IPC and JSON lines).
With csv or ndjson: the columns only.

Examples:
  floe schema data/
  floe schema 'data/*.csv' --parse-dates Date --blocksize 64MB --format json
  floe schema lake.parquet`;

export function schemaCommand(io: CliIO): Command {
  const cmd = newCommand('schema', io, 'floe schema')
    .description('show inferred columns and types, the files found and the partitions')
    .argument('<paths...>', 'files, directories or quoted globs (CSV, Parquet, Arrow IPC, JSON lines)');
  addReadOptions(cmd);
  addOutputOptions(cmd);
  addVerboseOption(cmd);
  cmd.addHelpText('after', HELP);
  return cmd.action(async (paths: string[], flags: SchemaFlags) => {
    const df = openFrame(paths, flags);
    const { files, blocksize, format: kind, dialect } = scanInfo(df);
    const bytes = files.reduce((s, f) => s + f.bytes, 0);
    const partitions = df.npartitions;
    const columns: ResultSet = {
      fields: [{ name: 'column', dtype: 'string' }, { name: 'dtype', dtype: 'string' }],
      columns: [df.schema.map((f) => f.name), df.schema.map((f) => f.dtype)],
      numRows: df.schema.length,
    };
    const format = chooseFormat(flags, io.stdout.isTTY === true);
    let chunks: Iterable<string>;
    if (format === 'json') {
      chunks = [`${JSON.stringify({ columns: df.schema.map((f) => ({ name: f.name, dtype: f.dtype })), files, bytes, partitions, blocksize, format: kind, dialect: dialect?.json ?? null }, null, 2)}\n`];
    } else if (format === 'table') {
      const summary = `${files.length} file${files.length === 1 ? '' : 's'}, ${formatSize(bytes)}, ${partitions} partition${partitions === 1 ? '' : 's'} of up to ${formatSize(blocksize)}\n`;
      const width = files.reduce((w, f) => Math.max(w, f.path.length), 0);
      chunks = [summary, dialect ? `dialect: ${dialect.flags}\n` : `format: ${kindName(kind)}\n`, ...files.map((f) => `  ${f.path.padEnd(width)}  ${formatSize(f.bytes).padStart(9)}\n`), ...formatTable(columns, { maxRows: Infinity })];
    } else {
      chunks = render(columns, format);
    }
    await writeOutput(chunks, outputTarget(flags, io), io.signal);
  });
}

/** The files, block size, format and (CSV) dialect of the frame's scan (the plan is public, plain data). */
function scanInfo(df: DataFrame): { files: FileInfo[]; blocksize: number; format: InputKind; dialect: { json: object; flags: string } | null } {
  let plan = df.plan;
  while (plan.kind !== 'scan') plan = 'input' in plan ? plan.input : 'left' in plan ? plan.left : plan.inputs[0]; // the first scan (schema reads one input)
  const src = plan.source;
  // the CLI opens files only, so a scan's format is one of its input kinds
  if (src.format !== 'csv') return { files: src.files.map((f) => ({ path: f.path, bytes: f.size })), blocksize: plan.blocksize, format: src.format as InputKind, dialect: null };
  const d = src.dialect;
  const quote = d.quote === '\u0000' ? '' : d.quote; // NUL stands for no quoting (the option's quote '')
  const json = {
    delimiter: d.delimiter, quote, escape: d.escape, comment: d.comment, header: src.header, headerSniffed: src.headerSniffed,
    skipRows: src.skipRows, decimal: d.decimal, thousands: d.thousands, trailingDelimiter: d.trailingDelimiter, strictQuotes: d.strictQuotes,
  };
  const q = (v: string): string => (v === '\t' ? 'tab' : `'${v.replaceAll("'", "'\\''")}'`);
  const flags = [`--delimiter ${q(d.delimiter)}`, `--quote ${q(quote)}`];
  if (d.escape !== null) flags.push(`--escape ${q(d.escape)}`);
  if (d.comment !== null) flags.push(`--comment ${q(d.comment)}`);
  flags.push(src.header ? '--header true' : '--no-header');
  if (src.skipRows > 0) flags.push(`--skip-rows ${src.skipRows}`);
  if (d.decimal !== '.') flags.push(`--decimal ${q(d.decimal)}`);
  if (d.thousands !== null) flags.push(`--thousands ${q(d.thousands)}`);
  if (d.trailingDelimiter) flags.push('--trailing-delimiter');
  if (d.strictQuotes) flags.push('--strict-quotes');
  const note = src.headerSniffed ? ` (the first row judged ${src.header ? 'a header' : 'data'} from its values; --header true or --no-header decides)` : '';
  return { files: df.files.map((f) => ({ path: f.path, bytes: f.size })), blocksize: df.blocksize, format: 'csv', dialect: { json, flags: flags.join(' ') + note } };
}

function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u]}`;
}
