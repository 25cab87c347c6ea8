/**
 * Parquet column types ↔ floe types. Read: BOOLEAN → bool; INT32/INT64 (any width, signed or
 * not) → int64, exact (an unsigned value past int64 is an error: decode-column-chunk.ts); FLOAT/DOUBLE → float64; BYTE_ARRAY (UTF8/STRING/ENUM/JSON or
 * unannotated) → string; INT64 TIMESTAMP (ms/µs/ns) and INT96 → timestamp, kept as milliseconds
 * with µs/ns digits in the fraction; INT32 DATE → date; DECIMAL (INT32, INT64 or big-endian
 * bytes) → float64, each value the double nearest it — what the same digits in a CSV file read
 * as (decimal-to-double.ts). Nested columns (lists, maps, structs) and fixed-length binaries are
 * refused with the column's name and type: reading them as something else would be a silent loss.
 */
import type { ParquetParsers, SchemaElement } from 'hyparquet';
import type { DType } from '../../types/dtype.js';
import { scaleToMs } from '../timestamp-scale.js';

/** hyparquet's value parsers, set to floe's layouts: timestamps as ms numbers, dates as day numbers. */
export const PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (v: bigint) => Number(v),
  timestampFromMicroseconds: (v: bigint) => scaleToMs(v, 2),
  timestampFromNanoseconds: (v: bigint) => scaleToMs(v, 3),
  dateFromDays: (d: number) => d,
};

export class ParquetTypeError extends TypeError {
  override name = 'ParquetTypeError';
}

/** The floe type of a top-level column, or an error naming it and its Parquet type. */
export function parquetDType(el: SchemaElement, file: string): DType {
  const name = JSON.stringify(el.name);
  const logical = el.logical_type?.type;
  const described = [el.type, el.converted_type, logical].filter((x, i, a) => x && a.indexOf(x) === i).join('/');
  const refuse = (what: string): never => {
    throw new ParquetTypeError(`${file}: column ${name} is ${what} (Parquet ${described || 'group'}), which floe does not read; read the other columns with columns: [...], or cast it in the writer`);
  };
  if (el.num_children !== undefined && el.num_children > 0) refuse(`a nested ${logical ?? el.converted_type ?? 'struct'} column`);
  if (el.repetition_type === 'REPEATED') refuse('a repeated (list) column');
  if (decimalScale(el) !== null) return 'float64';
  switch (el.type) {
    case 'BOOLEAN': return 'bool';
    case 'INT32':
      if (el.converted_type === 'DATE' || logical === 'DATE') return 'date';
      if (el.converted_type?.startsWith('TIME_') || logical === 'TIME') refuse('a time of day');
      return 'int64';
    case 'INT64':
      if (el.converted_type === 'TIMESTAMP_MILLIS' || el.converted_type === 'TIMESTAMP_MICROS' || logical === 'TIMESTAMP') return 'timestamp';
      if (el.converted_type?.startsWith('TIME_') || logical === 'TIME') refuse('a time of day');
      return 'int64';
    case 'INT96': return 'timestamp';
    case 'FLOAT':
    case 'DOUBLE': return 'float64';
    case 'BYTE_ARRAY':
      if (logical === 'BSON' || logical === 'GEOMETRY' || logical === 'GEOGRAPHY' || logical === 'VARIANT') refuse(`a ${logical.toLowerCase()} column`);
      return 'string';
    default: return refuse(el.type === 'FIXED_LEN_BYTE_ARRAY' ? `a fixed-length binary (${logical ?? el.converted_type ?? `${el.type_length} bytes`})` : 'an unsupported type');
  }
}

/** The scale of a DECIMAL column (digits after the point), or null for any other column. */
export function decimalScale(el: SchemaElement): number | null {
  if (el.logical_type?.type === 'DECIMAL') return el.logical_type.scale ?? 0;
  if (el.converted_type === 'DECIMAL') return el.scale ?? 0;
  return null;
}
