/**
 * A number literal on one side of a binary expression is not spread into a column of copies
 * (binaryScalar): the answer must equal the general path's, which takes the literal as a column.
 */
import { describe, expect, it } from 'vitest';
import type { BinaryOp, ExprNode } from '../plan/expr-node.js';
import type { DType } from '../types/dtype.js';
import type { Column } from './column.js';
import { evalExpr } from './eval-expr.js';
import { Rng } from '../testing/random-csv.js';

const OPS: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'mod', 'eq', 'neq', 'lt', 'lte', 'gt', 'gte'];

function column(rng: Rng, dtype: DType, n: number): Column {
  const values = new Float64Array(n);
  const valid = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    values[i] = dtype === 'float64' ? rng.int(-500, 500) / 8 : rng.int(-50, 50) * (dtype === 'timestamp' ? 86_400_000 : 1);
    if (rng.chance(0.1)) { valid[i] = 0; values[i] = 0; }
  }
  return { dtype, length: n, values, valid };
}

describe('binary expressions with a number literal', () => {
  it('equal the same expression with the literal as a column: every op, either side, int/float/timestamp (seeded)', () => {
    const rng = new Rng(99);
    const n = 257;
    for (let t = 0; t < 300; t++) {
      const dtype = (['int64', 'float64', 'timestamp'] as const)[rng.int(0, 2)];
      const litType: DType = dtype === 'timestamp' ? 'timestamp' : rng.chance(0.5) ? 'int64' : 'float64';
      const value = litType === 'float64' ? rng.int(-40, 40) / 4 : rng.int(-3, 3) * (litType === 'timestamp' ? 86_400_000 : 1);
      const op = OPS[rng.int(0, OPS.length - 1)];
      const litOnRight = rng.chance(0.5);
      const x = column(rng, dtype, n);
      const copies: Column = { dtype: litType, length: n, values: new Float64Array(n).fill(value), valid: null };
      const lit: ExprNode = { kind: 'lit', value, dtype: litType };
      const colX: ExprNode = { kind: 'col', name: 'x' };
      const colL: ExprNode = { kind: 'col', name: 'l' };
      const batch = { length: n, columns: new Map([['x', x], ['l', copies]]) };
      const scalar = evalExpr({ kind: 'binary', op, left: litOnRight ? colX : lit, right: litOnRight ? lit : colX }, batch);
      const general = evalExpr({ kind: 'binary', op, left: litOnRight ? colX : colL, right: litOnRight ? colL : colX }, batch);
      const where = `${dtype} ${litOnRight ? `x ${op} ${value}` : `${value} ${op} x`}`;
      expect({ where, dtype: scalar.dtype, values: [...scalar.values as Float64Array], valid: scalar.valid && [...scalar.valid] })
        .toEqual({ where, dtype: general.dtype, values: [...general.values as Float64Array], valid: general.valid && [...general.valid] });
    }
  });
});

describe('text over a dictionary shared by many batches (a scan\'s): only the entries the rows use decide', () => {
  it('casts, pattern tests and IN lists of a few rows of a large, growing dictionary', () => {
    const dict = Array.from({ length: 20_000 }, (_, k) => String(k));
    dict.push('99999999999999999999', 'nan', 'x1', '9007199254740993');
    const batch = (codes: number[], valid: number[] | null = null) => ({
      length: codes.length,
      columns: new Map<string, Column>([['s', { dtype: 'string', length: codes.length, values: Int32Array.from(codes), valid: valid === null ? null : Uint8Array.from(valid), dict }]]),
    });
    const cell = (c: Column) => Array.from({ length: c.length }, (_, i) => (c.valid !== null && c.valid[i] === 0 ? null : c.values[i]));
    const s: ExprNode = { kind: 'col', name: 's' };
    const cast = (to: DType): ExprNode => ({ kind: 'cast', arg: s, to } as ExprNode);
    // the entry past int64 is in the dictionary but in no row: no error (it was thrown only if a row held it, and still is)
    expect(cell(evalExpr(cast('int64'), batch([7, 20_002, 19_999, 0], [1, 1, 1, 0])))).toEqual([7, null, 19_999, null]);
    expect(() => evalExpr(cast('int64'), batch([20_000]))).toThrow(/out of range/);
    expect(cell(evalExpr(cast('int64'), batch([20_003, 5])))).toEqual([9007199254740993n, 5n]);
    const f = cell(evalExpr(cast('float64'), batch([20_001, 20_002, 12])));
    expect([Number.isNaN(f[0]), f[1], f[2]]).toEqual([true, null, 12]);
    dict.push('1234');
    const like: ExprNode = { kind: 'str', arg: s, op: 'like', pattern: '%23%' } as ExprNode;
    expect(cell(evalExpr(like, batch([23, 1234, 5, 20_004])))).toEqual([1, 1, 0, 1]);
    const inList: ExprNode = { kind: 'isIn', arg: s, values: [{ kind: 'lit', value: '5', dtype: 'string' }, { kind: 'lit', value: 'x1', dtype: 'string' }] } as ExprNode;
    expect(cell(evalExpr(inList, batch([5, 20_002, 6, 5], [1, 1, 1, 0])))).toEqual([1, 1, 0, null]);
  });
});
