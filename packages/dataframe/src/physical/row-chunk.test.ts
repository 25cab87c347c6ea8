/**
 * Row and state chunks: kept in memory up to the spill threshold (inclusive), written to
 * `<dir>/<name>-<suffix>` past it, and read back the same either way. A row chunk's size counts
 * its values, its validity bytes and 16 bytes per dictionary entry it still uses.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { valueAt, type Column } from '../kernels/column.js';
import type { Field } from '../types/dtype.js';
import { columnsBytes, KeepAllowance, keepOrSpill, keepOrSpillState, readRowChunk, readStateChunk, type SpillSpec } from './row-chunk.js';


const dir = mkdtempSync(join(tmpdir(), 'floe-row-chunk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fields: Field[] = [{ name: 'x', dtype: 'float64' }, { name: 's', dtype: 'string' }];
// x: 3 float64 values (24 bytes) with a validity array (3 bytes); s: 3 codes (12 bytes) into a
// 5-entry dictionary of which the rows use 2 (after compaction: 32 bytes)
const columns = (): Column[] => [
  { dtype: 'float64', length: 3, values: Float64Array.of(1.5, 0, -2), valid: Uint8Array.of(1, 0, 1) },
  { dtype: 'string', length: 3, values: Int32Array.of(3, 1, 3), valid: null, dict: ['a', 'b', 'c', 'd', 'e'] },
];
const BYTES = 24 + 3 + 12 + 2 * 16;
const rowsOf = (cols: Column[], n: number) => Array.from({ length: n }, (_, i) => cols.map((c) => valueAt(c, i)));
const WANT = [[1.5, 'd'], [null, 'b'], [-2, 'd']];
const spill = (name: string, threshold: number): SpillSpec => ({ dir, name, threshold });

describe('row chunks', () => {
  test('size: values, validity, and 16 bytes per dictionary entry', () => {
    expect(columnsBytes(columns())).toBe(24 + 3 + 12 + 5 * 16);
  });

  test('a chunk of exactly the threshold stays in memory, with its dictionary compacted', () => {
    const c = keepOrSpill(fields, columns(), 3, spill('at', BYTES), 'm0');
    if (c.kind !== 'mem') throw new Error(`expected an in-memory chunk, got ${c.kind}`);
    expect(c.columns[1].dict).toEqual(['d', 'b']);
    expect(rowsOf(readRowChunk(c, fields), 3)).toEqual(WANT);
    expect(existsSync(join(dir, 'at-m0.spill'))).toBe(false);
  });

  test('a chunk one byte over the threshold is written to <dir>/<name>-<suffix>.spill and reads back the same', () => {
    const c = keepOrSpill(fields, columns(), 3, spill('over', BYTES - 1), 'm1-b2');
    expect(c).toEqual({ kind: 'file', length: 3, path: join(dir, 'over-m1-b2.spill') });
    expect(existsSync(join(dir, 'over-m1-b2.spill'))).toBe(true);
    expect(rowsOf(readRowChunk(c, fields), 3)).toEqual(WANT);
  });
});

describe('state chunks', () => {
  const value = { groups: 2, sums: [3, 4] };

  test('a state of exactly the threshold stays in memory; past it, it is written and read back', () => {
    expect(keepOrSpillState(value, 100, spill('st', 100), 'p0')).toEqual({ kind: 'mem', value });
    expect(existsSync(join(dir, 'st-p0.state'))).toBe(false);
    const c = keepOrSpillState(value, 101, spill('st', 100), 'p1');
    expect(c).toEqual({ kind: 'file', path: join(dir, 'st-p1.state') });
    expect(readStateChunk(c)).toEqual(value);
  });

  test('under the threshold, a state spills once the task has kept its allowance', () => {
    const allowance = new KeepAllowance(150);
    const kinds = [100, 60, 50, 0].map((bytes, i) => keepOrSpillState(value, bytes, spill('al', 100), `f${i}`, allowance).kind);
    expect(kinds).toEqual(['mem', 'file', 'mem', 'mem']);
  });
});
