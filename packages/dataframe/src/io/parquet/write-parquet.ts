/**
 * Parquet part files, written with hyparquet-writer: rows are buffered into row groups of
 * ROW_GROUP_ROWS (each with min/max statistics, so readers can prune), snappy-compressed.
 * Types: int64 → INT64 (exact), float64 → DOUBLE, bool → BOOLEAN, string → UTF8 BYTE_ARRAY,
 * timestamp → INT64 TIMESTAMP(MICROS) not adjusted to UTC (the millisecond fraction keeps the µs),
 * date → INT32 DATE. Every column is OPTIONAL (nullable). Timestamps are naive, as floe's are
 * (a text time without an offset is read as that wall-clock time, one with an offset as UTC's)
 * and as pandas, Polars and floe's own toArrow() hand them over: DuckDB reads them as TIMESTAMP,
 * not TIMESTAMPTZ, and shows the times the CSV had in any session's time zone. (The legacy
 * TIMESTAMP_MICROS annotation means adjusted to UTC, so it is left out.)
 */
import type { SchemaElement } from 'hyparquet';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import type { Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import type { WriteFormat } from '../part-writer.js';
import { toMicros } from '../../table/to-arrow.js';

export const ROW_GROUP_ROWS = 131_072;

/**
 * A row group's column for the writer. A float column holding -0 is written PLAIN: the writer's
 * dictionary keys values with a Map, where -0 and 0 are one key, so every -0.0 read back as 0 (or
 * every 0 as -0.0: 1/x changed sign).
 */
function columnData(f: Field, data: unknown[] | Float64Array | BigInt64Array | Int32Array): { name: string; data: typeof data; encoding?: 'PLAIN' } {
  if (f.dtype === 'float64' && holdsNegativeZero(data)) return { name: f.name, data, encoding: 'PLAIN' };
  return { name: f.name, data };
}

function holdsNegativeZero(data: ArrayLike<unknown>): boolean {
  for (let i = 0; i < data.length; i++) if (data[i] === 0 && Object.is(data[i], -0)) return true;
  return false;
}

export const parquetPartWriter: WriteFormat = {
  open(path, fields) {
    const writer = new ParquetWriter({ writer: fileWriter(path), schema: parquetSchema(fields), codec: 'SNAPPY', createdBy: 'floe' });
    // values are converted as each batch arrives: a reader may reuse a batch's buffers after the call
    let pending: GroupColumn[] = fields.map((f) => new GroupColumn(f));
    let rows = 0;
    const flush = () => {
      if (rows === 0) return;
      writer.write({ columnData: fields.map((f, k) => columnData(f, pending[k].values(rows))), rowGroupSize: rows });
      pending = fields.map((f) => new GroupColumn(f));
      rows = 0;
    };
    return {
      write(columns, length) {
        if (length === 0) return;
        for (let k = 0; k < fields.length; k++) pending[k].append(columns[k], rows);
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
      case 'timestamp': out.push({ ...base, type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' } }); break;
      case 'date': out.push({ ...base, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } }); break;
    }
  }
  return out;
}

/**
 * One row group's values of one column, as hyparquet-writer takes them: numbers, dates and
 * (µs) timestamps in typed arrays, strings and booleans in plain arrays; only a group that has
 * nulls becomes a plain array with null in their places.
 */
class GroupColumn {
  private typed: Float64Array | BigInt64Array | Int32Array | null = null;
  private plain: unknown[] | null = null;
  private nulls: number[] = [];
  constructor(private readonly field: Field) {}

  append(c: Column, at: number): void {
    const n = c.length;
    const v = c.values;
    if (c.valid !== null) for (let i = 0; i < n; i++) if (c.valid[i] === 0) this.nulls.push(at + i);
    switch (this.field.dtype) {
      case 'string': case 'bool': {
        const out = (this.plain ??= []);
        if (this.field.dtype === 'bool') for (let i = 0; i < n; i++) out.push(v[i] === 1);
        else { const dict = c.dict!; for (let i = 0; i < n; i++) out.push(dict[v[i] as number]); }
        return;
      }
      case 'int64': case 'timestamp': {
        const out = this.grow(BigInt64Array, at + n) as BigInt64Array;
        if (v instanceof BigInt64Array) out.set(v, at);
        else if (this.field.dtype === 'int64') for (let i = 0; i < n; i++) out[at + i] = BigInt(c.valid !== null && c.valid[i] === 0 ? 0 : (v[i] as number));
        else for (let i = 0; i < n; i++) out[at + i] = c.valid !== null && c.valid[i] === 0 ? 0n : toMicros(v[i] as number);
        return;
      }
      case 'date': (this.grow(Int32Array, at + n) as Int32Array).set(v as Int32Array, at); return;
      default: (this.grow(Float64Array, at + n) as Float64Array).set(v as Float64Array, at);
    }
  }

  /** The group's values (the first `rows`). */
  values(rows: number): unknown[] | Float64Array | BigInt64Array | Int32Array {
    const data = this.plain ?? this.typed!.subarray(0, rows);
    if (this.nulls.length === 0) return data;
    const out: unknown[] = Array.from(data as ArrayLike<unknown>);
    for (const i of this.nulls) out[i] = null;
    return out;
  }

  private grow(Ctor: Float64ArrayConstructor | BigInt64ArrayConstructor | Int32ArrayConstructor, need: number): Float64Array | BigInt64Array | Int32Array {
    if (this.typed && this.typed.length >= need) return this.typed;
    const next = new Ctor(Math.max(need, ROW_GROUP_ROWS, this.typed ? this.typed.length * 2 : 0));
    if (this.typed) next.set(this.typed as never);
    this.typed = next;
    return next;
  }
}
