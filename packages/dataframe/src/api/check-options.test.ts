/** Options of sort/join/unique/head checked before planning: a misspelt option or a stray value is an error, never ignored. */
import { describe, expect, test } from 'vitest';
import { col, fromColumns, readCsv, readNdjson, readParquet } from '../index.js';

const a = fromColumns({ k: [1, 2], v: [3, 4] });

describe('options checked by name and shape', () => {
  test('sort: a boolean where the options belong, and unknown names, are refused', () => {
    expect(() => a.sort('v', true as never)).toThrow('sort(): options must be an object such as { descending: true }, got true');
    expect(() => a.sort('v', { reverse: true } as never)).toThrow('sort(): unknown option "reverse"; options: descending, nullsFirst, nullsLast');
    expect(() => a.sort('v', { nulls_last: false } as never)).toThrow('sort(): unknown option "nulls_last" (did you mean nullsLast?)');
    expect(a.sort('v', { descending: true, nullsFirst: true }).plan.kind).toBe('sort');
  });

  test('sort: keys one after another, as Polars takes them (it said "options must be an object … got the string")', async () => {
    const t = fromColumns({ y: [2, 1, 2, 1], m: [1, 2, 2, 1], v: [10, 20, 30, 40] });
    const rows = async (df: typeof t) => (await df.compute()).toRows().map((r) => r.v);
    expect(await rows(t.sort('y', 'm'))).toEqual(await rows(t.sort(['y', 'm'])));
    expect(await rows(t.sort('y', 'm'))).toEqual([40, 20, 10, 30]);
    expect(await rows(t.sort('y', col('m'), { descending: true }))).toEqual([30, 10, 20, 40]);
    expect(await rows(t.sort('y', undefined as never))).toEqual([20, 40, 10, 30]); // by y alone, stable (a JS caller's undefined options)
    expect(() => t.sort('y', 'm', { descending: [true] })).toThrow('sort: descending has 1 flag(s) for 2 key(s)');
    expect(() => t.sort('y', 'mm')).toThrow('mm');
  });

  test('join: a misspelt option (it ran an inner join for { hwo: "left" }) and an empty suffix (it never returned) are refused', () => {
    expect(() => a.join(a, { on: 'k', hwo: 'left' } as never)).toThrow('join(): unknown option "hwo"; options: on, leftOn, rightOn, how, suffix');
    expect(() => a.join(a, { on: 'k', suffix: '' })).toThrow('join(): suffix must be a non-empty string');
    expect(a.join(a, { on: 'k', suffix: '_r' }).columns).toEqual(['k', 'v', 'v_r']);
  });

  test('unique/dropDuplicates take only the columns (keep: "last" was ignored)', () => {
    expect(() => a.unique('k', { keep: 'last' })).toThrow('unique() takes only the columns, as names or an array of names; it keeps the first row of each');
    expect(() => a.dropDuplicates(['k'], 'last')).toThrow('unique() takes only the columns');
  });

  test('names as arguments or as an array alike: unique and valueCounts of several columns (valueCounts dropped all but the first)', async () => {
    const f = fromColumns({ a: ['x', 'x', 'y', 'x'], b: [1, 1, 2, 2], v: [1, 2, 3, 4] });
    expect((await f.unique('a', 'b').compute()).toRows()).toEqual((await f.unique(['a', 'b']).compute()).toRows());
    expect((await f.unique('a', 'b').count())).toBe(3);
    const pairs = [{ a: 'x', b: 1, count: 2 }, { a: 'x', b: 2, count: 1 }, { a: 'y', b: 2, count: 1 }];
    expect((await f.valueCounts('a', 'b').compute()).toRows()).toEqual(pairs);
    expect((await f.valueCounts(['a', 'b']).compute()).toRows()).toEqual(pairs);
    expect((await f.valueCounts('a').compute()).toRows()).toEqual([{ a: 'x', count: 3 }, { a: 'y', count: 1 }]);
    expect(() => f.valueCounts()).toThrow("valueCounts() needs a column name, e.g. df.valueCounts('city')");
  });

  test('sort: a flag given as text or a number is refused (descending: "false" sorted descending)', async () => {
    expect(() => a.sort('v', { descending: 'false' as never })).toThrow('sort(): descending must be true or false (or an array of them, one per key), got the string "false"');
    expect(() => a.sort(['k', 'v'], { descending: [false, 'false' as never] })).toThrow('sort(): descending[1] must be true or false, got the string "false"');
    expect(() => a.sort('v', { nullsFirst: 'no' as never })).toThrow('sort(): nullsFirst must be true or false, got the string "no"');
    expect(() => a.sort('v', { nullsLast: 1 as never })).toThrow('sort(): nullsLast must be true or false, got 1');
    expect((await a.sort('v', { descending: false }).compute()).column('v').toArray()).toEqual([3, 4]);
  });

  test('the options of the methods that run a query are checked by name (compute({ memorylimit }) ran with the default budget)', async () => {
    await expect(a.compute({ memorylimit: '1KB' } as never)).rejects.toThrow('compute(): unknown option "memorylimit" (did you mean memoryLimit?)');
    await expect(a.count({ workers: 1 } as never)).rejects.toThrow('count(): unknown option "workers"');
    expect(() => a.head(1, { memoryLimt: '1MB' } as never)).toThrow('head(): unknown option "memoryLimt" (did you mean memoryLimit?)');
    expect(() => a.toBatches({ batchsize: 10 } as never)).toThrow('toBatches(): unknown option "batchsize" (did you mean batchSize?)');
    await expect(a.writeCsv('/tmp/never-written', { delimeter: ';' } as never)).rejects.toThrow('writeCsv(): unknown option "delimeter" (did you mean delimiter?)');
    await expect(a.writeParquet('/tmp/never-written', { delimiter: ';' } as never)).rejects.toThrow('writeParquet(): unknown option "delimiter"');
    expect(() => a.describe({ percentile: [0.5] } as never)).toThrow('describe(): unknown option "percentile" (did you mean percentiles?)');
    expect(() => a.explain({ memory: 1 } as never)).toThrow('explain(): unknown option "memory"');
    // the known ones still run
    expect((await a.compute({ memoryLimit: '64MB', maxInFlight: 2 })).numRows).toBe(2);
    let batches = 0;
    for await (const b of a.toBatches({ batchSize: 1, memoryLimit: '64MB' })) batches += b.numRows > 0 ? 1 : 0;
    expect(batches).toBe(2);
  });

  test('numbers given as text are named as text', () => {
    expect(() => col('v').quantile('0.9' as never)).toThrow('quantile(q) needs a number q between 0 and 1, got the string "0.9"');
  });

  test('readers: a second path where the options belong is named', () => {
    expect(() => readCsv('a.csv', 'b.csv' as never)).toThrow("readCsv: the second argument is the options; give several files as one array (or a glob): readCsv(['a.csv', 'b.csv']) — got the string \"b.csv\"");
    expect(() => readParquet('a.parquet', ['b.parquet'] as never)).toThrow('readParquet: the second argument is the options');
    expect(() => readNdjson('a.jsonl', 'b.jsonl' as never)).toThrow('readNdjson: the second argument is the options');
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
