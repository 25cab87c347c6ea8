/** Converts columns to an apache-arrow Table (strings stay dictionary-encoded; nulls as bitmaps). */
import type { DataType, Dictionary, Int32, Table as ArrowTable, Utf8, Vector } from 'apache-arrow';
import { arrow } from '../io/lazy-arrow.js';
import type { Column } from '../kernels/column.js';
import { unionDictionary } from '../kernels/union-dictionary.js';
import { isUniqueDictionary } from '../kernels/unique-dictionary.js';
import { packValidity } from '../kernels/validity-bits.js';
import { encodeStrings, toInt64Words } from './arrow-buffers.js';
import type { Field } from '../types/dtype.js';

/**
 * Timestamps go out as TimestampMicrosecond: floe holds every timestamp to the microsecond
 * (milliseconds with the µs as fraction, from CSV, Parquet and IPC alike), so that is the unit
 * of every timestamp column; `micros: false` gives TimestampMillisecond (the fraction rounded).
 */
export function toArrowTable(fields: readonly Field[], cols: readonly Column[], opts: { micros?: boolean; dictionaries?: DictionaryTypes } = {}): ArrowTable {
  // own properties only: a column named __proto__ or constructor is a column
  const vectors = Object.fromEntries(fields.map((f, k) => [f.name, toVector(cols[k], opts.micros !== false, () => dictionaryType(opts.dictionaries, k))])) as Record<string, Vector>;
  return new (arrow().Table)(vectors);
}

/** Arrow's validity fields of a column: a bitmap and its null count, none when no row is null. */
function bitmap(valid: Uint8Array | null, n: number): { nullBitmap?: Uint8Array; nullCount: number } {
  if (!valid) return { nullCount: 0 };
  const { bits, nulls } = packValidity(valid, n);
  return nulls === 0 ? { nullCount: 0 } : { nullBitmap: bits, nullCount: nulls };
}

/**
 * String columns' Arrow dictionary types, kept across calls: every Dictionary type gets a new
 * id, so batches of one result must share them to share a schema (one Arrow Table, one IPC stream).
 */
export type DictionaryTypes = Map<number, Dictionary<Utf8, Int32>>;

function dictionaryType(cache: DictionaryTypes | undefined, k: number): Dictionary<Utf8, Int32> {
  let t = cache?.get(k);
  if (!t) {
    const { Dictionary, Utf8, Int32 } = arrow();
    t = new Dictionary(new Utf8(), new Int32());
    cache?.set(k, t);
  }
  return t;
}

function toVector(c: Column, micros: boolean, dictType: () => Dictionary<Utf8, Int32>): Vector {
  const { Bool, DateDay, Float64, Int64, TimestampMicrosecond, TimestampMillisecond, Utf8, makeData, makeVector } = arrow();
  const n = c.length;
  const nulls = bitmap(c.valid, n);
  const v = c.values;
  let type: DataType;
  let data: ArrayLike<unknown>;
  switch (c.dtype) {
    case 'int64':
      type = new Int64();
      data = v instanceof BigInt64Array ? v : toInt64Words(v as Float64Array, n);
      break;
    case 'float64': type = new Float64(); data = v; break;
    case 'bool': {
      type = new Bool();
      const bits = new Uint8Array((n + 7) >> 3);
      for (let i = 0; i < n; i++) if (v[i]) bits[i >> 3] |= 1 << (i & 7);
      data = bits;
      break;
    }
    case 'timestamp':
      type = micros ? new TimestampMicrosecond() : new TimestampMillisecond();
      data = micros ? toInt64Words(v as Float64Array, n, true, 1000) : toInt64Words(v as Float64Array, n, true);
      break;
    case 'date': type = new DateDay(); data = v; break;
    case 'string': {
      const { dict, codes } = distinctEntries(c);
      const { offsets, data: bytes } = encodeStrings(dict);
      const dictionary = makeVector(makeData({ type: new Utf8(), length: dict.length, valueOffsets: offsets, data: bytes }));
      const dtype = dictType();
      return makeVector(makeData({ type: dtype, length: n, data: codes, dictionary, ...nulls }));
    }
  }
  return makeVector(makeData({ type, length: n, data, ...nulls } as never));
}

/**
 * A string column's dictionary with each string once, and its codes into it: floe's may repeat a
 * string (a concatenation of mostly distinct ids: kernels/unique-dictionary.ts), and Arrow's
 * readers take a dictionary's entries as distinct values (pandas makes them a Categorical's
 * categories, which must be unique).
 */
function distinctEntries(c: Column): { dict: readonly string[]; codes: Int32Array } {
  const codes = c.values as Int32Array;
  if (isUniqueDictionary(c.dict!)) return { dict: c.dict!, codes };
  // the union of one dictionary: each string once, in first-seen order (no repeat: the same codes)
  const { dict, remap: [map] } = unionDictionary([c.dict!]);
  if (dict.length === c.dict!.length) return { dict, codes };
  const out = new Int32Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = map[codes[i]];
  return { dict, codes: out };
}

/** Milliseconds with a µs fraction → exact integer microseconds. */
export function toMicros(ms: number): bigint {
  const whole = Math.floor(ms);
  return BigInt(whole) * 1000n + BigInt(Math.round((ms - whole) * 1000));
}
