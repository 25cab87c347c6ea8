/**
 * Arrow IPC part files (`.arrow`, the IPC stream format: what DuckDB, Polars and pyarrow read).
 * The batches are held (copied: a reader may reuse its buffers after the call) and written at
 * finish as one table, its strings under one dictionary each: a scan's batches index their
 * partition's dictionary as it grows, and a dictionary written again at every batch made a part
 * file of a 100 k-id column 4× the size of its data, which Polars could not read (it keeps a
 * stream's first dictionary: "dictionary key 41807 must be < 26669"). Record batches of
 * BATCH_ROWS rows. Timestamps are written as microseconds, UTC-naive, like floe holds them.
 */
import { writeFileSync } from 'node:fs';
import { RecordBatchStreamWriter, type RecordBatch } from 'apache-arrow';
import { toArrowTable } from '../../table/to-arrow.js';
import type { WriteFormat } from '../part-writer.js';
import { compactDictionary } from '../../kernels/compact-dictionary.js';
import { concatColumns, type Column, type ColumnValues } from '../../kernels/column.js';
import type { DType } from '../../types/dtype.js';

const BATCH_ROWS = 1 << 16;

export const ipcPartWriter: WriteFormat = {
  open(path, fields) {
    let parts: Column[][] = [];
    return {
      write(columns, length) {
        if (length > 0) parts.push(columns.map((c) => copyColumn(c, length)));
      },
      finish() {
        const rows = parts.reduce((n, p) => n + p[0].length, 0);
        const cols = rows === 0 ? fields.map((f) => emptyColumn(f.dtype)) : fields.map((f, k) => compactDictionary(concatColumns(parts.map((p) => p[k]), f.dtype)));
        parts = [];
        const table = toArrowTable(fields, cols, { micros: true });
        // slices share the table's dictionaries: the writer writes each one once
        const batches: RecordBatch[] = [];
        for (let lo = 0; lo < rows; lo += BATCH_ROWS) batches.push(...table.slice(lo, Math.min(rows, lo + BATCH_ROWS)).batches);
        writeFileSync(path, RecordBatchStreamWriter.writeAll(batches.length > 0 ? batches : table.batches).toUint8Array(true));
      },
      abort() { parts = []; },
    };
  },
};

function copyColumn(c: Column, n: number): Column {
  return { dtype: c.dtype, length: n, values: c.values.slice(0, n) as ColumnValues, valid: c.valid ? c.valid.slice(0, n) : null, ...(c.dict !== undefined && { dict: c.dict }) };
}

function emptyColumn(dtype: DType): Column {
  const values = dtype === 'int64' ? new BigInt64Array(0) : dtype === 'string' || dtype === 'date' ? new Int32Array(0) : dtype === 'bool' ? new Uint8Array(0) : new Float64Array(0);
  return { dtype, length: 0, values, valid: null, ...(dtype === 'string' && { dict: [] }) };
}
