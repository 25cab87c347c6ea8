import { describe, expect, test } from 'vitest';
import { stringOp } from './string-ops.js';
import { valueAt, type Column } from './column.js';
import type { StrFn } from '../plan/expr-node.js';

/** A dictionary-encoded column; null marks a null row. */
function strings(values: (string | null)[]): Column {
  const dict: string[] = [];
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return 0;
    const k = dict.indexOf(v);
    return k >= 0 ? k : dict.push(v) - 1;
  });
  const valid = values.includes(null) ? Uint8Array.from(values, (v) => (v === null ? 0 : 1)) : null;
  return { dtype: 'string', length: values.length, values: codes, valid, dict };
}

const run = (values: (string | null)[], fn: StrFn) => {
  const out = stringOp(strings(values), fn, values.length);
  return Array.from({ length: out.length }, (_, i) => valueAt(out, i));
};

describe('string functions run once per distinct string; nulls stay null', () => {
  test('batches sharing a dictionary that grows (a scan\'s): each entry mapped once, the output dictionary growing with it', () => {
    const dict = ['a-1', 'b-2', 'c'];
    const batch = (codes: number[], valid: number[] | null = null): Column => ({ dtype: 'string', length: codes.length, values: Int32Array.from(codes), valid: valid === null ? null : Uint8Array.from(valid), dict });
    const cell = (c: Column) => Array.from({ length: c.length }, (_, i) => valueAt(c, i));
    const split: StrFn = { op: 'split', sep: '-', index: 1 };
    const first = stringOp(batch([0, 2, 1, 0]), split, 4);
    expect(cell(first)).toEqual(['1', null, '2', '1']);
    dict.push('d-4', 'e-1');
    const second = stringOp(batch([3, 4, 0, 2, 1], [1, 1, 1, 1, 0]), split, 5);
    expect(cell(second)).toEqual(['4', '1', '1', null, null]);
    // one output dictionary for both batches, no string twice, the first batch's codes still right
    expect(second.dict).toBe(first.dict);
    expect(new Set(second.dict).size).toBe(second.dict!.length);
    expect(cell(first)).toEqual(['1', null, '2', '1']);
    // another function of the same dictionary has its own entries; a new dictionary starts afresh
    expect(cell(stringOp(batch([4, 3]), { op: 'upper' }, 2))).toEqual(['E-1', 'D-4']);
    expect(cell(stringOp({ ...batch([1, 0]), dict: ['x-9', 'y-8'] }, split, 2))).toEqual(['8', '9']);
    expect(cell(stringOp(batch([4, 0, 1], [1, 0, 1]), { op: 'len' }, 3))).toEqual([3, null, 3]);
  });
  test('lower and upper', () => {
    expect(run(['Ab', null, 'ÉtÉ'], { op: 'lower' })).toEqual(['ab', null, 'été']);
    expect(run(['Ab', null, 'straße'], { op: 'upper' })).toEqual(['AB', null, 'STRASSE']);
  });
  test('strip trims whitespace, or the given characters', () => {
    expect(run(['  a b\t', null, ''], { op: 'strip', chars: null })).toEqual(['a b', null, '']);
    expect(run(['xxaxyx', 'yy'], { op: 'strip', chars: 'xy' })).toEqual(['a', '']);
  });
  test('len counts code points (an emoji is one), as int64', () => {
    const out = stringOp(strings(['abc', null, '😀a', '']), { op: 'len' }, 4);
    expect(out.dtype).toBe('int64');
    expect([0, 1, 2, 3].map((i) => valueAt(out, i))).toEqual([3, null, 2, 0]);
  });
  test('slice takes code points [start, stop), negative from the end', () => {
    expect(run(['abcdef', null, 'ab'], { op: 'slice', start: 1, stop: 3 })).toEqual(['bc', null, 'b']);
    expect(run(['abcdef', '😀xy'], { op: 'slice', start: -2, stop: null })).toEqual(['ef', 'xy']);
    expect(run(['😀xy'], { op: 'slice', start: 0, stop: 1 })).toEqual(['😀']);
  });
  test('replace: every occurrence of a literal (no regex meaning), or every regex match', () => {
    expect(run(['a.b.c', null], { op: 'replace', pattern: '.', regex: false, flags: '', value: '-' })).toEqual(['a-b-c', null]);
    expect(run(['a1b22'], { op: 'replace', pattern: '(\\d+)', regex: true, flags: '', value: '<$1>' })).toEqual(['a<1>b<22>']);
  });
  test('split gives the n-th part, negative from the end, null when there is none', () => {
    expect(run(['a-b-c', 'x', null, ''], { op: 'split', sep: '-', index: 1 })).toEqual(['b', null, null, null]);
    expect(run(['a-b-c', 'x'], { op: 'split', sep: '-', index: -1 })).toEqual(['c', 'x']);
  });
  test('two strings that map to one output share one dictionary entry (group keys compare codes)', () => {
    const out = stringOp(strings(['A', 'a', 'B']), { op: 'lower' }, 3);
    expect(out.dict).toEqual(['a', 'b']);
    expect(Array.from(out.values as Int32Array)).toEqual([0, 0, 1]);
  });
});
