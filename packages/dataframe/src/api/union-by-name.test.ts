import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { col, readCsv } from '../index.js';
import { widerType } from './union-by-name.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-union-by-name-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('readCsv(files, { unionByName: true })', () => {
  const f1 = file('1.csv', 'a,b\n1,x\n2,y\n');
  const f2 = file('2.csv', 'b,a,c\nz,3.5,2020-01-01\n');
  const f3 = file('3.csv', 'c,a\n2021-02-03 04:05:06,4\n');
  const f4 = file('4.csv', 'a,b\n5,w\n');

  test('columns in any order and set: every name in first-seen order, null where a file lacks one, types widened', async () => {
    const df = readCsv([f1, f2, f3, f4], { unionByName: true, parseDates: true });
    expect({ ...df.dtypes }).toEqual({ a: 'float64', b: 'string', c: 'timestamp' });
    const rows = (await df.compute()).toRows().map((r): Record<string, unknown> => ({ ...r, c: r.c instanceof Date ? r.c.toISOString() : r.c }));
    expect(rows.sort((p, q) => Number(p.a) - Number(q.a))).toEqual([
      { a: 1, b: 'x', c: null },
      { a: 2, b: 'y', c: null },
      { a: 3.5, b: 'z', c: '2020-01-01T00:00:00.000Z' },
      { a: 4, b: null, c: '2021-02-03T04:05:06.000Z' },
      { a: 5, b: 'w', c: null },
    ]);
    const sums = (await df.groupBy('b').withOptions({ keepNullKeys: true }).agg(col('a').sum(), col('*').count()).compute()).toRows();
    expect(sums).toEqual([{ b: 'w', a: 5, count: 1 }, { b: 'x', a: 1, count: 1 }, { b: 'y', a: 2, count: 1 }, { b: 'z', a: 3.5, count: 1 }, { b: null, a: 4, count: 1 }]);
  });

  test('files with one header are one scan; without the option different headers stay an error naming both', () => {
    const same = readCsv([f1, f4], { unionByName: true });
    expect(same.plan.kind).toBe('scan');
    expect(() => readCsv([f1, f2])).toThrow(`readCsv: files have different headers: ${f1} has [a, b] but ${f2} has [b, a, c]`);
    expect(() => readCsv([f1, f2], { unionByName: 'yes' as never })).toThrow('readCsv: unionByName must be true or false, got "yes"');
  });

  test('a column made text keeps each file\'s text ("007", "1.50"), not the number read from it', async () => {
    const a = file('t1.csv', 'id,v\n007,1\n1.50,2\n');
    const b = file('t2.csv', 'id,v\nabc,3\n');
    const df = readCsv([a, b], { unionByName: true });
    expect({ ...df.dtypes }).toEqual({ id: 'string', v: 'int64' });
    expect((await df.sort('v').compute()).toRows().map((r) => r.id)).toEqual(['007', '1.50', 'abc']);
  });

  test('a header-only file, or a column empty in one file, has no type there: the other files\' types hold', async () => {
    const d = mkdtempSync(join(dir, 'empty-'));
    writeFileSync(join(d, 'f1.csv'), 'a,b\n1,x\n20,y\n');
    writeFileSync(join(d, 'f2.csv'), 'b,a,c\nz,3,1.5\n');
    writeFileSync(join(d, 'f3.csv'), 'a,b\n');
    writeFileSync(join(d, 'f4.csv'), 'a,c,w\n10,,\n');
    writeFileSync(join(d, 'f5.csv'), 'w,a\n5,2\n');
    const df = readCsv(d, { unionByName: true });
    expect({ ...df.dtypes }).toEqual({ a: 'int64', b: 'string', c: 'float64', w: 'int64' });
    expect((await df.sort('a').compute()).toRows().map((r) => r.a)).toEqual([1, 2, 3, 10, 20]);
    expect((await df.agg(col('a').sum(), col('w').sum(), col('c').sum()).compute()).toRows()).toEqual([{ a: 36, w: 5, c: 1.5 }]);
    // a column empty in every file stays text
    const e = file('e1.csv', 'k,z\n1,\n');
    expect({ ...readCsv([e, file('e2.csv', 'z,k\n,2\n')], { unionByName: true }).dtypes }).toEqual({ k: 'int64', z: 'string' });
  });

  test('a value deep in a file that contradicts the type the other files gave is a type error of an inferred type, not of the caller\'s dtypes', async () => {
    const a = file('o1.csv', 'k,c\n1,5\n');
    const rows = Array.from({ length: 4000 }, (_, i) => `${i},`);
    rows[2000] = '2000,hello';
    const b = file('o2.csv', `k,c\n${rows.join('\n')}\n`);
    const df = readCsv([a, b], { unionByName: true, sampleSize: '1KB' });
    expect(df.dtypes.c).toBe('int64');
    expect(df.typeNotes.c).toBe('typed int64 by the other files read with unionByName');
    await expect(df.agg(col('c').sum()).compute()).rejects.toThrow(/column "c": value does not match the column's type int64 \(inferred from the sampled rows\)/);
  });

  test('files of different dialects read together: a trailing delimiter, a semicolon; without the option the error names the dialect', async () => {
    const plain = file('d1.csv', 'a,b\n3,4\n');
    const trailing = file('d2.csv', 'a,b,\n7,8,\n');
    const semi = file('d3.csv', 'a;b\n1;2\n');
    expect(() => readCsv([plain, semi])).toThrow(`but ${semi} has [a;b] (its delimiter looks like ";", ${plain}'s is ","); unionByName: true`);
    expect(() => readCsv([plain, trailing])).toThrow(`but ${trailing} has [a, b, ] (its lines end with a delimiter); unionByName: true`);
    for (const order of [[plain, trailing, semi], [semi, trailing, plain]]) {
      const df = readCsv(order, { unionByName: true });
      expect((await df.agg(col('a').sum(), col('b').sum()).compute()).toRows()).toEqual([{ a: 11, b: 14 }]);
    }
  });

  test('the wider type of two', () => {
    expect(widerType('int64', 'float64')).toBe('float64');
    expect(widerType('date', 'timestamp')).toBe('timestamp');
    expect(widerType('int64', 'bool')).toBe('string');
    expect(widerType('bool', 'bool')).toBe('bool');
  });
});
