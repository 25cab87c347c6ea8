/**
 * A count as the CLI prints it: the bare number and a newline (for `n=$(floe count …)`), or, with
 * --format or an --output file named .json/.ndjson, a one-column result like any other (c.json
 * got a bare 6 where --format json gives [{"count":6}]). `floe count` and `floe unique --count` alike.
 */
import type { DataFrame } from 'floe/core';
import type { CliIO } from '../cli-io.js';
import type { RunOptions } from '../query-options.js';
import { runQuery } from '../run-query.js';
import { chooseFormat, emitResult, outputTarget, type OutputOptions } from './emit-result.js';
import { fromTable } from './result-set.js';
import { writeOutput } from './write-output.js';

/** `query` holds one row with the column `count`. */
export async function emitCount(query: DataFrame, flags: RunOptions & OutputOptions, io: CliIO): Promise<void> {
  const table = await runQuery(query, flags, io);
  if (flags.format !== undefined || (flags.output !== undefined && chooseFormat(flags, false) !== 'csv')) {
    await emitResult(fromTable(table), flags, io);
    return;
  }
  await writeOutput([`${String(table.column('count').get(0))}\n`], outputTarget(flags, io), io.signal);
}
