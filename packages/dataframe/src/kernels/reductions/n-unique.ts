/**
 * nUnique: the number of distinct non-null values per group (pandas' nunique; NaN is skipped
 * like a null, 0 and -0 are one value). Any input type; the result is int64.
 *
 * The state is a (group id, value) pair list (group-values.ts) that is deduplicated in place
 * whenever it has doubled since the last time, so it holds about the distinct pairs, not the
 * rows. Strings are numbered by a dictionary in the state; wide int64 values switch the list
 * to exact bigints.
 */
import type { Column } from '../column.js';
import { appendMapped, createGroupValues, groupValuesBytes, reserve, sortByGroup, widen, type GroupValues } from './group-values.js';
import type { AggSpec, Reduction } from './reduction.js';

export interface NUniqueState extends GroupValues {
  /** String inputs: the distinct strings seen, values are codes into it; null for other types. */
  dict: string[] | null;
  /** Pairs kept by the last deduplication; the next runs when `len` reaches twice this. */
  compacted: number;
}

const COMPACT_MIN = 1 << 16;

/** string → code of a state's dictionary; rebuilt after the state crossed a thread. */
const lookups = new WeakMap<string[], Map<string, number>>();

function lookupOf(dict: string[]): Map<string, number> {
  let m = lookups.get(dict);
  if (!m) {
    m = new Map(dict.map((s, k) => [s, k]));
    lookups.set(dict, m);
  }
  return m;
}

function codeOf(dict: string[], s: string): number {
  const lookup = lookupOf(dict);
  let c = lookup.get(s);
  if (c === undefined) {
    c = dict.length;
    dict.push(s);
    lookup.set(s, c);
  }
  return c;
}

function create(call: AggSpec): NUniqueState {
  return { ...createGroupValues(), dict: call.input === 'string' ? [] : null, compacted: 0 };
}

function update(s: NUniqueState, gids: Int32Array, col: Column, n: number, ngroups: number): void {
  const valid = col.valid;
  reserve(s, n);
  let k = s.len;
  const gid = s.gid;
  if (s.dict) {
    const codes = col.values as Int32Array;
    const remap = new Int32Array(col.dict!.length).fill(-1);
    const val = s.val as Float64Array;
    for (let i = 0; i < n; i++) {
      const g = gids[i];
      if (g < 0 || (valid !== null && valid[i] === 0)) continue;
      const code = codes[i];
      let c = remap[code];
      if (c < 0) c = remap[code] = codeOf(s.dict, col.dict![code]);
      gid[k] = g;
      val[k++] = c;
    }
  } else if (col.values instanceof BigInt64Array || s.val instanceof BigInt64Array) {
    const val = widen(s);
    const v = col.values;
    for (let i = 0; i < n; i++) {
      const g = gids[i];
      if (g < 0 || (valid !== null && valid[i] === 0)) continue;
      const x = v[i];
      gid[k] = g;
      val[k++] = typeof x === 'bigint' ? x : BigInt(x);
    }
  } else {
    const v = col.values as Float64Array | Int32Array | Uint8Array;
    const val = s.val as Float64Array;
    for (let i = 0; i < n; i++) {
      const g = gids[i];
      if (g < 0 || (valid !== null && valid[i] === 0)) continue;
      const x = v[i];
      if (x !== x) continue; // NaN is skipped like a null
      gid[k] = g;
      val[k++] = x;
    }
  }
  s.len = k;
  maybeCompact(s, ngroups);
}

function merge(s: NUniqueState, other: NUniqueState, map: Int32Array, ngroups: number): void {
  let remap: ((v: number) => number) | null = null;
  if (s.dict && other.dict) {
    const codes = Int32Array.from(other.dict, (str) => codeOf(s.dict!, str));
    remap = (v) => codes[v];
  }
  appendMapped(s, other, map, remap);
  maybeCompact(s, ngroups);
}

function maybeCompact(s: NUniqueState, ngroups: number): void {
  if (s.len < Math.max(COMPACT_MIN, 2 * s.compacted)) return;
  const { offsets, values } = sortByGroup(s, ngroups);
  let k = 0;
  for (let g = 0; g < ngroups; g++) {
    for (let i = offsets[g]; i < offsets[g + 1]; i++) {
      if (i > offsets[g] && values[i] === values[i - 1]) continue;
      s.gid[k] = g;
      s.val[k++] = values[i];
    }
  }
  s.len = k;
  s.compacted = k;
}

export const nUnique: Reduction<NUniqueState> = {
  fn: 'nUnique',
  arity: 1,
  inputs: 'any',
  outputType: () => 'int64',
  create,
  update: (s, _call, gids, args, n, ngroups) => update(s, gids, args[0]!, n, ngroups),
  merge: (s, _call, other, map, _otherGroups, ngroups) => merge(s, other, map, ngroups),
  finalize(s, _call, n) {
    const { offsets, values } = sortByGroup(s, n);
    const out = new Float64Array(n);
    for (let g = 0; g < n; g++) {
      let d = 0;
      for (let i = offsets[g]; i < offsets[g + 1]; i++) if (i === offsets[g] || values[i] !== values[i - 1]) d++;
      out[g] = d;
    }
    return { dtype: 'int64', length: n, values: out, valid: null };
  },
  estimatedBytes: (s) => groupValuesBytes(s) + (s.dict ? s.dict.length * 48 : 0),
};
