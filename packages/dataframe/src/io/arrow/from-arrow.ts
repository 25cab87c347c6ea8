/**
 * Arrow vectors → floe columns (fromArrow, Arrow IPC files). Types map to the engine's layouts:
 * Int* / Uint* → int64 (exact: bigint storage once a value passes 2^53), Float* → float64,
 * Bool → bool, Utf8 / LargeUtf8 / Utf8View / Dictionary<any of them> → string, Timestamp (any unit) →
 * timestamp (milliseconds, sub-millisecond digits kept as the fraction), Date → date, Decimal →
 * float64 (each value the double nearest it, as Parquet's decimals are read). Any other type is
 * refused with the column's name and type.
 */
import { scaleToMs } from '../timestamp-scale.js';
import { wordsToDouble } from '../parquet/decimal-to-double.js';
import type { DataType, Table as ArrowTable, Vector } from 'apache-arrow';
import { arrow } from '../lazy-arrow.js';
import type { Column } from '../../kernels/column.js';
import { I64_MAX, type DType, type Field } from '../../types/dtype.js';

export function columnsFromArrow(table: ArrowTable, where: string): { fields: Field[]; columns: Column[] } {
  const fields: Field[] = [];
  const columns: Column[] = [];
  table.schema.fields.forEach((f, k) => {
    const column = fromVector(f.name, table.getChildAt(k)!, where);
    fields.push({ name: f.name, dtype: column.dtype });
    columns.push(column);
  });
  return { fields, columns };
}

export function arrowDType(name: string, type: DataType, where: string): DType {
  const { DataType } = arrow();
  if (DataType.isInt(type)) return 'int64';
  if (DataType.isFloat(type) || DataType.isDecimal(type)) return 'float64';
  if (DataType.isBool(type)) return 'bool';
  if (isText(type)) return 'string';
  if (DataType.isDictionary(type) && isText(type.dictionary)) return 'string';
  if (DataType.isTimestamp(type)) return 'timestamp';
  if (DataType.isDate(type)) return 'date';
  throw new TypeError(`${where}: column ${JSON.stringify(name)} has Arrow type ${String(type)}, which floe does not read (it reads integers, floats, booleans, strings, timestamps and dates); select or cast it away first`);
}

/** Utf8, LargeUtf8 and Utf8View (what Polars writes by default). */
function isText(type: DataType): boolean {
  const { DataType } = arrow();
  return DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type);
}

function fromVector(name: string, v: Vector, where: string): Column {
  const dtype = arrowDType(name, v.type, where);
  const n = v.length;
  const valid = v.nullCount > 0 ? new Uint8Array(n) : null;
  const get = (i: number): unknown => {
    const x = v.get(i);
    if (x === null || x === undefined) return null;
    if (valid) valid[i] = 1;
    return x;
  };
  switch (dtype) {
    case 'string': {
      const codes = new Int32Array(n);
      const dict: string[] = [];
      const seen = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const s = get(i) as string | null;
        if (s === null) continue;
        let c = seen.get(s);
        if (c === undefined) { c = dict.length; dict.push(s); seen.set(s, c); }
        codes[i] = c;
      }
      return { dtype, length: n, values: codes, valid, dict };
    }
    case 'int64': {
      const raw: (number | bigint | null)[] = new Array(n);
      let wide = false;
      for (let i = 0; i < n; i++) {
        const x = get(i) as number | bigint | null;
        raw[i] = x;
        if (typeof x === 'bigint' && (x > 9007199254740991n || x < -9007199254740991n)) wide = true;
        // a Uint64 past int64 would wrap (2^64 − 1 read as −1)
        if (typeof x === 'bigint' && x > I64_MAX) throw new TypeError(`${where}: column ${JSON.stringify(name)} holds an unsigned 64-bit value past int64's range (${x}), which floe's int64 cannot hold; cast it to a float first`);
      }
      const out = wide ? new BigInt64Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) { const x = raw[i]; if (x !== null) out[i] = (wide ? BigInt(x) : Number(x)) as never; }
      return { dtype, length: n, values: out, valid };
    }
    case 'date': {
      const out = new Int32Array(n);
      // arrow-js returns dates as epoch milliseconds
      for (let i = 0; i < n; i++) { const x = get(i); if (x !== null) out[i] = Math.floor(toMs(x) / 86_400_000); }
      return { dtype, length: n, values: out, valid };
    }
    case 'timestamp': {
      const out = new Float64Array(n);
      const unit = (v.type as { unit: number }).unit; // 0 s, 1 ms, 2 µs, 3 ns
      const data = v.data;
      if (data.length > 0 && data.every((d) => d.values instanceof BigInt64Array)) {
        // exact: read the raw integers so microseconds survive as the millisecond fraction
        let off = 0;
        for (const d of data) {
          const vals = d.values as BigInt64Array;
          for (let i = 0; i < d.length; i++) {
            if (d.nullCount > 0 && !d.getValid(i)) { off++; continue; }
            if (valid) valid[off] = 1;
            out[off++] = scaleToMs(vals[i], unit);
          }
        }
        return { dtype, length: n, values: out, valid };
      }
      for (let i = 0; i < n; i++) { const x = get(i); if (x !== null) out[i] = toMs(x); }
      return { dtype, length: n, values: out, valid };
    }
    default: {
      if (arrow().DataType.isDecimal(v.type)) return decimalColumn(v);
      const out = dtype === 'bool' ? new Uint8Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) { const x = get(i); if (x !== null) out[i] = Number(x); }
      return { dtype, length: n, values: out, valid };
    }
  }
}

/** A Decimal128/256 vector's values as doubles, read from its words (arrow-js gives a bignum a value). */
function decimalColumn(v: Vector): Column {
  const n = v.length;
  const out = new Float64Array(n);
  const valid = v.nullCount > 0 ? new Uint8Array(n) : null;
  const scale = (v.type as { scale: number }).scale;
  let off = 0;
  for (const d of v.data) {
    const words = d.values as Uint32Array;
    const stride = (d as unknown as { stride: number }).stride;
    for (let i = 0; i < d.length; i++, off++) {
      if (d.nullCount > 0 && !d.getValid(i)) continue;
      if (valid) valid[off] = 1;
      out[off] = wordsToDouble(words, i * stride, stride, scale);
    }
  }
  return { dtype: 'float64', length: n, values: out, valid };
}

function toMs(x: unknown): number {
  return x instanceof Date ? x.getTime() : Number(x);
}
