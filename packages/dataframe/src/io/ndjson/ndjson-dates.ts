/**
 * JSON has no timestamp type: `readNdjson(paths, { parseDates })` reads chosen string columns
 * (or, with `true`, every string column whose sampled values are all ISO dates or timestamps)
 * as timestamps, with the CSV reader's ISO parser (io/csv/parse-timestamp.ts: a date, a time
 * with optional fraction to the microsecond, `T` or a space, `Z` or an offset). Each distinct
 * string is parsed once; one that is not a date is an error naming where and the value.
 */
import type { Column } from '../../kernels/column.js';
import { closestName } from '../../plan/closest-name.js';
import type { Field } from '../../types/dtype.js';
import { parseTimestampText } from '../csv/parse-timestamp.js';
import { NdjsonError } from './ndjson-lines.js';

/** The schema with the parseDates columns as timestamps; `sampled` holds each column's sampled values. */
export function withDateColumns(schema: Field[], parseDates: readonly string[] | boolean, sampled: ReadonlyMap<string, readonly unknown[]>): Field[] {
  if (parseDates === false) return schema;
  const names = schema.map((f) => f.name);
  if (parseDates !== true) {
    for (const name of parseDates) {
      const f = schema.find((x) => x.name === name);
      if (!f) {
        const near = closestName(name, names);
        throw new NdjsonError(`readNdjson: parseDates names "${name}", which is not a key of the sampled lines${near ? `; did you mean "${near}"?` : ''} (keys: ${names.join(', ')})`);
      }
      if (f.dtype !== 'string' && f.dtype !== 'timestamp') throw new NdjsonError(`readNdjson: parseDates column "${name}" holds ${f.dtype} values, not date text; a number of seconds or milliseconds converts with an expression (col("${name}").mul(1000).cast('timestamp') reads seconds)`);
    }
  }
  const chosen = new Set(parseDates === true ? schema.filter((f) => f.dtype === 'string' && isoOnly(sampled.get(f.name) ?? [])).map((f) => f.name) : parseDates);
  return schema.map((f) => (chosen.has(f.name) ? { ...f, dtype: 'timestamp' } : f));
}

/** True when the values hold at least one string and every string is an ISO date or timestamp. */
function isoOnly(values: readonly unknown[]): boolean {
  let any = false;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (typeof v !== 'string' || Number.isNaN(parseTimestampText(v))) return false;
    any = true;
  }
  return any;
}

/** A string column as timestamps (milliseconds, the fraction keeping microseconds); `where` names the file and lines for an error. */
export function timestampColumn(c: Column, name: string, where: string): Column {
  const dict = c.dict!;
  const ms = dict.map(parseTimestampText);
  const bad = ms.findIndex((v) => Number.isNaN(v));
  if (bad >= 0) throw new NdjsonError(`${where}: column "${name}" (parseDates) holds ${JSON.stringify(dict[bad])}, which is not an ISO date or timestamp (YYYY-MM-DD, then a time like 10:00:00.123, Z or +05:00)`);
  const n = c.length;
  const codes = c.values as Int32Array;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) if (c.valid === null || c.valid[i] === 1) out[i] = ms[codes[i]];
  return { dtype: 'timestamp', length: n, values: out, valid: c.valid };
}
