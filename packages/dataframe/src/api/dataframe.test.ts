/**
 * The everyday verbs pandas and Polars users reach for: arrays of names, drop, rename,
 * columns/dtypes, isIn, the str functions, narrow casts, typed rows — each with nulls.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { col, concat, fromColumns, lit, readCsv } from '../index.js';
import { readCsvAnyBlocksize } from './read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-verbs-'));
const path = join(dir, 'people.csv');
writeFileSync(path, 'name,city,age,score\n  Ann ,Oslo,31,1.5\nbob,oslo,,2.5\nCarl-Jr,Rome,45,\n,Rome,20,4\n');
const df = readCsv(path);

describe('lists of names', () => {
  test('groupBy, select and sort take arrays as well as arguments', async () => {
    const t = await df.groupBy(['city']).agg(col('age').sum()).sort(['city']).compute();
    expect(t.toRows()).toEqual([{ city: 'Oslo', age: 31 }, { city: 'Rome', age: 65 }, { city: 'oslo', age: 0 }]);
    const two = await df.groupBy(['city', col('age').isNull().alias('noAge')]).agg(col('*').count()).sort(['city', 'noAge']).compute();
    expect(two.toRows().map((r) => `${r.city}/${r.noAge}/${r.count}`)).toEqual(['Oslo/false/1', 'Rome/false/2', 'oslo/true/1']);
    expect((await df.select(['age', 'city']).limit(1).compute()).columnNames).toEqual(['age', 'city']);
  });
  test('groupBy takes its options as a last argument (pandas dropna=False), checked by name', async () => {
    const counts = async (g: ReturnType<typeof df.groupBy>) => (await g.agg(col('*').count()).sort('age').compute()).toRows().map((r) => `${r.age}:${r.count}`);
    expect(await counts(df.groupBy('age'))).toEqual(['20:1', '31:1', '45:1']);
    expect(await counts(df.groupBy('age', { keepNullKeys: true }))).toEqual(['20:1', '31:1', '45:1', 'null:1']);
    expect(await counts(df.groupBy(['age'], { keepNullKeys: true }))).toEqual(await counts(df.groupBy('age').withOptions({ keepNullKeys: true })));
    expect(() => df.groupBy('age', { dropna: false } as never)).toThrow('groupBy(): unknown option "dropna" (use keepNullKeys: true for dropna: false); options: keepNullKeys');
    expect(() => df.groupBy('age', { keepNullKeys: 'yes' } as never)).toThrow('groupBy(): option keepNullKeys must be true or false, got string');
    expect(() => df.groupBy({ keepNullKeys: true })).toThrow('groupBy() needs at least one key');
    expect(() => df.groupBy('age').withOptions({ keepNulls: true } as never)).toThrow('unknown option "keepNulls"');
  });
  test('a value that is neither a name nor an expression is a TypeError, not a crash', () => {
    expect(() => df.groupBy([['city']] as never)).toThrow('expected a key name or an expression (col(...)), got a nested array');
    expect(() => df.select(3 as never)).toThrow('expected a column name or an expression (col(...)), got number 3');
  });
  test('JS and pandas habits get an error that says what to write: a row callback, an agg dict', () => {
    expect(() => df.filter(((r: { age: number }) => r.age > 30) as never)).toThrow("filter() takes an expression such as col('v').gt(1), got a function: expressions run over whole columns in worker threads, where a JS callback cannot go");
    expect(() => df.withColumns((() => 1) as never)).toThrow('got a function');
    expect(() => df.groupBy('city').agg({ age: 'sum', score: 'Mean' } as never)).toThrow('got an object {"age":"sum","score":"Mean"}; write col("age").sum(), col("score").mean()');
    expect(() => df.sort({ by: 'age' } as never)).toThrow('expected a sort name or an expression (col(...)), got an object {"by":"age"}');
  });
});

describe('JS operators on expressions', () => {
  test('are refused where they are written, naming the method to use; as text an expression reads as floe prints it', () => {
    const v = col('v');
    const advice = "JS operators (+ - * / < > ==) do not work on floe expressions such as col(\"v\"): use its methods, e.g. col('v').add(1)";
    expect(() => (v as unknown as number) + 1).toThrow(advice);
    expect(() => (v as unknown as number) > 2).toThrow(advice);
    expect(() => (v as unknown as number) * 2).toThrow(advice);
    expect([`${v.add(1)}`, String(v)]).toEqual(['(col("v") + 1)', 'col("v")']);
  });
});

describe('drop, rename, columns, dtypes', () => {
  test('columns and dtypes come from the schema, without reading data', () => {
    expect(df.columns).toEqual(['name', 'city', 'age', 'score']);
    expect({ ...df.dtypes }).toEqual({ name: 'string', city: 'string', age: 'int64', score: 'float64' });
  });
  test('console.log(df) shows the columns and that it is lazy, not the plan object', () => {
    expect(inspect(df.select('name', 'age'))).toBe('DataFrame[name: string, age: int64] (lazy: compute(), head() or writeCsv() runs it; explain() shows the plan)');
  });
  test('drop keeps the other columns in order; an unknown name suggests the closest', async () => {
    expect(df.drop('city', 'score').columns).toEqual(['name', 'age']);
    expect(df.drop(['name']).columns).toEqual(['city', 'age', 'score']);
    expect(() => df.drop('agee')).toThrow('drop(): no column "agee" (did you mean "age"?); columns: name, city, age, score');
    expect(() => df.drop(df.columns)).toThrow('drop() would remove every column');
  });
  test('rename maps old names to new ones and keeps the order and the values', async () => {
    const r = df.rename({ age: 'years', name: 'who' });
    expect(r.columns).toEqual(['who', 'city', 'years', 'score']);
    expect((await r.select('years').compute()).column('years').toArray()).toEqual([31, null, 45, 20]);
    expect(() => df.rename({ nme: 'x' })).toThrow('rename(): no column "nme" (did you mean "name"?)');
    expect(() => df.rename({ age: 'city' })).toThrow('two columns named "city"');
  });
});

describe('isIn', () => {
  test('strings and numbers; a null value is null, so a filter drops it', async () => {
    const t = await df.select(col('city').isIn(['Rome', 'Paris']).alias('c'), col('age').isIn([20, 31]).alias('a')).compute();
    expect(t.column('c').toArray()).toEqual([false, false, true, true]);
    expect(t.column('a').toArray()).toEqual([true, null, false, true]);
    expect(await df.filter(col('age').isIn([20, 31])).count()).toBe(2);
  });
  test('a value of the wrong type, or null, is refused when the query is built', () => {
    expect(() => df.filter(col('age').isIn(['x']))).toThrow('isIn: "x" (string) cannot equal a int64 value');
    expect(() => col('age').isIn([null as never])).toThrow('isIn: null cannot be a member; use .isNull()');
  });
});

describe('str functions', () => {
  test('lower, upper, strip, len, slice, replace, split with nulls', async () => {
    const t = await df.select(
      col('name').str.strip().alias('strip'),
      col('name').str.strip().str.lower().alias('lower'),
      col('city').str.upper().alias('upper'),
      col('name').str.len().alias('len'),
      col('city').str.slice(0, 2).alias('slice'),
      col('name').str.replace('-', ' ').alias('replace'),
      col('name').str.split('-', 1).alias('split'),
    ).compute();
    expect(t.toRows()).toEqual([
      { strip: 'Ann', lower: 'ann', upper: 'OSLO', len: 6, slice: 'Os', replace: '  Ann ', split: null },
      { strip: 'bob', lower: 'bob', upper: 'OSLO', len: 3, slice: 'os', replace: 'bob', split: null },
      { strip: 'Carl-Jr', lower: 'carl-jr', upper: 'ROME', len: 7, slice: 'Ro', replace: 'Carl Jr', split: 'Jr' },
      { strip: null, lower: null, upper: 'ROME', len: null, slice: 'Ro', replace: null, split: null },
    ]);
  });
  test('a group key made by a str function merges what it makes equal', async () => {
    const t = await df.groupBy(col('city').str.lower()).agg(col('*').count()).sort('city').compute();
    expect(t.toRows()).toEqual([{ city: 'oslo', count: 2 }, { city: 'rome', count: 2 }]);
  });
  test('concat joins strings and literals row by row, null where a part is null, one code per distinct result', async () => {
    const t = await df.select(
      col('name').str.strip().str.concat(' of ', col('city')).alias('who'),
      col('city').str.concat(['/', col('city').str.lower()]).alias('both'),
    ).compute();
    expect(t.toRows()).toEqual([
      { who: 'Ann of Oslo', both: 'Oslo/oslo' },
      { who: 'bob of oslo', both: 'oslo/oslo' },
      { who: 'Carl-Jr of Rome', both: 'Rome/rome' },
      { who: null, both: 'Rome/rome' },
    ]);
    const keys = await df.groupBy(col('city').str.lower().str.concat('!').alias('k')).agg(col('*').count()).sort('k').compute();
    expect(keys.toRows()).toEqual([{ k: 'oslo!', count: 2 }, { k: 'rome!', count: 2 }]);
    expect(() => df.select(col('name').str.concat(col('age')))).toThrow('.str.concat() joins strings; col("age") is int64; cast it first with .cast("string"): col("name").str.concat(col("age"))');
    expect(() => col('name').str.concat()).toThrow('str.concat needs at least one string to append');
  });
  test('padStart, padEnd (by code point, a longer value kept) and reverse', async () => {
    const t = await df.select(col('city').str.padStart(6, '.').alias('s'), col('city').str.padEnd(5, 'ab').alias('e'), col('city').str.reverse().alias('r'), col('city').str.padStart(2).alias('k')).compute();
    expect(t.toRows()).toEqual([
      { s: '..Oslo', e: 'Osloa', r: 'olsO', k: 'Oslo' },
      { s: '..oslo', e: 'osloa', r: 'olso', k: 'oslo' },
      { s: '..Rome', e: 'Romea', r: 'emoR', k: 'Rome' },
      { s: '..Rome', e: 'Romea', r: 'emoR', k: 'Rome' },
    ]);
    expect(() => col('city').str.padStart(3, '')).toThrow('str.padStart needs a non-empty fill string');
  });
  test('contains takes a RegExp (found anywhere, by code point); extract gives a group of the first match, null where none', async () => {
    const t = await df.select(
      col('name').str.contains(/^[A-Z]/).alias('upper'),
      col('city').contains(/o$/i).alias('o'),
      col('name').str.extract(/([a-z]+)-([A-Z][a-z])/, 2).alias('second'),
      col('name').str.extract('[a-z]+', 0).alias('word'),
    ).compute();
    expect(t.toRows()).toEqual([
      { upper: false, o: true, second: null, word: 'nn' },
      { upper: false, o: true, second: null, word: 'bob' },
      { upper: true, o: false, second: 'Jr', word: 'arl' },
      { upper: null, o: false, second: null, word: null },
    ]);
    expect(() => col('name').str.extract(/(a)/, 2)).toThrow('str.extract: group 2 does not exist; "(a)" has 1 group(s) (0 is the whole match)');
    expect(() => col('name').str.extract('(')).toThrow(/^str\.extract: "\(" is not a valid regular expression/);
    expect(col('x').str.contains(/a.b/s).toString()).toBe('col("x").str.contains(/a.b/su)');
  });
  test('a str function on a number column is a plan error that says how to fix it', () => {
    expect(() => df.select(col('age').str.lower())).toThrow('.str.lower() needs a string column, got int64: col("age").str.lower(); cast it first with .cast("string")');
  });
});

describe('dt.strftime', () => {
  test('groups timestamps by their month as text, and refuses a column that is not a date', async () => {
    const p = join(dir, 'months.csv');
    writeFileSync(p, 't,v\n2024-01-31 23:00:00,1\n2024-02-01 00:30:00,2\n2024-02-29 12:00:00,3\n,4\n');
    const t = await readCsv(p, { parseDates: ['t'] }).groupBy(col('t').dt.strftime('%Y-%m (%b)').alias('month')).withOptions({ keepNullKeys: true }).agg(col('v').sum()).sort('month').compute();
    expect(t.toRows()).toEqual([{ month: '2024-01 (Jan)', v: 1 }, { month: '2024-02 (Feb)', v: 5 }, { month: null, v: 4 }]);
    expect(() => df.select(col('name').dt.strftime('%Y'))).toThrow(".dt.strftime() needs a timestamp or date column, but col(\"name\") is string; read it with parseDates: ['<column>']");
    expect(() => col('t').dt.strftime('%Q')).toThrow(/^strftime: "%Q" in "%Q" is not a format specifier floe knows/);
  });
});

describe('str.join (an aggregate)', () => {
  test("joins each group's strings in file order across many partitions, nulls left out; all-null is null; numbers are refused", async () => {
    const p = join(dir, 'join.csv');
    const rows = Array.from({ length: 300 }, (_, i) => `${i % 3 === 0 ? 'a' : i % 3 === 1 ? 'b' : 'c'},${i % 3 === 2 || i % 7 === 0 ? '' : `v${i}`}`);
    writeFileSync(p, `k,v\n${rows.join('\n')}\n`);
    const t = await readCsvAnyBlocksize(p, { blocksize: 512, dtypes: { v: 'string' } }).groupBy('k').withOptions({ keepNullKeys: true }).agg(col('v').str.join('; ').alias('vs'), col('v').str.join().alias('comma')).sort('k').compute();
    const want = (r: number) => Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 3 === r && i % 7 !== 0).map((i) => `v${i}`);
    expect(t.toRows()).toEqual([
      { k: 'a', vs: want(0).join('; '), comma: want(0).join(',') },
      { k: 'b', vs: want(1).join('; '), comma: want(1).join(',') },
      { k: 'c', vs: null, comma: null },
    ]);
    expect(() => df.groupBy('city').agg(col('age').str.join())).toThrow('.str.join() joins strings, but col("age") is int64; cast it first with .cast("string")');
  });
});

describe('cast to int32 and float32', () => {
  test('stored as int64/float64; float32 rounds to float32 precision', async () => {
    const t = await df.select(col('score').cast('float32').alias('f'), col('score').cast('int32').alias('i')).compute();
    expect(t.schema).toEqual([{ name: 'f', dtype: 'float64' }, { name: 'i', dtype: 'int64' }]);
    expect(t.column('f').toArray()).toEqual([1.5, 2.5, null, 4]);
    expect(t.column('i').toArray()).toEqual([1, 2, null, 4]);
    const third = await df.select(col('score').div(3).cast('float32').alias('x')).limit(1).compute();
    expect(third.column('x').get(0)).toBe(Math.fround(0.5));
  });
  test('a value out of the int32 range is an error that names it', async () => {
    await expect(df.select(col('age').mul(100_000_000).cast('int32')).compute()).rejects.toThrow('cast to int32: value 3100000000 is out of range [-2147483648, 2147483647]; cast to int64 instead');
  });
});

describe('an aggregate above a sort or a limit', () => {
  const tiny = join(dir, 'tiny.csv');
  writeFileSync(tiny, 'k,v\na,1\na,-2\nb,3\nb,\n');
  test('is computed (it was skipped: the sorted or limited rows came back instead of the answer)', async () => {
    const t = () => readCsv(tiny);
    expect((await t().sort('v').agg(col('v').sum().alias('s')).compute()).toRows()).toEqual([{ s: 2 }]);
    expect((await t().limit(3).sum().compute()).toRows()).toEqual([{ v: 2 }]);
    expect((await t().sort('v', { descending: true }).limit(2).groupBy('k').agg(col('v').sum()).compute()).toRows()).toEqual([{ k: 'a', v: 1 }, { k: 'b', v: 3 }]);
  });
  test('count(*) of no columns counts the rows (a table without columns had no rows)', async () => {
    const t = () => readCsv(tiny);
    expect(await t().limit(3).count()).toBe(3);
    expect(await t().sort('v').limit(2).count()).toBe(2);
    expect(await t().filter(col('v').gt(0)).limit(1).count()).toBe(1);
    expect(await t().limit(10).count()).toBe(4);
  });
});

describe('cast to int64 at and past 2^53', () => {
  test('a float past int64 is an error that names it (it was stored, and wrapped to 7766279631452241920 on the way out)', async () => {
    const t = fromColumns({ f: [1e20, 2.5, null] });
    await expect(t.select(col('f').cast('int64')).compute()).rejects.toThrow('cast to int64: value 100000000000000000000 is out of range [-2^63, 2^63); keep it float64');
    expect((await fromColumns({ f: [2.5, -(2 ** 60), null] }).select(col('f').cast('int64')).compute()).column('f').toArray()).toEqual([2, -(2n ** 60n), null]);
    // not a number to cast (infinities, NaN): null, as before
    expect((await fromColumns({ f: [Infinity, -Infinity, 1.5] }).select(col('f').cast('int64')).compute()).column('f').toArray()).toEqual([null, null, 1]);
  });
  test('a float of 2^53 and more cast to int64, or such a literal, is the exact int64 (as a double it joined, grouped and printed as another number)', async () => {
    const big = 2 ** 60;
    const left = fromColumns({ x: [big, 5, big], v: [1, 2, 3] }).withColumns(col('x').cast('int64').alias('k'));
    const right = fromColumns({ k: [1152921504606846976n, 5n], name: ['big', 'five'] });
    expect((await left.join(right, 'k').select('k', 'v', 'name').sort('v').compute()).toRows())
      .toEqual([{ k: 1152921504606846976n, v: 1, name: 'big' }, { k: 5, v: 2, name: 'five' }, { k: 1152921504606846976n, v: 3, name: 'big' }]);
    const keys = concat([left.select('k'), right.select('k')]).groupBy('k').agg(col('k').count().alias('n')).sort('k');
    expect((await keys.compute()).toRows()).toEqual([{ k: 5, n: 2 }, { k: 1152921504606846976n, n: 3 }]);
    expect((await left.select(col('k').cast('string').alias('s')).compute()).column('s').toArray()).toEqual(['1152921504606846976', '5', '1152921504606846976']);
    const lits = await right.select(lit(big).alias('L'), lit(big).cast('string').alias('s'), lit(-big).add(col('k')).alias('sum')).compute();
    expect(lits.toRows()).toEqual([
      { L: 1152921504606846976n, s: '1152921504606846976', sum: 0 },
      { L: 1152921504606846976n, s: '1152921504606846976', sum: -1152921504606846971n },
    ]);
  });
  test('text: an integer\'s digits exactly (bigints past 2^53), whole numbers as JS reads them, anything else null; past int64 an error', async () => {
    const t = await fromColumns({ s: ['9007199254740993', '-9223372036854775808', '12', '1e3', '2.0', '1.5', 'x', null] }).select(col('s').cast('int64')).compute();
    expect(t.column('s').toArray()).toEqual([9007199254740993n, -9223372036854775808n, 12, 1000, 2, null, null, null]);
    expect((await fromColumns({ s: ['12', ' 7 ', 'x'] }).select(col('s').cast('int64')).compute()).column('s').toArray()).toEqual([12, 7, null]);
    await expect(fromColumns({ s: ['1', '99999999999999999999'] }).select(col('s').cast('int64')).compute()).rejects.toThrow('cast to int64: "99999999999999999999" is out of range [-2^63, 2^63); cast it to float64 instead');
    // only the rows' values count: a filtered batch keeps its whole dictionary
    const kept = await fromColumns({ s: ['1', '99999999999999999999', '9007199254740993'] }).filter(col('s').ne('99999999999999999999')).select(col('s').cast('int64')).compute();
    expect(kept.column('s').toArray()).toEqual([1, 9007199254740993n]);
    const small = await fromColumns({ s: ['2', '9007199254740993'] }).filter(col('s').eq('2')).select(col('s').cast('int64')).compute();
    expect(small.column('s').data.values).toBeInstanceOf(Float64Array);
  });
});

describe('int64 arithmetic whose result passes 2^53', () => {
  test('is exact (bigints), and past int64 an error (it was a double: 94906267² came out …288, 1e22 stayed an int64)', async () => {
    const t = fromColumns({ p: [94906267, 3, null], q: [94906267, 1000000007, 1] });
    const r = await t.select(col('p').mul(col('q')).alias('m'), col('p').mul(94906267).alias('k'), col('p').add(9007199254740000).alias('a')).compute();
    expect(r.column('m').toArray()).toEqual([9007199515875289n, 3000000021, null]);
    expect(r.column('k').toArray()).toEqual([9007199515875289n, 284718801, null]);
    expect(r.column('a').toArray()).toEqual([9007199349646267n, 9007199254740003, null]);
    expect((await t.agg(col('p').mul(col('q')).sum().alias('s')).compute()).toRows()).toEqual([{ s: 9007202515875310n }]);
    await expect(fromColumns({ q: [100000000000] }).select(col('q').mul(col('q'))).compute()).rejects.toThrow('int64 overflow in mul: 100000000000 and 100000000000; cast to float64 first');
    // small results stay doubles
    expect((await t.select(col('p').add(col('q')).alias('s')).compute()).column('s').data.values).toBeInstanceOf(Float64Array);
  });
  test('negation of an int64 past 2^53 is exact (it went through a double)', async () => {
    const r = await fromColumns({ p: [4611686018427387903n, -9007199254740993n] }).select(col('p').neg().alias('n')).compute();
    expect(r.column('n').toArray()).toEqual([-4611686018427387903n, 9007199254740993n]);
  });
});

describe('casts between text, dates and booleans', () => {
  const when = join(dir, 'when.csv');
  writeFileSync(when, 'd,t,flag\n2024-01-05,2024-01-05 10:30:00,true\nsoon,2023-12-31T23:59:59.5,false\n,1969-12-31 00:00:00,\n');
  const w = () => readCsv(when, { dtypes: { d: 'string', t: 'timestamp', flag: 'bool' } });
  test('ISO text cast to date or timestamp is that day or moment; other text is null (was: null for every ISO text)', async () => {
    const t = await w().select(col('d').cast('date').alias('day'), col('d').cast('timestamp').alias('at')).compute();
    expect(t.toRows()).toEqual([{ day: new Date('2024-01-05T00:00:00Z'), at: new Date('2024-01-05T00:00:00Z') }, { day: null, at: null }, { day: null, at: null }]);
  });
  test('a timestamp, date or bool cast to string is written as floe writes CSV (was: epoch milliseconds, 1/0)', async () => {
    const t = await w().select(col('t').cast('string').alias('t'), col('t').cast('date').cast('string').alias('d'), col('flag').cast('string').alias('f')).compute();
    expect(t.toRows()).toEqual([
      { t: '2024-01-05 10:30:00', d: '2024-01-05', f: 'true' },
      { t: '2023-12-31 23:59:59.500', d: '2023-12-31', f: 'false' },
      { t: '1969-12-31 00:00:00', d: '1969-12-31', f: null },
    ]);
  });
});

describe('like', () => {
  test('% is any text, _ one character, the whole value must match, and regex characters are literal', async () => {
    const p = join(dir, 'like.csv');
    writeFileSync(p, 's\na.b\naxb\nab\nabb\n日本b\n\n');
    const hits = async (pattern: string) => (await readCsv(p).filter(col('s').like(pattern)).compute()).column('s').toArray();
    expect(await hits('a.b')).toEqual(['a.b']);
    expect(await hits('a_b')).toEqual(['a.b', 'axb', 'abb']);
    expect(await hits('a%b')).toEqual(['a.b', 'axb', 'ab', 'abb']);
    expect(await hits('__b')).toEqual(['a.b', 'axb', 'abb', '日本b']);
  });
});

describe('slice (LIMIT … OFFSET)', () => {
  const p = join(dir, 'slice.csv');
  writeFileSync(p, `i,v\n${Array.from({ length: 300 }, (_, i) => `${i},${(i * 37) % 101}`).join('\n')}\n`);
  test('rows offset … offset+length in file order, over many partitions; past the end is empty', async () => {
    for (const blocksize of [64, 1 << 20]) {
      const df = readCsvAnyBlocksize(p, { blocksize });
      expect((await df.slice(5, 3).compute()).column('i').toArray(), `blocksize ${blocksize}`).toEqual([5, 6, 7]);
      const big = Array.from({ length: 300 }, (_, i) => i).filter((i) => (i * 37) % 101 > 50);
      expect((await df.filter(col('v').gt(50)).slice(2, 2).compute()).column('i').toArray()).toEqual(big.slice(2, 4));
      expect((await df.slice(298).compute()).column('i').toArray()).toEqual([298, 299]);
      expect((await df.slice(400, 5).compute()).numRows).toBe(0);
    }
  });
  test('after a sort (top-k) and after a join (the operator graph)', async () => {
    const df = readCsvAnyBlocksize(p, { blocksize: 64 });
    const all = Array.from({ length: 300 }, (_, i) => ({ i, v: (i * 37) % 101 })).sort((a, b) => b.v - a.v || b.i - a.i);
    expect((await df.sort(['v', 'i'], { descending: true }).slice(1, 3).compute()).toRows()).toEqual(all.slice(1, 4));
    const keys = readCsv(p).filter(col('i').lt(10)).select('i');
    expect((await df.join(keys, { on: 'i' }).slice(7).compute()).column('i').toArray()).toEqual([7, 8, 9]);
    expect(() => df.slice(-1)).toThrow('slice() takes an offset from 0 (a lazy frame does not know its length); for the last rows use await df.tail(1)');
    expect(() => df.slice(1.5)).toThrow('slice() needs a non-negative integer number of rows, got 1.5');
  });
});

describe('typed rows', () => {
  test('compute<T>() types toRows()', async () => {
    const t = await df.select('name', 'age').compute<{ name: string | null; age: number | null }>();
    const rows = t.toRows();
    expectTypeOf(rows[0].age).toEqualTypeOf<number | null>();
    expect(rows[2]).toEqual({ name: 'Carl-Jr', age: 45 });
  });
});

describe('tail', () => {
  test('the last n rows in the frame\'s order, across partitions, after a filter and a sort; slice(-n) points at it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-tail-'));
    const path = join(dir, 't.csv');
    writeFileSync(path, `i,v\n${Array.from({ length: 5000 }, (_, i) => `${i},${(i * 7919) % 1000}`).join('\n')}\n`);
    const df = readCsvAnyBlocksize(path, { blocksize: 4096 });
    expect(df.npartitions).toBeGreaterThan(5);
    expect((await df.tail(3)).toRows()).toEqual([{ i: 4997, v: (4997 * 7919) % 1000 }, { i: 4998, v: (4998 * 7919) % 1000 }, { i: 4999, v: (4999 * 7919) % 1000 }]);
    expect((await df.filter(col('i').lt(10)).tail(2)).column('i').toArray()).toEqual([8, 9]);
    expect((await df.sort('v', { descending: true }).tail(1)).column('v').toArray()).toEqual([0]);
    expect((await df.tail(10_000)).numRows).toBe(5000);
    expect((await df.tail(0)).numRows).toBe(0);
    expect(() => df.slice(-2)).toThrow('slice() takes an offset from 0 (a lazy frame does not know its length); for the last rows use await df.tail(2)');
    await expect(df.tail(-1)).rejects.toThrow('tail() needs a non-negative integer number of rows, got -1');
  });
});
