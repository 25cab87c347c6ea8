/**
 * Parquet part files, written with hyparquet-writer: rows are buffered into row groups of
 * ROW_GROUP_ROWS (each with min/max statistics, so readers can prune), snappy-compressed.
 * Types: int64 → INT64 (exact), float64 → DOUBLE, bool → BOOLEAN, string → UTF8 BYTE_ARRAY,
 * timestamp → INT64 TIMESTAMP(MICROS, UTC) (the millisecond fraction keeps the µs), date →
 * INT32 DATE. Every column is OPTIONAL (nullable).
 */
import type { SchemaElement } from 'hyparquet';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import type { Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import type { WriteFormat } from '../part-writer.js';
import { toMicros } from '../../table/to-arrow.js';

export const ROW_GROUP_ROWS = 131_072;

export const parquetPartWriter: WriteFormat = {
  ext: 'parquet',
  open(path, fields) {
    const writer = new ParquetWriter({ writer: fileWriter(path), schema: parquetSchema(fields), codec: 'SNAPPY', createdBy: 'floe' });
    // values are converted as each batch arrives: a reader may reuse a batch's buffers after the call
    let pending: unknown[][] = fields.map(() => []);
    let rows = 0;
    const flush = () => {
      if (rows === 0) return;
      writer.write({ columnData: fields.map((f, k) => ({ name: f.name, data: pending[k] })), rowGroupSize: rows });
      pending = fields.map(() => []);
      rows = 0;
    };
    return {
      write(columns, length) {
        if (length === 0) return;
        fields.forEach((f, k) => appendValues(pending[k], columns[k], f));
        rows += length;
        if (rows >= ROW_GROUP_ROWS) flush();
      },
      finish() { flush(); writer.finish(); },
      abort() { pending = []; },
    };
  },
};

export function parquetSchema(fields: readonly Field[]): SchemaElement[] {
  const out: SchemaElement[] = [{ name: 'root', num_children: fields.length }];
  for (const f of fields) {
    const base = { name: f.name, repetition_type: 'OPTIONAL' as const };
    switch (f.dtype) {
      case 'int64': out.push({ ...base, type: 'INT64' }); break;
      case 'float64': out.push({ ...base, type: 'DOUBLE' }); break;
      case 'bool': out.push({ ...base, type: 'BOOLEAN' }); break;
      case 'string': out.push({ ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } }); break;
      case 'timestamp': out.push({ ...base, type: 'INT64', converted_type: 'TIMESTAMP_MICROS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } }); break;
      case 'date': out.push({ ...base, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } }); break;
    }
  }
  return out;
}

/** Appends a column's values as hyparquet-writer takes them: null for each missing value. */
function appendValues(out: unknown[], c: Column, f: Field): void {
  const n = c.length;
  const v = c.values;
  for (let i = 0; i < n; i++) {
    if (c.valid !== null && c.valid[i] === 0) { out.push(null); continue; }
    const x = v[i];
    switch (f.dtype) {
      case 'int64': out.push(typeof x === 'bigint' ? x : BigInt(x as number)); break;
      case 'string': out.push(c.dict![x as number]); break;
      case 'bool': out.push(x === 1); break;
      case 'timestamp': out.push(toMicros(x as number)); break;
      default: out.push(x);
    }
  }
}
