/**
 * readInput: a task's input of chunks (an exchange bucket) or of one join bucket, read as batches
 * of at most BATCH_ROWS rows, in order, with the rows counted, until the consumer says stop.
 */
import { describe, expect, test } from 'vitest';
import type { Batch } from '../kernels/batch.js';
import type { Column } from '../kernels/column.js';
import type { JoinSpec } from '../kernels/hash-join.js';
import type { Field } from '../types/dtype.js';
import type { RowChunk } from './row-chunk.js';
import { BATCH_ROWS, readInput } from './task-input.js';

const ints = (values: readonly number[]): Column => ({ dtype: 'int64', length: values.length, values: Float64Array.from(values), valid: null });
const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
const chunk = (...cols: number[][]): RowChunk => ({ kind: 'mem', length: cols[0].length, columns: cols.map(ints) });
const values = (b: Batch, name: string): number[] => Array.from(b.columns.get(name)!.values.subarray(0, b.length) as Float64Array);

/** Every batch, with each column checked to be exactly as long as its batch. */
function readAll(input: Parameters<typeof readInput>[0], stopAfter = Infinity): { rows: number; batches: Batch[] } {
  const batches: Batch[] = [];
  const { rows } = readInput(input, (b) => {
    for (const [name, c] of b.columns) expect(c.length, `column ${name} of batch ${batches.length}`).toBe(b.length);
    batches.push(b);
    return batches.length < stopAfter;
  });
  return { rows, batches };
}

describe('readInput of row chunks', () => {
  const v: Field[] = [{ name: 'v', dtype: 'int64' }];

  test('a chunk longer than a batch is cut into batches of BATCH_ROWS; empty chunks give no batch; rows are counted', () => {
    expect(BATCH_ROWS).toBe(32_768);
    const input = { kind: 'rows' as const, fields: v, chunks: [chunk(range(0, 40_000)), chunk([]), chunk(range(100_000, BATCH_ROWS))] };
    const { rows, batches } = readAll(input);
    expect(rows).toBe(40_000 + BATCH_ROWS);
    // a chunk of exactly BATCH_ROWS rows is one batch, not one and an empty one
    expect(batches.map((b) => b.length)).toEqual([BATCH_ROWS, 40_000 - BATCH_ROWS, BATCH_ROWS]);
    expect(batches.flatMap((b) => values(b, 'v'))).toEqual([...range(0, 40_000), ...range(100_000, BATCH_ROWS)]);
  });

  test('reading stops at the batch the consumer refuses: no later batch, no later chunk', () => {
    const twoChunks = { kind: 'rows' as const, fields: v, chunks: [chunk([1, 2, 3]), chunk([4, 5])] };
    const first = readAll(twoChunks, 1);
    expect([first.rows, first.batches.map((b) => values(b, 'v'))]).toEqual([3, [[1, 2, 3]]]);
    const long = readAll({ kind: 'rows', fields: v, chunks: [chunk(range(0, 40_000)), chunk([7])] }, 1);
    expect([long.rows, long.batches.length]).toEqual([BATCH_ROWS, 1]);
  });
});

describe('readInput of a join bucket', () => {
  const kv: Field[] = [{ name: 'k', dtype: 'int64' }, { name: 'v', dtype: 'int64' }];
  const kw: Field[] = [{ name: 'k', dtype: 'int64' }, { name: 'w', dtype: 'int64' }];
  const spec = (how: JoinSpec['how']): JoinSpec => ({ how, leftOn: ['k'], rightOn: ['k'], fields: [...kv, { name: 'w', dtype: 'int64' }], leftFields: kv, rightOut: [{ name: 'w', out: 'w' }] });
  // probe: k = v % 4 over 40 000 rows (two batches) and BATCH_ROWS rows (exactly one)
  const probeRows = [range(0, 40_000), range(40_000, BATCH_ROWS)];
  const probe = [chunk(probeRows[0].map((i) => i % 4), probeRows[0]), chunk([], []), chunk(probeRows[1].map((i) => i % 4), probeRows[1])];
  const all = probeRows.flat();

  test('inner: every probe batch joined against the whole build side, in probe order', () => {
    // build: key 1 once, key 2 twice (spread over two chunks, with an empty one), key 9 never probed
    const build = [chunk([1, 2], [10, 20]), chunk([], []), chunk([2, 9], [21, 90])];
    const { rows, batches } = readAll({ kind: 'join', join: spec('inner'), probeFields: kv, probe, buildFields: kw, build });
    expect(batches.map((b) => b.length)).toEqual([8192 + 2 * 8192, 1808 + 2 * 1808, 8192 + 2 * 8192]);
    expect(rows).toBe(3 * 10_000 + 3 * 8192);
    const got = batches.flatMap((b) => { const w = values(b, 'w'); return values(b, 'v').map((x, i) => `${x}:${w[i]}`); });
    const want = all.flatMap((i) => (i % 4 === 1 ? [`${i}:10`] : i % 4 === 2 ? [`${i}:20`, `${i}:21`] : []));
    expect(got).toEqual(want);
  });

  test('outer: the build rows no probe row matched come last, and are counted', () => {
    const build = [chunk([1, 9, 8], [10, 90, 80])];
    const { rows, batches } = readAll({ kind: 'join', join: spec('outer'), probeFields: kv, probe, buildFields: kw, build });
    expect(rows).toBe(all.length + 2);
    const last = batches.at(-1)!;
    expect([last.length, values(last, 'k'), values(last, 'w')]).toEqual([2, [9, 8], [90, 80]]);
    expect(batches.slice(0, -1).reduce((n, b) => n + b.length, 0)).toBe(all.length);
  });

  test('an empty build side: a left join keeps every probe row with a null right column', () => {
    const { rows, batches } = readAll({ kind: 'join', join: spec('left'), probeFields: kv, probe, buildFields: kw, build: [chunk([], [])] });
    expect(rows).toBe(all.length);
    expect(batches.flatMap((b) => values(b, 'v'))).toEqual(all);
    expect(batches.every((b) => b.columns.get('w')!.valid!.every((x) => x === 0))).toBe(true);
    const none = readAll({ kind: 'join', join: spec('inner'), probeFields: kv, probe, buildFields: kw, build: [] });
    expect([none.rows, none.batches.reduce((n, b) => n + b.length, 0)]).toEqual([0, 0]);
  });

  test('a refused batch ends the read, before the unmatched build rows', () => {
    const build = [chunk([1, 9], [10, 90])];
    const { rows, batches } = readAll({ kind: 'join', join: spec('outer'), probeFields: kv, probe, buildFields: kw, build }, 1);
    expect([rows, batches.length, batches[0].length]).toEqual([BATCH_ROWS, 1, BATCH_ROWS]);
  });
});
