/** fromRows / fromColumns / fromArrow: typed once, partitioned, and usable with file-backed frames. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Int64, makeData, makeVector, Table as ArrowTable, tableFromArrays, tableFromIPC, tableToIPC, TimestampMicrosecond, vectorFromArray } from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { col, fromArrow, fromColumns, fromRows, lit, readCsv } from '../index.js';

describe('fromRows and fromColumns', () => {
  test('ge, le and ne (the Python names) filter like gte, lte and neq', async () => {
    const df = fromColumns({ a: [1, 2, 3, 4, 5] });
    const rows = async (e: ReturnType<typeof col>) => (await df.filter(e).compute()).toRows().map((r) => r.a);
    expect(await rows(col('a').ge(3))).toEqual([3, 4, 5]);
    expect(await rows(col('a').le(2))).toEqual([1, 2]);
    expect(await rows(col('a').ne(4))).toEqual([1, 2, 3, 5]);
  });
  test('types come from the values; missing keys and undefined are nulls', async () => {
    const df = fromRows([{ a: 1, b: 'x', c: true }, { a: 2.5, b: null }, { a: null, b: 'y', c: false, d: new Date('2024-01-02T03:04:05Z') }]);
    expect({ ...df.dtypes }).toEqual({ a: 'float64', b: 'string', c: 'bool', d: 'timestamp' });
    const t = await df.compute();
    expect(t.toRows().map((r) => [r.a, r.b, r.c])).toEqual([[1, 'x', true], [2.5, null, null], [null, 'y', false]]);
    expect((t.toRows()[2].d as Date).toISOString()).toBe('2024-01-02T03:04:05.000Z');
  });
  test('whole numbers past 2^53 are doubles, not int64 (1e20 was written to Parquet wrapped, −1e19 positive)', async () => {
    const df = fromRows([{ a: 1e20 }, { a: 1 }, { a: -1e19 }]);
    expect({ ...df.dtypes }).toEqual({ a: 'float64' });
    expect((await df.compute()).column('a').toArray()).toEqual([1e20, 1, -1e19]);
    expect({ ...fromColumns({ a: [2 ** 53 - 1, -(2 ** 53 - 1)] }).dtypes }).toEqual({ a: 'int64' });
    expect({ ...fromColumns({ a: [2 ** 60, 1] }).dtypes }).toEqual({ a: 'float64' });
    // beside bigints a whole number is an exact integer, within int64; past it an error, not a wrapped value
    expect((await fromColumns({ a: [1n, 2 ** 53] }).compute()).column('a').toArray()).toEqual([1, 9007199254740992n]);
    expect(() => fromColumns({ a: [1n, 1e20] })).toThrow('column "a" row 1 is 100000000000000000000, past int64\'s range');
    expect(() => fromColumns({ a: [2n ** 64n + 1n] })).toThrow('past int64\'s range');
    expect(() => fromColumns({ a: [1n, 1.5] })).toThrow('mixes bigints and fractional numbers');
    // a literal past int64 is a float64 too (lit(1e20) was written to Parquet wrapped); 2^53 is an exact int64
    expect({ ...fromColumns({ a: [1] }).select(lit(1e20).alias('x'), lit(2 ** 53).alias('y')).dtypes }).toEqual({ x: 'float64', y: 'int64' });
  });
  test('integers stay exact, past 2^53 as bigints', async () => {
    const t = await fromColumns({ n: [1n, 9007199254740993n, null], k: [1, 2, 3] }).compute();
    expect({ ...t.toRows()[1] }).toEqual({ n: 9007199254740993n, k: 2 });
    expect(t.schema.map((f) => f.dtype)).toEqual(['int64', 'int64']);
  });
  test('many partitions aggregate to the same answer as one', async () => {
    const n = 10_000;
    const cols = { g: Array.from({ length: n }, (_, i) => `g${i % 7}`), v: Array.from({ length: n }, (_, i) => i) };
    const q = (df: ReturnType<typeof fromColumns>) => df.groupBy('g').agg(col('v').sum(), col('v').count().alias('c')).sort('g').compute();
    const small = fromColumns(cols, { blocksize: 4096 });
    expect(small.npartitions).toBeGreaterThan(10);
    expect((await q(small)).toRows()).toEqual((await q(fromColumns(cols))).toRows());
    expect((await small.filter(col('v').lt(3)).select('v').compute()).toRows()).toEqual([{ v: 0 }, { v: 1 }, { v: 2 }]);
  });
  test('a CSV joins a small in-memory lookup', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-mem-'));
    writeFileSync(join(dir, 'sales.csv'), 'id,amount\n1,10\n2,20\n1,5\n3,7\n');
    const names = fromRows([{ id: 1, name: 'ann' }, { id: 2, name: 'bob' }]);
    const sales = readCsv(join(dir, 'sales.csv'));
    const t = await sales.join(names, { on: 'id', how: 'left' }).sort(['id', 'amount']).compute();
    expect(t.toRows()).toEqual([{ id: 1, amount: 5, name: 'ann' }, { id: 1, amount: 10, name: 'ann' }, { id: 2, amount: 20, name: 'bob' }, { id: 3, amount: 7, name: null }]);
    // the in-memory frame on the left, partitioned finely, against the CSV
    const big = fromColumns({ id: Array.from({ length: 2000 }, (_, i) => (i % 4) + 1) }, { blocksize: 1024 });
    const counts = await big.join(sales, { on: 'id' }).groupBy('id').agg(col('amount').sum()).sort('id').compute();
    expect(counts.toRows()).toEqual([{ id: 1, amount: 7500 }, { id: 2, amount: 10000 }, { id: 3, amount: 3500 }]);
  });
  test('wrong input says which column and row', () => {
    expect(() => fromRows([{ a: 1 }, { a: 'x' }])).toThrow('fromRows(): column "a" mixes numbers and string x (row 1); give each column one type');
    expect(() => fromColumns({ a: [1, 2], b: ['x'] })).toThrow('fromColumns(): column "b" has 1 values but "a" has 2; every column needs the same length');
    expect(() => fromRows([{ a: { x: 1 } }])).toThrow('fromRows(): column "a" row 0 is an object');
    expect(() => fromRows('a' as never)).toThrow('fromRows() takes an array of objects');
  });
  test('explain names the in-memory source and the columns read', () => {
    const text = fromColumns({ a: [1, 2], b: ['x', 'y'] }).select('a').explain();
    expect(text).toContain('MemoryScan fromColumns: 2 row(s), columns [a], 1 partition(s)');
  });
});

describe('fromArrow', () => {
  test('arrow types map to floe types; microseconds survive', async () => {
    const arrow = tableFromArrays({ i: Int32Array.from([1, 2, 3]), f: Float64Array.from([0.5, 1.5, 2.5]), s: ['a', 'b', 'a'] });
    const t64 = makeData({ type: new TimestampMicrosecond(), length: 3, nullCount: 1, nullBitmap: Uint8Array.of(0b101), data: BigInt64Array.of(1_700_000_000_123_456n, 0n, -1n) });
    const ts = new ArrowTable({ t: makeVector(t64), n: vectorFromArray([1n, 2n, 2n ** 60n], new Int64()) });
    const df = fromArrow(arrow);
    expect({ ...df.dtypes }).toEqual({ i: 'int64', f: 'float64', s: 'string' });
    expect((await df.groupBy('s').agg(col('f').sum()).sort('s').compute()).toRows()).toEqual([{ s: 'a', f: 3 }, { s: 'b', f: 1.5 }]);
    const t = await fromArrow(tableFromIPC(tableToIPC(ts))).compute();
    const got = t.columns[0];
    expect(got.values[0]).toBe(1_700_000_000_123.456);
    expect(t.toRows()[1].t).toBe(null);
    expect(t.toRows()[2].n).toBe(2n ** 60n);
    expect(got.values[2]).toBe(-0.001);
  });
});
