/** when() and fillNull() on int64 beyond 2^53: the chosen values stay exact (they went through doubles). */
import { describe, expect, it } from 'vitest';
import type { ExprNode } from '../plan/expr-node.js';
import type { Batch } from './batch.js';
import type { Column } from './column.js';
import { evalExpr } from './eval-expr.js';

const big: Column = { dtype: 'int64', length: 4, values: BigInt64Array.from([2n ** 53n + 1n, 0n, -(2n ** 63n), 2n ** 63n - 1n]), valid: Uint8Array.from([1, 0, 1, 1]) };
const small: Column = { dtype: 'int64', length: 4, values: Float64Array.from([1, 2, 3, 4]), valid: null };
const cond: Column = { dtype: 'bool', length: 4, values: Uint8Array.from([1, 1, 0, 1]), valid: Uint8Array.from([1, 1, 1, 0]) };
const batch: Batch = { length: 4, columns: new Map([['big', big], ['small', small], ['c', cond]]) };
const c = (name: string): ExprNode => ({ kind: 'col', name });
const cells = (col: Column): unknown[] => Array.from({ length: col.length }, (_, i) => (col.valid !== null && col.valid[i] === 0 ? null : col.values[i]));

describe('int64 past 2^53 through a choice', () => {
  it('when(c, big, small): bigints where c holds, the other branch (as bigints) where it is false or null', () => {
    const out = evalExpr({ kind: 'when', cond: c('c'), value: c('big'), otherwise: c('small') } as ExprNode, batch);
    expect(out.values).toBeInstanceOf(BigInt64Array);
    expect(cells(out)).toEqual([2n ** 53n + 1n, null, 3n, 4n]);
  });

  it('fillNull(big, small): the value where present, else the fill', () => {
    const out = evalExpr({ kind: 'fillNull', arg: c('big'), value: c('small') } as ExprNode, batch);
    expect(out.values).toBeInstanceOf(BigInt64Array);
    expect(cells(out)).toEqual([2n ** 53n + 1n, 2n, -(2n ** 63n), 2n ** 63n - 1n]);
  });
});
