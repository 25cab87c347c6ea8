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
import { emptyColumn } from '../../kernels/column.js';
import { RowBuffer } from '../../physical/sinks/row-buffer.js';

const BATCH_ROWS = 1 << 16;

export const ipcPartWriter: WriteFormat = {
  open(path, fields) {
    let rowsHeld = new RowBuffer(fields);
    return {
      write(columns, length) {
        rowsHeld.add({ length, columns: new Map(fields.map((f, k) => [f.name, columns[k]])) });
      },
      finish() {
        const rows = rowsHeld.length;
        const cols = rows === 0 ? fields.map((f) => emptyColumn(f.dtype)) : rowsHeld.columns().map(compactDictionary);
        rowsHeld = new RowBuffer(fields);
        const table = toArrowTable(fields, cols, { micros: true });
        // slices share the table's dictionaries: the writer writes each one once
        const batches: RecordBatch[] = [];
        for (let lo = 0; lo < rows; lo += BATCH_ROWS) batches.push(...table.slice(lo, Math.min(rows, lo + BATCH_ROWS)).batches);
        writeFileSync(path, RecordBatchStreamWriter.writeAll(batches.length > 0 ? batches : table.batches).toUint8Array(true));
      },
      abort() { rowsHeld = new RowBuffer(fields); },
    };
  },
};
