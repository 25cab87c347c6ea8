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
