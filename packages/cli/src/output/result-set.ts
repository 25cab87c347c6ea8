/**
 * The rows a command prints, as named, typed columns of plain values. Engine results convert
 * to it with fromTable(); commands that build their own answer (describe) construct one.
 */
import type { CellValue, Table } from 'floe/core';

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
    columns: t.schema.map((f) => t.column(f.name).toArray()),
    numRows: t.numRows,
  };
}
