import { describe, expect, test } from 'vitest';
import { ColumnPool } from './column-pool.js';

describe('ColumnPool', () => {
  test('a slot hands out the same memory again (its old contents in it), a new array when it needs more room or another type', () => {
    const pool = new ColumnPool();
    const a = pool.take('x', Float64Array, 100);
    a.fill(7);
    const b = pool.take('x', Float64Array, 50);
    expect(b.buffer).toBe(a.buffer);
    expect(b[49]).toBe(7);
    expect(b.length).toBe(50);
    expect(pool.take('y', Float64Array, 50).buffer).not.toBe(a.buffer);
    expect(pool.take('x', Int32Array, 50).buffer).not.toBe(a.buffer);
    const big = pool.take('x', Int32Array, 20_000);
    expect(big.length).toBe(20_000);
    expect(pool.take('x', Int32Array, 30_000).buffer).toBe(big.buffer); // rounded up to 32 k rows
  });

  test('keeps at most maxBytes: a slot past them empties the pool first', () => {
    const pool = new ColumnPool(300_000);
    const a = pool.take('a', Float64Array, 16_384); // 128 KiB
    const b = pool.take('b', Float64Array, 16_384);
    expect(pool.keptBytes).toBe(2 * 131_072);
    expect(pool.take('a', Float64Array, 10).buffer).toBe(a.buffer);
    pool.take('c', Float64Array, 16_384); // past 300 000: a and b are let go
    expect(pool.keptBytes).toBe(131_072);
    expect(pool.take('b', Float64Array, 10).buffer).not.toBe(b.buffer);
    expect(pool.keptBytes).toBe(2 * 131_072);
    // a slot that grows counts its new size only (here past the bound again: only it is kept)
    pool.take('b', Float64Array, 20_000);
    expect(pool.keptBytes).toBe(262_144);
    const open = new ColumnPool();
    open.take('a', Float64Array, 16_384);
    open.take('a', Float64Array, 20_000);
    expect(open.keptBytes).toBe(262_144);
  });
});
