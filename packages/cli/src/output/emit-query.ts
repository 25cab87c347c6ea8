/**
 * A command's query to where the user asked: `--output DIR/` (or an existing directory) streams
 * the rows into CSV part files in order, never holding them whole — the out-of-core path of a
 * sort or a grouping of many groups; CSV and JSON to stdout or one file are read back from such
 * part files (csv-parts.ts), and a terminal's table only the rows it draws (table-parts.ts); a
 * table written to a file is computed whole, then written (emit-result.ts).
 */
import { statSync } from 'node:fs';
import { removeTempDir, type DataFrame } from 'floe/core';
import type { CliIO } from '../cli-io.js';
import type { OutputFlags, RunOptions } from '../query-options.js';
import { runQuery, runWith, runWrite } from '../run-query.js';
import { UsageError } from '../usage-error.js';
import { jsonArrayText, partsFolder, partsText } from './csv-parts.js';
import { formatTable } from './format-table.js';
import { tableRows } from './table-parts.js';
import { chooseFormat, csvDelimiter, emitResult, outputTarget, refuseBinaryOutput } from './emit-result.js';
import { fromTable } from './result-set.js';
import { writeOutput } from './write-output.js';

export async function emitQuery(query: DataFrame, flags: RunOptions & OutputFlags, io: CliIO): Promise<void> {
  if (flags.output !== undefined && isDirectoryTarget(flags.output)) {
    if (flags.format !== undefined && flags.format !== 'csv') throw new UsageError('--output to a directory writes CSV part files; drop --format or write to a file');
    const res = await runWrite(query, flags.output, flags, io);
    io.stderr.write(`floe: wrote ${res.rows} rows to ${res.files.length} file(s) in ${flags.output}\n`);
    return;
  }
  if (flags.output !== undefined) refuseBinaryOutput(flags.output);
  // CSV and JSON (a pipe, a file) and a terminal's table stream through part files, never held
  // whole; only a table written to a file is computed whole (its widths fit every row)
  const format = chooseFormat(flags, io.stdout.isTTY === true);
  const target = outputTarget(flags, io);
  if (format === 'table' && target.kind !== 'stream') {
    await emitResult(fromTable(await runQuery(query, flags, io)), flags, io);
    return;
  }
  const dir = partsFolder(target);
  try {
    if (format === 'table') {
      const res = await runWrite(query, dir, flags, io);
      const { rs, total, head } = await tableRows(res.files, res.partRows, query.schema);
      await writeOutput(formatTable(rs, { held: { total, head } }), target, io.signal);
      return;
    }
    if (format === 'csv') {
      const res = await runWrite(query, dir, flags, io, csvDelimiter(flags));
      await writeOutput(partsText(res.files), target, io.signal);
      return;
    }
    // JSON: the rows encoded by the write tasks, in parallel; here their text is only copied
    const { files } = await runWith(flags, io, (c) => query.writeNdjson(dir, c));
    await writeOutput(format === 'ndjson' ? partsText(files, false) : jsonArrayText(partsText(files, false)), target, io.signal);
  } finally {
    removeTempDir(dir);
  }
}

/** `out/`, or an existing directory, means part files; anything else is one result file. */
export function isDirectoryTarget(path: string): boolean {
  if (path.endsWith('/')) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
