/**
 * Arrow IPC part files (`.arrow`, the IPC stream format: what DuckDB, Polars and pyarrow read,
 * and what a dictionary that changes between batches needs). Each batch is converted to Arrow
 * as it arrives (a reader may reuse its buffers after the call) and the file is written at
 * finish. Timestamps are written as microseconds, UTC-naive, like floe holds them.
 */
import { writeFileSync } from 'node:fs';
import { RecordBatchStreamWriter, type RecordBatch } from 'apache-arrow';
import { toArrowTable, type DictionaryTypes } from '../../table/to-arrow.js';
import type { WriteFormat } from '../part-writer.js';
import type { Column } from '../../kernels/column.js';
import type { DType } from '../../types/dtype.js';

export const ipcPartWriter: WriteFormat = {
  open(path, fields) {
    let batches: RecordBatch[] = [];
    // one Dictionary type (one id) per string column for every batch: batches of one schema, each
    // dictionary written as it changes. A type per batch made a new schema at the second batch, where
    // the stream writer stopped — a file of 50 000 rows held 32 768, and a third batch crashed it
    const dictionaries: DictionaryTypes = new Map();
    return {
      write(columns, length) {
        if (length > 0) batches.push(...toArrowTable(fields, columns, { micros: true, dictionaries }).batches);
      },
      finish() {
        const empty = toArrowTable(fields, fields.map((f) => emptyColumn(f.dtype)), { micros: true, dictionaries });
        writeFileSync(path, RecordBatchStreamWriter.writeAll(batches.length > 0 ? batches : empty.batches).toUint8Array(true));
        batches = [];
      },
      abort() { batches = []; },
    };
  },
};

function emptyColumn(dtype: DType): Column {
  const values = dtype === 'int64' ? new BigInt64Array(0) : dtype === 'string' || dtype === 'date' ? new Int32Array(0) : dtype === 'bool' ? new Uint8Array(0) : new Float64Array(0);
  return { dtype, length: 0, values, valid: null, ...(dtype === 'string' && { dict: [] }) };
}
