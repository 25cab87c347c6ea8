/**
 * hyparquet's decoded column chunks → one floe column for rows [rowStart, rowEnd) of a file.
 * hyparquet hands over typed arrays where a column has no nulls and plain arrays (null for a
 * missing value) where it has; timestamps and dates arrive as numbers (parquet-types.ts PARSERS).
 */
import type { ColumnData } from 'hyparquet';
import type { Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import { ParquetError } from './parquet-source.js';

export function columnFromParquet(field: Field, chunks: readonly ColumnData[], rowStart: number, rowEnd: number, path: string): Column {
  const n = rowEnd - rowStart;
  const values = gather(chunks, rowStart, rowEnd, field.name, path);
  let valid: Uint8Array | null = null;
  const markNull = (i: number) => { if (!valid) valid = new Uint8Array(n).fill(1); valid[i] = 0; };
  switch (field.dtype) {
    case 'string': {
      const codes = new Int32Array(n);
      const dict: string[] = [];
      const seen = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v === null || v === undefined) { markNull(i); continue; }
        const s = typeof v === 'string' ? v : String(v);
        let c = seen.get(s);
        if (c === undefined) { c = dict.length; dict.push(s); seen.set(s, c); }
        codes[i] = c;
      }
      return { dtype: 'string', length: n, values: codes, valid, dict };
    }
    case 'int64': {
      if (values instanceof BigInt64Array || values instanceof Int32Array) return int64FromTyped(values);
      let wide = false;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v === 'bigint' && (v > 9007199254740991n || v < -9007199254740991n)) { wide = true; break; }
      }
      const out = wide ? new BigInt64Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v === null || v === undefined) { markNull(i); continue; }
        out[i] = (wide ? BigInt(v as number | bigint) : Number(v)) as never;
      }
      return { dtype: 'int64', length: n, values: out, valid };
    }
    case 'date': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) { const v = values[i]; if (v === null || v === undefined) markNull(i); else out[i] = Number(v); }
      return { dtype: 'date', length: n, values: out, valid };
    }
    case 'bool': {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) { const v = values[i]; if (v === null || v === undefined) markNull(i); else out[i] = v ? 1 : 0; }
      return { dtype: 'bool', length: n, values: out, valid };
    }
    default: {
      if (values instanceof Float64Array) return { dtype: field.dtype, length: n, values, valid: null };
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v === null || v === undefined) markNull(i);
        else out[i] = v instanceof Date ? v.getTime() : Number(v);
      }
      return { dtype: field.dtype, length: n, values: out, valid };
    }
  }
}

/** The values of rows [rowStart, rowEnd) from chunks that may start earlier or end later. */
function gather(chunks: readonly ColumnData[], rowStart: number, rowEnd: number, name: string, path: string): ArrayLike<unknown> {
  if (chunks.length === 1 && chunks[0].rowStart === rowStart && chunks[0].rowEnd === rowEnd) return chunks[0].columnData;
  const n = rowEnd - rowStart;
  const out: unknown[] = new Array(n);
  let filled = 0;
  for (const c of chunks) {
    const lo = Math.max(rowStart, c.rowStart);
    const hi = Math.min(rowEnd, c.rowEnd);
    for (let r = lo; r < hi; r++) out[r - rowStart] = c.columnData[r - c.rowStart];
    if (hi > lo) filled += hi - lo;
  }
  if (filled !== n) throw new ParquetError(`${path}: column ${JSON.stringify(name)} decoded ${filled} of rows ${rowStart}–${rowEnd} (${n}); the file is corrupt`);
  return out;
}

/** A column without nulls, decoded to a typed array: exact numbers, or the bigints themselves past 2^53. */
function int64FromTyped(values: BigInt64Array | Int32Array): Column {
  const n = values.length;
  if (values instanceof Int32Array) return { dtype: 'int64', length: n, values: Float64Array.from(values), valid: null };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v > 9007199254740991n || v < -9007199254740991n) return { dtype: 'int64', length: n, values: values.slice(), valid: null };
    out[i] = Number(v);
  }
  return { dtype: 'int64', length: n, values: out, valid: null };
}
