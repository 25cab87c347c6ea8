/**
 * A computed result: named, typed columns in memory. The edge of the engine: convert to rows,
 * to an apache-arrow Table, or print as a box table.
 */
import { valueAt, type Column } from '../kernels/column.js';
import { plainColumn } from '../kernels/byte-strings.js';
import { MS_PER_DAY } from '../kernels/civil-time.js';
import type { DType, Field } from '../types/dtype.js';
import { formatTable } from './format-table.js';
import { toArrowTable } from './to-arrow.js';
import type { Table as ArrowTable } from 'apache-arrow';

export type CellValue = number | bigint | string | boolean | Date | null;

export class TableColumn {
  constructor(readonly name: string, readonly data: Column) {}

  get dtype(): DType {
    return this.data.dtype;
  }

  get length(): number {
    return this.data.length;
  }

  get(i: number): CellValue {
    return cell(this.data, i);
  }

  toArray(): CellValue[] {
    return Array.from({ length: this.data.length }, (_, i) => cell(this.data, i));
  }
}

/**
 * `Row` types `toRows()`: `compute<{ q: number; k: string }>()` gives `rows[0].q` the type
 * number. It is the caller's promise, not checked at run time (the schema is).
 */
export class Table<Row extends object = Record<string, CellValue>> {
  readonly schema: readonly Field[];
  readonly numRows: number;
  /** Input rows dropped by `onBadLines: 'skip' | 'warn'` while computing this table. */
  skippedRows = 0;
  private readonly cols: readonly Column[];

  /** `numRows`: needed when there are no columns (rows a count(*) above a limit counts). */
  constructor(schema: readonly Field[], columns: readonly Column[], numRows = columns.length > 0 ? columns[0].length : 0) {
    if (schema.length !== columns.length) throw new Error('internal: schema and columns differ in length');
    this.schema = schema;
    // a dictionary held as bytes (kernels/byte-strings.ts) is a Proxy, which cannot be sent to a thread
    this.cols = columns.map(plainColumn);
    this.numRows = numRows;
  }

  get numCols(): number {
    return this.schema.length;
  }

  get columnNames(): string[] {
    return this.schema.map((f) => f.name);
  }

  column(name: string): TableColumn {
    const i = this.schema.findIndex((f) => f.name === name);
    if (i < 0) throw new Error(`no column ${JSON.stringify(name)} in the result; columns: ${this.columnNames.join(', ')}`);
    return new TableColumn(name, this.cols[i]);
  }

  /** Internal column data, in schema order. */
  get columns(): readonly Column[] {
    return this.cols;
  }

  /** Rows as plain objects. Timestamps and dates become Date objects; int64 values beyond 2^53 become bigints. */
  toRows<R extends object = Row>(): R[] {
    return [...this] as unknown as R[];
  }

  /** Its rows, as toRows() gives them: `for (const row of table)`. */
  *[Symbol.iterator](): IterableIterator<Row> {
    for (let i = 0; i < this.numRows; i++) {
      // fromEntries defines own properties: a column named __proto__ is a key, not the prototype
      yield Object.fromEntries(this.schema.map((f, k) => [f.name, cell(this.cols[k], i)])) as Row;
    }
  }

  toArrow(): ArrowTable {
    return toArrowTable(this.schema, this.cols);
  }

  toString(options: { maxRows?: number } = {}): string {
    return formatTable(this.schema, this.cols, options.maxRows ?? 20);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function cell(c: Column, i: number): CellValue {
  const v = valueAt(c, i);
  if (v === null) return null;
  // the millisecond the instant falls in: Date truncates toward zero, which before 1970 is the next one
  if (c.dtype === 'timestamp') return new Date(Math.floor(v as number));
  if (c.dtype === 'date') return new Date((v as number) * MS_PER_DAY);
  return v;
}
