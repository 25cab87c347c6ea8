/** Options of sort/join/unique/head checked before planning: a misspelt option or a stray value is an error, never ignored. */
import { describe, expect, test } from 'vitest';
import { fromColumns } from '../index.js';

const a = fromColumns({ k: [1, 2], v: [3, 4] });

describe('options checked by name and shape', () => {
  test('sort: a boolean where the options belong, and unknown names, are refused', () => {
    expect(() => a.sort('v', true as never)).toThrow('sort(): options must be an object such as { descending: true }, got true');
    expect(() => a.sort('v', { reverse: true } as never)).toThrow('sort(): unknown option "reverse"; options: descending, nullsFirst, nullsLast');
    expect(() => a.sort('v', { nulls_last: false } as never)).toThrow('sort(): unknown option "nulls_last" (did you mean nullsLast?)');
    expect(a.sort('v', { descending: true, nullsFirst: true }).plan.kind).toBe('sort');
  });

  test('join: a misspelt option (it ran an inner join for { hwo: "left" }) and an empty suffix (it never returned) are refused', () => {
    expect(() => a.join(a, { on: 'k', hwo: 'left' } as never)).toThrow('join(): unknown option "hwo"; options: on, leftOn, rightOn, how, suffix');
    expect(() => a.join(a, { on: 'k', suffix: '' })).toThrow('join(): suffix must be a non-empty string');
    expect(a.join(a, { on: 'k', suffix: '_r' }).columns).toEqual(['k', 'v', 'v_r']);
  });

  test('unique/dropDuplicates take only the columns (keep: "last" was ignored)', () => {
    expect(() => a.unique('k', { keep: 'last' })).toThrow('unique() takes only the columns; it keeps the first row of each');
    expect(() => a.dropDuplicates(['k'], 'last')).toThrow('unique() takes only the columns');
  });

  test('head and limit name themselves and a string count; a value that JSON cannot show is described, not a crash', () => {
    expect(() => a.head('3' as never)).toThrow(new TypeError('head() needs a non-negative integer number of rows, got the string "3"'));
    expect(() => a.limit(-1)).toThrow(new RangeError('limit() needs a non-negative integer number of rows, got -1'));
    expect(() => a.groupBy('k').head(1.5)).toThrow('head() needs a non-negative integer number of rows, got 1.5');
    expect(() => a.sort('v', 1n as never)).toThrow('sort(): options must be an object such as { descending: true }, got 1n');
    expect(() => a.sort('v', (() => 1) as never)).toThrow('got a function');
    expect(a.unique('k', undefined).plan.kind).toBe('groupHead');
  });
});
