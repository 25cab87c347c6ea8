/**
 * `col('x').isIn([...])`: membership in a list of literals. Strings are tested once per
 * dictionary entry; numbers through a Set (exact bigint comparison for int64 columns that hold
 * values past 2^53). A null value gives null, like `eq` (so a filter drops it).
 */
import type { Column } from './column.js';
import { parseTimestampText } from '../io/csv/parse-timestamp.js';
import { MS_PER_DAY } from './civil-time.js';
import { testEntries } from './entry-memo.js';

export function isIn(a: Column, values: readonly Column[], n: number): Column {
  if (a.dtype === 'string') {
    const wanted = new Set(values.map((v) => v.dict![0]));
    // each entry the rows use, once, kept for the dictionary's later batches (entry-memo.ts)
    const hits = testEntries(a.dict!, a.values as Int32Array, a.valid, n, JSON.stringify(['isIn', ...wanted]), (s) => wanted.has(s));
    return { dtype: 'bool', length: n, values: hits, valid: a.valid };
  }
  const out = new Uint8Array(n);
  if (a.values instanceof BigInt64Array) {
    const wanted = new Set(values.filter((v) => Number.isInteger(v.values[0])).map((v) => BigInt(v.values[0] as number)));
    const av = a.values;
    for (let i = 0; i < n; i++) out[i] = wanted.has(av[i]) ? 1 : 0;
  } else {
    const wanted = new Set(values.map((v) => (v.dtype === 'string' ? temporalValue(v.dict![0], a.dtype) : Number(v.values[0]))));
    const av = a.values;
    for (let i = 0; i < n; i++) out[i] = wanted.has(av[i] as number) ? 1 : 0;
  }
  return { dtype: 'bool', length: n, values: out, valid: a.valid };
}

/** An ISO string the planner did not turn into a temporal literal (e.g. inside a group key). */
function temporalValue(s: string, dtype: Column['dtype']): number {
  const ms = parseTimestampText(s.trim());
  return dtype === 'date' ? Math.floor(ms / MS_PER_DAY) : ms;
}
