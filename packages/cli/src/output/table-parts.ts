/**
 * A terminal's table of a result that is never held whole: the query writes its CSV part files
 * (writeCsv: out of core, in order), and only the rows the table draws are read back, typed as
 * the result's columns — the first rows from the first parts, the last from the last; the parts
 * between are counted, not read. Computed whole, `floe sort big/` on a terminal held its result
 * several times over (112 MB of CSV: 1.09 GB) to draw 100 rows of it. CSV, not Arrow IPC: a small
 * result's table then loads no Arrow library (~0.15 s of a 0.85 s query).
 */
import { InlineExecutor, readCsv, type DType, type Field } from 'floe/core';
import { TABLE_MAX_ROWS } from './format-table.js';
import { fromTable, type ResultSet } from './result-set.js';

/** The rows a table draws of the parts `files` of `partRows` rows each: all of them up to `maxRows`, else the first half and the last. */
export async function tableRows(files: readonly string[], partRows: readonly number[], fields: readonly Field[], maxRows = TABLE_MAX_ROWS): Promise<{ rs: ResultSet; total: number; head: number }> {
  const total = partRows.reduce((n, r) => n + r, 0);
  const headN = total <= maxRows ? total : Math.ceil(maxRows / 2);
  const dtypes = Object.fromEntries(fields.map((f) => [f.name, f.dtype])) as Record<string, DType>;
  // only an empty field is null: a float's NaN is written as `NaN` (read as null by default), and
  // a string that reads like a null token (`NA`, `None`) is written quoted
  const read = (file: string) => readCsv(file, { delimiter: ',', header: true, dtypes, nullValues: [''] });
  const first = await rowsFrom(files, partRows, headN, false, read);
  if (total <= maxRows) return { rs: first, total, head: total };
  const last = await rowsFrom(files, partRows, maxRows - headN, true, read);
  return { rs: { fields: first.fields, columns: first.columns.map((c, k) => c.concat(last.columns[k])), numRows: first.numRows + last.numRows }, total, head: headN };
}

/** The first (or, `fromEnd`, the last) `want` rows of the parts, reading as few of them as hold those rows. */
async function rowsFrom(files: readonly string[], partRows: readonly number[], want: number, fromEnd: boolean, read: (file: string) => ReturnType<typeof readCsv>): Promise<ResultSet> {
  const executor = new InlineExecutor();
  const pieces: ResultSet[] = [];
  let got = 0;
  for (let j = 0; j < files.length && (got < want || pieces.length === 0); j++) {
    const k = fromEnd ? files.length - 1 - j : j;
    if (partRows[k] === 0 && pieces.length > 0) continue;
    const need = want - got;
    // from the front a part's first rows are read alone; from the end, the part whole (one part: a task's share of the budget)
    const rs = fromTable(await (fromEnd ? read(files[k]) : read(files[k]).limit(Math.max(1, need))).compute({ executor }));
    const from = fromEnd ? Math.max(0, rs.numRows - need) : 0;
    const to = fromEnd ? rs.numRows : Math.min(rs.numRows, need);
    const piece: ResultSet = { fields: rs.fields, columns: rs.columns.map((c) => c.slice(from, to)), numRows: Math.max(0, to - from) };
    if (fromEnd) pieces.unshift(piece);
    else pieces.push(piece);
    got += piece.numRows;
  }
  return { fields: pieces[0].fields, columns: pieces[0].columns.map((_, k) => pieces.flatMap((p) => p.columns[k])), numRows: got };
}
