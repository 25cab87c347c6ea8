/**
 * stringAgg(sep) (`col('x').str.join(', ')`, SQL's string_agg / group_concat / listagg): a group's
 * strings joined by `sep` in file order, nulls left out; a group with none is null. Order: rows
 * of a batch are folded in order and merges come in partition order (`s` holds the earlier rows),
 * as for first/last. A group's text grows by concatenation (V8 keeps it as a rope until it is read).
 */
import type { Column } from '../column.js';
import { growArray, nextCapacity } from './grow.js';
import type { AggSpec, Reduction } from './reduction.js';

export interface StringAggState {
  cap: number;
  /** Per group: its strings joined so far, or null before its first. */
  text: (string | null)[];
  /** Characters held in all (for estimatedBytes). */
  chars: number;
}

function grow(s: StringAggState, n: number): void {
  if (n <= s.cap) return;
  s.cap = nextCapacity(s.cap, n);
  growArray(s.text, s.cap, null);
}

function update(s: StringAggState, call: AggSpec, gids: Int32Array, col: Column, n: number, ngroups: number): void {
  grow(s, ngroups);
  const sep = call.sep ?? ',';
  const codes = col.values as Int32Array;
  const dict = col.dict!;
  const valid = col.valid;
  const text = s.text;
  for (let i = 0; i < n; i++) {
    const g = gids[i];
    if (g < 0 || (valid !== null && valid[i] === 0)) continue;
    const t = text[g];
    const v = dict[codes[i]];
    text[g] = t === null ? v : t + sep + v;
    s.chars += v.length + sep.length;
  }
}

function merge(s: StringAggState, call: AggSpec, other: StringAggState, map: Int32Array, otherGroups: number, ngroups: number): void {
  grow(s, ngroups);
  const sep = call.sep ?? ',';
  for (let j = 0; j < otherGroups; j++) {
    const g = map[j];
    const o = other.text[j];
    if (g < 0 || o === null || o === undefined) continue;
    const t = s.text[g];
    s.text[g] = t === null ? o : t + sep + o;
    s.chars += o.length + sep.length;
  }
}

function finalize(s: StringAggState, n: number): Column {
  grow(s, n);
  const valid = new Uint8Array(n);
  const dict: string[] = [];
  const codes = new Int32Array(n);
  for (let g = 0; g < n; g++) {
    const t = s.text[g];
    if (t === null) continue;
    valid[g] = 1;
    codes[g] = dict.length;
    dict.push(t);
  }
  return { dtype: 'string', length: n, values: codes, valid, dict };
}

export const stringAgg: Reduction<StringAggState> = {
  fn: 'stringAgg',
  arity: 1,
  inputs: 'any',
  followsRowOrder: true,
  outputType: () => 'string',
  create: () => ({ cap: 16, text: growArray([], 16, null), chars: 0 }),
  update: (s, call, gids, args, n, ngroups) => update(s, call, gids, args[0]!, n, ngroups),
  merge: (s, call, other, map, otherGroups, ngroups) => merge(s, call, other, map, otherGroups, ngroups),
  finalize: (s, _call, n) => finalize(s, n),
  estimatedBytes: (s) => s.text.length * 48 + 2 * s.chars,
};
