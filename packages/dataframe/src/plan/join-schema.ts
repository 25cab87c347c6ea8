/**
 * The output columns of a join, as Polars lays them out: the left's columns, then the right's
 * non-key columns, a name the output already has getting `suffix`. Semi and anti joins keep the
 * left's columns only. The planner and the join kernel both read this, so they always agree.
 */
import type { Field } from '../types/dtype.js';
import type { JoinHow } from './logical-plan.js';

export interface JoinLayout {
  fields: Field[];
  /** Output name of each kept right column (right column name → output name). */
  rightOut: { name: string; out: string }[];
}

export function joinLayout(left: readonly Field[], right: readonly Field[], rightOn: readonly string[], how: JoinHow, suffix: string, pinned?: JoinLayout['rightOut']): JoinLayout {
  const fields: Field[] = [...left];
  if (how === 'semi' || how === 'anti') return { fields, rightOut: [] };
  if (pinned) {
    for (const r of pinned) fields.push({ name: r.out, dtype: right.find((f) => f.name === r.name)!.dtype });
    return { fields, rightOut: pinned };
  }
  const taken = new Set(left.map((f) => f.name));
  const keys = new Set(rightOn);
  const rightOut: JoinLayout['rightOut'] = [];
  for (const f of right) {
    if (keys.has(f.name)) continue;
    let out = f.name;
    while (taken.has(out)) out = `${out}${suffix}`;
    taken.add(out);
    rightOut.push({ name: f.name, out });
    fields.push({ name: out, dtype: f.dtype });
  }
  return { fields, rightOut };
}
