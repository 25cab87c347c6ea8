import { describe, expect, it } from 'vitest';
import type { Batch } from '../kernels/batch.js';
import type { Column } from '../kernels/column.js';
import { runStages, sharedBuild } from './run-stages.js';
import type { Stage } from './pipeline-spec.js';

const f64 = (xs: (number | null)[]): Column => ({ dtype: 'float64', length: xs.length, values: Float64Array.from(xs, (x) => x ?? 0), valid: xs.includes(null) ? Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) : null });
const i32 = (xs: number[]): Column => ({ dtype: 'date', length: xs.length, values: Int32Array.from(xs), valid: null });
const bool = (xs: boolean[]): Column => ({ dtype: 'bool', length: xs.length, values: Uint8Array.from(xs, Number), valid: null });
const cells = (c: Column): (number | null)[] => Array.from({ length: c.length }, (_, i) => (c.valid && c.valid[i] === 0 ? null : Number(c.values[i])));

const notNull = (name: string): Stage => ({ kind: 'filter', predicate: { kind: 'isNull', arg: { kind: 'col', name }, negate: true } });
const over = (name: string, x: number): Stage => ({ kind: 'filter', predicate: { kind: 'binary', op: 'gt', left: { kind: 'col', name }, right: { kind: 'lit', value: x, dtype: 'float64' } } });

function batchOf(cols: Record<string, Column>, scratch: boolean): Batch {
  const columns = new Map(Object.entries(cols));
  return scratch ? { length: columns.values().next().value!.length, columns, scratch } : { length: columns.values().next().value!.length, columns };
}

describe('row stages: a filter', () => {
  const data = (): Record<string, Column> => ({ v: f64([5, null, 2, 8, null, 1]), d: i32([10, 11, 12, 13, 14, 15]), b: bool([true, false, true, true, false, false]) });

  it("compacts a scan's batch in its own arrays (no new memory) and gives the rows a copying filter gives", () => {
    const stages = [notNull('v'), over('v', 1.5)];
    const copied = runStages(stages, batchOf(data(), false));
    const cols = data();
    const inPlace = runStages(stages, batchOf(cols, true));
    for (const name of ['v', 'd', 'b']) expect(cells(inPlace.columns.get(name)!)).toEqual(cells(copied.columns.get(name)!));
    expect(cells(inPlace.columns.get('v')!)).toEqual([5, 2, 8]);
    expect(cells(inPlace.columns.get('d')!)).toEqual([10, 12, 13]);
    // the scan's arrays themselves, moved down
    expect(inPlace.columns.get('d')!.values.buffer).toBe(cols.d.values.buffer);
    expect(inPlace.columns.get('v')!.valid!.buffer).toBe(cols.v.valid!.buffer);
    expect(inPlace.scratch).toBe(true);
  });

  it('copies from a batch that is not a scan\'s (a persisted chunk, an exchange\'s rows): its arrays are left as they were', () => {
    const cols = data();
    const out = runStages([over('v', 1.5)], batchOf(cols, false));
    expect(cells(out.columns.get('d')!)).toEqual([10, 12, 13]);
    expect(cells(cols.d)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(out.scratch).toBeUndefined();
  });

  it('copies when arrays share memory: a bool column filtered by itself, a column under two names', () => {
    const self = data();
    const byItself = runStages([{ kind: 'filter', predicate: { kind: 'col', name: 'b' } }], batchOf(self, true));
    expect(cells(byItself.columns.get('d')!)).toEqual([10, 12, 13]);
    expect(cells(byItself.columns.get('b')!)).toEqual([1, 1, 1]);
    expect(cells(self.b)).toEqual([1, 0, 1, 1, 0, 0]);
    const twice = data();
    const both = runStages([over('v', 1.5)], batchOf({ ...twice, e: twice.d }, true));
    expect(cells(both.columns.get('d')!)).toEqual([10, 12, 13]);
    expect(cells(both.columns.get('e')!)).toEqual([10, 12, 13]);
  });
});

describe('row stages: a broadcast join', () => {
  const build = (keys: number[]): Stage & { kind: 'join' } => ({
    kind: 'join',
    join: { how: 'inner', leftOn: ['k'], rightOn: ['rk'], fields: [{ name: 'k', dtype: 'float64' }, { name: 'w', dtype: 'float64' }], leftFields: [{ name: 'k', dtype: 'float64' }], rightOut: [{ name: 'w', out: 'w' }] },
    buildFields: [{ name: 'rk', dtype: 'float64' }, { name: 'w', dtype: 'float64' }],
    build: [{ kind: 'mem', length: keys.length, columns: [f64(keys), f64(keys.map((k) => k * 10))] }],
    buildKey: `build-${keys.join('-')}`,
  });

  it("a thread builds one hash table for every task probing the same build side; another join of it, or other rows, another", () => {
    const st = build([1, 2, 3]);
    const first = sharedBuild(st, st.buildKey!);
    expect(sharedBuild(st, st.buildKey!)).toBe(first);
    expect(sharedBuild({ ...st, join: { ...st.join, how: 'semi' } }, st.buildKey!)).not.toBe(first);
    const other = build([4]);
    expect(sharedBuild(other, other.buildKey!)).not.toBe(first);
    // each task's rows are joined by it as by a table of its own
    const out = [[2, 9, 3], [1, 1, 7]].map((ks) => runStages([st], batchOf({ k: f64(ks) }, false)));
    expect(out.map((b) => cells(b.columns.get('w')!))).toEqual([[20, 30], [10, 10]]);
  });

  it('one grown by more unmatched probe keys than a million (and its build) is built anew', () => {
    const st = build([7, 8]);
    const first = sharedBuild(st, st.buildKey!);
    runStages([st], batchOf({ k: f64(Array.from({ length: (1 << 20) + 10 }, (_, i) => 100 + i)) }, false));
    expect(first.probedKeys()).toBe((1 << 20) + 10);
    const next = sharedBuild(st, st.buildKey!);
    expect(next).not.toBe(first);
    expect(next.probedKeys()).toBe(0);
  });
});
