/**
 * The rows a command prints, as named, typed columns of plain values. Engine results convert
 * to it with fromTable(); commands that build their own answer (describe) construct one.
 */
import { formatTimestamp, type CellValue, type Table, type TableColumn } from 'floe/core';

export interface ResultField {
  name: string;
  /** An engine dtype (int64, float64, bool, string, timestamp, date), or `any` for mixed cells. */
  dtype: string;
}

export interface ResultSet {
  fields: ResultField[];
  /** One array per field, each numRows long. */
  columns: CellValue[][];
  numRows: number;
}

export function fromTable(t: Table): ResultSet {
  return {
    fields: t.schema.map((f) => ({ name: f.name, dtype: f.dtype })),
    columns: t.schema.map((f) => (f.dtype === 'timestamp' ? timestampTexts(t.column(f.name)) : t.column(f.name).toArray())),
    numRows: t.numRows,
  };
}

/**
 * A timestamp column's cells as the engine writes them (writeCsv, toString()): microseconds kept.
 * A Date holds milliseconds only: `12:00:00.123456` printed as `12:00:00.123`.
 */
function timestampTexts(c: TableColumn): CellValue[] {
  const { values, valid } = c.data;
  return Array.from({ length: c.length }, (_, i) => (valid !== null && valid[i] === 0 ? null : formatTimestamp(Number(values[i]))));
}
