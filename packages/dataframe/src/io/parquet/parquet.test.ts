/**
 * Parquet read and write: round trips through floe and through DuckDB (an independent reader
 * and writer), row-group pruning visible in explain(), types both ways, and bad input.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { col, fromRows, readCsv, readParquet } from '../../index.js';
import { DataFrame } from '../../api/dataframe.js';
import { optimize } from '../../optimizer/optimize.js';
import { buildOperatorGraph } from '../../physical/run-operator-graph.js';
import type { ScanNode } from '../../plan/logical-plan.js';
import { inferParquetSource, parquetFormat, readFooter, type ParquetPartition } from './parquet-source.js';
import { readParquetPartition } from './read-parquet.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-parquet-'));
let duck: DuckDBConnection;
const rowsOf = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjectsJS();

beforeAll(async () => {
  duck = await (await DuckDBInstance.create(':memory:')).connect();
  // 30 000 rows in row groups of 5 000, with nulls, µs timestamps, dates, strings, exact int64
  const select = `SELECT i::BIGINT AS id, (i % 7)::INTEGER AS g, CASE WHEN i % 11 = 0 THEN NULL ELSE (i * 0.25)::DOUBLE END AS x,
    CASE WHEN i % 13 = 0 THEN NULL ELSE 'k' || (i % 5) END AS s, i % 3 = 0 AS b,
    TIMESTAMP '2021-03-04 05:06:07' + INTERVAL (i) MINUTE + INTERVAL (i % 997) MICROSECOND AS t,
    DATE '2020-02-28' + (i % 500)::INTEGER AS d, 9007199254740993 + i AS big FROM range(30000) r(i)`;
  for (const codec of ['snappy', 'zstd']) {
    mkdirSync(join(dir, codec));
    await duck.run(`COPY (${select}) TO '${join(dir, codec, 'data.parquet')}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 5000)`);
  }
});
afterAll(() => duck?.closeSync());

describe('reading Parquet written by DuckDB', () => {
  for (const codec of ['snappy', 'zstd']) {
    test(`${codec}, several row groups: the same answers as DuckDB`, async () => {
      const path = join(dir, codec, 'data.parquet');
      const df = readParquet(path);
      expect({ ...df.dtypes }).toEqual({ id: 'int64', g: 'int64', x: 'float64', s: 'string', b: 'bool', t: 'timestamp', d: 'date', big: 'int64' });
      const got = await df.groupBy('g').agg(col('x').sum(), col('x').count().alias('nx'), col('s').count().alias('ns'), col('b').sum().alias('nb'), col('big').max().alias('big'), col('d').min().alias('d')).sort('g').compute();
      const want = await rowsOf(`SELECT g, sum(x) AS x, count(x) AS nx, count(s) AS ns, sum(b::INT) AS nb, max(big) AS big, min(d) AS d FROM '${path}' GROUP BY g ORDER BY g`);
      expect(got.toRows().map((r) => [r.g, r.x, r.nx, r.ns, r.nb, BigInt(r.big as bigint), (r.d as Date).toISOString().slice(0, 10)]))
        .toEqual(want.map((r) => [r.g, r.x, Number(r.nx), Number(r.ns), Number(r.nb), r.big, (r.d as Date).toISOString().slice(0, 10)]));
    });
  }
  test('every row as DuckDB reads it: row groups decoded into the arrays the previous one used, its nulls not showing the values before', async () => {
    // nulls of x and s fall on different rows in each of the six row groups
    const path = join(dir, 'snappy', 'data.parquet');
    const got = (await readParquet(path).select('id', 'x', 's', 'b', 'g').sort('id').compute()).toRows();
    const want = await rowsOf(`SELECT id, x, s, b, g FROM '${path}' ORDER BY id`);
    expect(got.length).toBe(30_000);
    expect(got.map((r) => [r.id, r.x, r.s, r.b, r.g])).toEqual(want.map((r) => [Number(r.id), r.x, r.s, r.b, r.g]));
    // batches as they stream, all held before any is read: none shows a later row group's values
    const batches = [];
    for await (const batch of readParquet(path).select('id', 'x', 's').toBatches()) batches.push(batch);
    const seen = batches.flatMap((b) => b.toArray().map((r) => [Number(r.id), r.x, r.s])).sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(seen).toEqual(want.map((r) => [Number(r.id), r.x, r.s]));
    // and a null's slot holds 0, as in a new array, not the value the previous row group had there
    const [planned] = parquetFormat.plan(inferParquetSource([path]), { blocksize: 1 << 30, columns: ['x'], parts: {}, predicate: null });
    let nulls = 0;
    await readParquetPartition((planned.input as unknown as { partition: ParquetPartition }).partition, (b) => {
      const x = b.columns.get('x')!;
      for (let i = 0; i < b.length; i++) if (x.valid![i] === 0) { nulls++; expect(x.values[i]).toBe(0); }
      return true;
    });
    expect(nulls).toBe(2728); // i % 11 = 0 for i < 30 000
  });

  test('large pages: wide dictionaries (5000 strings, 13-bit indices), runs of nulls, 200 000-row groups', async () => {
    const path = join(dir, 'wide.parquet');
    await duck.run(`COPY (SELECT (i % 5000)::INTEGER AS k, 'v' || (i * 7919 % 5000) AS s,
      CASE WHEN i % 1000 < 300 OR i % 17 = 0 THEN NULL ELSE i END AS n, (i % 3)::DOUBLE / 4 AS f FROM range(300000) r(i))
      TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 200000)`);
    const got = await readParquet(path).groupBy(col('k').mod(7).alias('m')).agg(col('s').nUnique().alias('ds'), col('n').sum().alias('n'), col('n').count().alias('nn'), col('f').sum().alias('f'), col('s').max().alias('smax')).sort('m').compute();
    const want = await rowsOf(`SELECT k % 7 AS m, count(DISTINCT s) AS ds, sum(n) AS n, count(n) AS nn, sum(f) AS f, max(s) AS smax FROM '${path}' GROUP BY m ORDER BY m`);
    expect(got.toRows().map((r) => [r.m, r.ds, r.n, r.nn, r.f, r.smax])).toEqual(want.map((r) => [r.m, Number(r.ds), Number(r.n), Number(r.nn), r.f, r.smax]));
  });

  test('unsigned integers: exact up to int64, and a UBIGINT past it is a located error (it read 2^64 − 1 as −1)', async () => {
    const path = join(dir, 'unsigned.parquet');
    await duck.run(`COPY (SELECT * FROM (VALUES (4294967295::UINTEGER, 9223372036854775807::UBIGINT, 255::UTINYINT), (1::UINTEGER, 5::UBIGINT, 1::UTINYINT)) t(a, b, c)) TO '${path}'`);
    expect((await readParquet(path).compute()).toRows()).toEqual([{ a: 4294967295, b: 9223372036854775807n, c: 255 }, { a: 1, b: 5, c: 1 }]);
    const past = join(dir, 'unsigned-past.parquet');
    await duck.run(`COPY (SELECT * FROM (VALUES (1::INTEGER, 18446744073709551615::UBIGINT)) t(a, b)) TO '${past}'`);
    await expect(readParquet(past).compute()).rejects.toThrow(`${past}: cannot read column "b" of row group 0 (rows 0–1): an unsigned 64-bit value past int64's range (18446744073709551615), which floe's int64 cannot hold`);
    expect((await readParquet(past).select('a').compute()).toRows()).toEqual([{ a: 1 }]);
  });
  test('PARQUET_VERSION V2 (delta-encoded INT32): UINTEGER values of 2^31 and more are exact (the first value lost its 33rd bit: every value 2^31 off)', async () => {
    const path = join(dir, 'v2-uint.parquet');
    await duck.run(`COPY (SELECT (4294967295 - i * 3)::UINTEGER AS u, (i * 7 - 3000)::INTEGER AS s FROM range(5000) r(i)) TO '${path}' (FORMAT parquet, PARQUET_VERSION V2)`);
    const got = await readParquet(path).agg(col('u').sum().alias('u'), col('u').max().alias('umax'), col('s').sum().alias('s'), col('s').min().alias('smin')).compute();
    const [want] = await rowsOf(`SELECT sum(u) AS u, max(u) AS umax, sum(s) AS s, min(s) AS smin FROM '${path}'`);
    expect(got.toRows()).toEqual([{ u: Number(want.u), umax: Number(want.umax), s: Number(want.s), smin: want.smin }]);
    expect(await readParquet(path).filter(col('u').gt(4294967000)).count()).toBe(99);
  });

  test('a column is read with its own schema, not that of a nested field of the same name', async () => {
    const path = join(dir, 'shadow.parquet');
    await duck.run(`COPY (SELECT (4294967295 - i)::UINTEGER AS x, {'x': i::INTEGER, 't': 'a'} AS st FROM range(5) r(i)) TO '${path}' (FORMAT parquet)`);
    expect((await readParquet(path, { columns: ['x'] }).compute()).toRows().map((r) => r.x)).toEqual([4294967295, 4294967294, 4294967293, 4294967292, 4294967291]);
    const typed = join(dir, 'shadow-typed.parquet');
    await duck.run(`COPY (SELECT i::BIGINT AS x, {'x': 'v' || i} AS st FROM range(3) r(i)) TO '${typed}' (FORMAT parquet)`);
    expect((await readParquet(typed, { columns: ['x'] }).compute()).toRows()).toEqual([{ x: 0 }, { x: 1 }, { x: 2 }]);
  });

  test('a binary (BLOB) column is refused when its bytes are not UTF-8 (distinct values read as one "\uFFFD")', async () => {
    const path = join(dir, 'blob.parquet');
    await duck.run(`COPY (SELECT CASE WHEN i % 3 = 0 THEN '\\x80'::BLOB ELSE '\\x81'::BLOB END AS bl, i AS n FROM range(10) r(i)) TO '${path}' (FORMAT parquet)`);
    await expect(readParquet(path).groupBy('bl').count().compute()).rejects.toThrow(`${path}: cannot read column "bl" of row group 0 (rows 0–10): a value that is not UTF-8 text (bytes 8`);
    expect((await readParquet(path, { columns: ['n'] }).agg(col('n').sum()).compute()).toRows()).toEqual([{ n: 45 }]);
  });

  test('nanosecond timestamps floor to the microsecond they fall in (a division rounded .123456789 to .123457, and 1969-12-31 23:59:59.999999999 into 1970)', async () => {
    const path = join(dir, 'ns.parquet');
    await duck.run(`COPY (SELECT * FROM (VALUES ('1969-12-31 23:59:59.999999999'::TIMESTAMP_NS), ('2024-01-01 00:00:00.123456789'::TIMESTAMP_NS), ('1965-06-01 00:00:00.000000001'::TIMESTAMP_NS)) t(t)) TO '${path}'`);
    const t = await readParquet(path).withColumns(col('t').dt.year().alias('y')).compute();
    // (DuckDB's own cast to microseconds truncates toward zero: the first would be 1970-01-01 00:00:00, another year)
    expect(t.toString()).toContain('1969-12-31 23:59:59.999999');
    expect(t.toString()).toContain('2024-01-01 00:00:00.123456 ');
    expect(t.toString()).toContain('1965-06-01 00:00:00 ');
    expect(t.column('y').toArray()).toEqual([1969, 2024, 1965]);
  });
  test('timestamps keep their microseconds', async () => {
    const path = join(dir, 'zstd', 'data.parquet');
    const t = await readParquet(path).filter(col('id').eq(1234)).select('t').compute();
    const [want] = await rowsOf(`SELECT epoch_us(t) AS us FROM '${path}' WHERE id = 1234`);
    expect(BigInt(Math.round((t.columns[0].values[0] as number) * 1000))).toBe(want.us);
  });

  test('a timestamp far from 1970 keeps its year and second (9999-12-31 23:59:59.999999 read as 10000-01-01)', async () => {
    const path = join(dir, 'forever.parquet');
    await duck.run(`COPY (SELECT * FROM (VALUES (TIMESTAMP '9999-12-31 23:59:59.999999'), (TIMESTAMP '1600-01-01 00:00:00.999999')) v(t)) TO '${path}'`);
    const got = await readParquet(path).select(col('t').dt.year().alias('y'), col('t').dt.second().alias('s')).compute();
    expect(got.toRows()).toEqual([{ y: 9999, s: 59 }, { y: 1600, s: 0 }]);
  });
  test('a filter on a sorted column skips row groups, visibly, with the same answer', async () => {
    const path = join(dir, 'snappy', 'data.parquet');
    const q = readParquet(path).filter(col('id').gte(26000)).select('id', 'x');
    const [, pruned, groups] = /(\d+) of (\d+) row group\(s\) pruned by min\/max statistics/.exec(q.explain())!.map(Number);
    // the last of several row groups holds every id ≥ 26000 (of 30000)
    expect(groups).toBeGreaterThan(2);
    expect(pruned).toBe(groups - 1);
    const got = await q.agg(col('id').count().alias('n'), col('x').sum()).compute();
    const [want] = await rowsOf(`SELECT count(id) AS n, sum(x) AS x FROM '${path}' WHERE id >= 26000`);
    expect(got.toRows()).toEqual([{ n: Number(want.n), x: want.x }]);
    // nothing can match: every row group pruned, an empty answer
    expect((await readParquet(path).filter(col('id').lt(0)).compute()).numRows).toBe(0);
  });
  test('a projection reads fewer bytes', () => {
    const path = join(dir, 'snappy', 'data.parquet');
    const bytesOf = (text: string) => Number(/reads (\d+) of/.exec(text)![1]);
    expect(bytesOf(readParquet(path).select('g').explain())).toBeLessThan(bytesOf(readParquet(path).explain()) / 5);
  });
});

describe('writing Parquet', () => {
  const csv = join(dir, 'in.csv');
  writeFileSync(csv, 'id,name,x,ok,t,day\n1,ann,1.5,true,2024-01-02T03:04:05.123Z,2024-01-02\n2,,2.5,false,,2024-02-03\n9007199254740993,bob,,true,2024-03-04T00:00:00Z,\n4,ann,-1,,2024-03-05T00:00:00Z,2024-03-05\n');
  const df = readCsv(csv, { parseDates: ['t'], dtypes: { day: 'date' } });

  test('CSV → Parquet → floe equals the CSV answer, types and nulls kept', async () => {
    const out = join(dir, 'lake1');
    const w = await df.writeParquet(out);
    expect(w.rows).toBe(4);
    const back = readParquet(out);
    expect({ ...back.dtypes }).toEqual({ ...df.dtypes });
    expect((await back.compute()).toRows()).toEqual((await df.compute()).toRows());
  });
  test('-0.0 and 0.0 stay apart (a dictionary-encoded column wrote every one as the first met)', async () => {
    const zeros = fromRows(Array.from({ length: 20 }, (_, i) => ({ id: i, x: i === 0 ? 0.5 : i % 2 === 1 ? -0 : 0 })));
    const out = join(dir, 'zeros');
    await zeros.writeParquet(out);
    const back = (await readParquet(out).compute()).toRows();
    expect(back.map((r) => Object.is(r.x, -0))).toEqual(Array.from({ length: 20 }, (_, i) => i % 2 === 1));
    const duck = await rowsOf(`SELECT count(*) FILTER (WHERE 1 / x < 0) AS neg FROM '${out}/*.parquet'`);
    expect(Number(duck[0].neg)).toBe(10);
  });
  test('DuckDB reads floe-written Parquet with the same answers', async () => {
    const out = join(dir, 'lake2');
    await df.writeParquet(out);
    const rows = await rowsOf(`SELECT id, name, x, ok, epoch_ms(t) AS t, day::VARCHAR AS day FROM '${out}/*.parquet' ORDER BY id`);
    expect(rows).toEqual([
      { id: 1n, name: 'ann', x: 1.5, ok: true, t: 1704164645123n, day: '2024-01-02' },
      { id: 2n, name: null, x: 2.5, ok: false, t: null, day: '2024-02-03' },
      { id: 4n, name: 'ann', x: -1, ok: null, t: 1709596800000n, day: '2024-03-05' },
      { id: 9007199254740993n, name: 'bob', x: null, ok: true, t: 1709510400000n, day: null },
    ]);
    // naive timestamps, as floe shows them: TIMESTAMP, not TIMESTAMPTZ (shown shifted to the
    // session's zone, '…+00' in UTC's)
    const t = await rowsOf(`SELECT typeof(t) AS type, t::VARCHAR AS t FROM '${out}/*.parquet' WHERE id = 1`);
    expect(t).toEqual([{ type: 'TIMESTAMP', t: '2024-01-02 03:04:05.123' }]);
  });
  test('one file per partition; stale parts of an earlier write are removed', async () => {
    const out = join(dir, 'lake3');
    const many = fromRows(Array.from({ length: 3000 }, (_, i) => ({ i, s: `v${i % 10}` })), { blocksize: 8192 });
    const first = await many.writeParquet(out);
    expect(first.files.length).toBe(many.npartitions);
    expect(first.files.length).toBeGreaterThan(2);
    writeFileSync(join(out, 'notes.txt'), 'kept');
    await fromRows([{ i: 1, s: 'x' }]).writeParquet(out);
    expect(readdirSync(out).sort()).toEqual(['notes.txt', 'part-00000.parquet']);
    expect((await readParquet(out).compute()).toRows()).toEqual([{ i: 1, s: 'x' }]);
  });
});

describe('footers', () => {
  test('a thread parses a footer once while its bytes stay the same; a file rewritten in place is parsed again', async () => {
    const path = join(dir, 'rewritten.parquet');
    await duck.run(`COPY (SELECT i AS a FROM range(10) r(i)) TO '${path}' (FORMAT parquet)`);
    const first = readFooter(path).meta;
    expect(readFooter(path).meta).toBe(first);
    expect((await readParquet(path).agg(col('a').sum()).compute()).toRows()).toEqual([{ a: 45 }]);
    // rewritten: its statistics, and so its footer's bytes, differ
    await duck.run(`COPY (SELECT i + 1 AS a FROM range(10) r(i)) TO '${path}' (FORMAT parquet)`);
    const second = readFooter(path).meta;
    expect(second).not.toBe(first);
    expect((await readParquet(path).agg(col('a').sum()).compute()).toRows()).toEqual([{ a: 55 }]);
  });
});

describe('partitions carry their chunks', () => {
  test("a task reads exactly the chunks its plan names (the worker never reads the footer): bytes as planned, rows and values as DuckDB's", async () => {
    const path = join(dir, 'chunks.parquet');
    await duck.run(`COPY (SELECT i AS a, i * 2 AS b, 'x' || (i % 7) AS s FROM range(50000) r(i)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 4096)`);
    const source = inferParquetSource([path]);
    const planned = parquetFormat.plan(source, { blocksize: 64 * 1024, columns: ['b', 's'], parts: {}, predicate: null });
    expect(planned.length).toBeGreaterThan(1);
    let rows = 0;
    let sumB = 0;
    for (const p of planned) {
      const partition = (p.input as unknown as { partition: ParquetPartition }).partition;
      expect(partition.groups.every((g) => g.chunks.length === 2 && g.chunks.every((c) => c !== null && c.codec === 'SNAPPY'))).toBe(true);
      const read = await readParquetPartition(partition, (b) => {
        expect([...b.columns.keys()]).toEqual(['b', 's']);
        const col = b.columns.get('b')!;
        for (let i = 0; i < b.length; i++) sumB += col.values[i] as number;
        return true;
      });
      expect(read.bytes).toBe(p.bytes);
      rows += read.rows;
    }
    const [want] = await rowsOf(`SELECT count(*) AS n, sum(b) AS b FROM '${path}'`);
    expect(rows).toBe(Number(want.n));
    expect(sumB).toBe(Number(want.b));
    const [chunks] = await rowsOf(`SELECT sum(total_compressed_size) AS bytes FROM parquet_metadata('${path}') WHERE path_in_schema IN ('b', 's')`);
    expect(planned.reduce((n, p) => n + p.bytes, 0)).toBe(Number(chunks.bytes));
  });

  test('a file rewritten after readParquet planned it is an error naming it, never rows read at the old places', async () => {
    const path = join(dir, 'rewritten-later.parquet');
    await duck.run(`COPY (SELECT i AS a FROM range(1000) r(i)) TO '${path}' (FORMAT parquet)`);
    const df = readParquet(path);
    await duck.run(`COPY (SELECT i * 2 AS a, i AS b FROM range(5000) r(i)) TO '${path}' (FORMAT parquet)`);
    await expect(df.agg(col('a').sum()).compute()).rejects.toThrow(`${path} changed while the query ran`);
    expect((await readParquet(path).agg(col('a').sum()).compute()).toRows()).toEqual([{ a: 24_995_000 }]);
  });

  test('at the default blocksize a scan is cut in a partition count the workers divide (one more, smaller); a blocksize the user gave is kept', async () => {
    const path = join(dir, 'groups.parquet');
    // 25 row groups of unequal sizes (each group's strings longer than the last's)
    await duck.run(`COPY (SELECT i AS a, repeat('x', (i // 1000) + 1) AS s FROM range(25000) r(i)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
    const bytes = parquetFormat.plan(inferParquetSource([path]), { blocksize: 1 << 30, columns: null, parts: {}, predicate: null })[0].bytes;
    const tasks = (df: DataFrame, concurrency: number): string => buildOperatorGraph(optimize(df.filter(col('a').gt(0)).plan), { memoryLimit: '256MB' }, { concurrency }, null).builder.stages.at(-1)!;
    // a blocksize as the default might be, cutting the file in a count neither 2 nor 3 divides (5 or 7)
    const count = (blocksize: number) => parquetFormat.plan(inferParquetSource([path]), { blocksize, columns: null, parts: {}, predicate: null }).length;
    const blocksize = [4, 5, 6, 7, 8].map((k) => Math.ceil(bytes / k)).find((b) => count(b) % 2 === 1 && count(b) % 3 !== 0)!;
    const n = count(blocksize);
    expect([5, 7]).toContain(n);
    const auto = new DataFrame({ ...(readParquet(path).plan as ScanNode), blocksize });
    expect(tasks(auto, 1)).toBe(`collect: ${n} task(s) → gather (concat)`);
    expect(tasks(auto, 2)).toBe(`collect: ${n + 1} task(s) → gather (concat)`);
    expect(tasks(auto, 3)).toBe(`collect: ${Math.ceil(n / 3) * 3} task(s) → gather (concat)`);
    expect(tasks(readParquet(path, { blocksize }), 2)).toBe(`collect: ${n} task(s) → gather (concat)`);
  });
});

describe('decimal columns', () => {
  // every physical width DuckDB writes (INT32 ≤ 9 digits, INT64 ≤ 18, 16 bytes beyond), with
  // negatives, nulls and dictionary pages; a value of 38 digits; scales 0 to 30
  const select = `SELECT ((i * 7 - 5000) / 10)::DECIMAL(4,1) AS d4, ((i - 1000) * 1.25)::DECIMAL(9,2) AS d9,
    CASE WHEN i % 9 = 0 THEN NULL ELSE ((i - 1000) * 123456789.001)::DECIMAL(18,3) END AS d18,
    ((i - 1000)::DECIMAL(38,0) * 10000000000000000000000000::DECIMAL(38,0) + i)::DECIMAL(38,0) AS d38,
    ((i % 3) * 0.000000000000000000000000000001 - 0.000000000000000000000000000001)::DECIMAL(31,30) AS tiny,
    (i % 4 * 0.01 + 0.1)::DECIMAL(5,2) AS price FROM range(2000) r(i)`;

  test('are read as the doubles nearest them (as their digits in a CSV file), in every width, compressed and not', async () => {
    for (const codec of ['snappy', 'uncompressed']) {
      const path = join(dir, `decimals-${codec}.parquet`);
      await duck.run(`COPY (${select}) TO '${path}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 500)`);
      const df = readParquet(path);
      expect(df.schema.map((f) => f.dtype)).toEqual(['float64', 'float64', 'float64', 'float64', 'float64', 'float64']);
      // the double nearest each decimal is Number() of its digits (DuckDB's own ::DOUBLE is not,
      // past 22 digits of scale: 1e-30 came out as 9.999999999999999e-31)
      const text = await rowsOf(`SELECT d4::VARCHAR AS d4, d9::VARCHAR AS d9, d18::VARCHAR AS d18, d38::VARCHAR AS d38, tiny::VARCHAR AS tiny, price::VARCHAR AS price FROM '${path}'`);
      const want = text.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : Number(v)])));
      const got = (await df.compute()).toRows();
      expect(got).toEqual(want);
      expect(got.filter((r) => r.d18 === null)).toHaveLength(223);
      // the doubles nearest the decimals: 0.11 is 0.11, not 11 × 0.01 (0.11000000000000001)
      expect(got.slice(0, 4).map((r) => r.price)).toEqual([0.1, 0.11, 0.12, 0.13]);
      expect(got[1].d18).toBe(-123333332211.999);
    }
  });

  test('a filter prunes row groups by their statistics, never one whose bounds are a unit in the last place off', async () => {
    const path = join(dir, 'decimals-pruned.parquet');
    await duck.run(`COPY (SELECT (i * 0.01)::DECIMAL(9,2) AS price FROM range(20000) r(i)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    const df = readParquet(path).filter(col('price').lt(100));
    expect((await df.compute()).numRows).toBe(10_000);
    expect(df.explain()).toContain(', 5 of 10 row group(s) pruned by min/max statistics');
    expect((await readParquet(path).filter(col('price').gt(150)).compute()).numRows).toBe(4999);
    // every row group's bounds, each as a filter's value: 0.29 × … scaled by 10^−2 may miss the
    // double 0.29 is read as by an ulp; the group that holds it must still be read
    for (const g of [1, 3, 7]) {
      const [lo, hi] = [g * 2048 / 100, (g * 2048 + 2047) / 100];
      expect((await readParquet(path).filter(col('price').eq(lo)).compute()).numRows, `price = ${lo}`).toBe(1);
      expect((await readParquet(path).filter(col('price').eq(hi)).compute()).numRows, `price = ${hi}`).toBe(1);
      expect((await readParquet(path).filter(col('price').lte(lo)).compute()).numRows).toBe(g * 2048 + 1);
      expect((await readParquet(path).filter(col('price').gte(hi)).compute()).numRows).toBe(20_000 - g * 2048 - 2047);
    }
  });
});

describe('decimal columns with the logical type alone', () => {
  test('their unscaled statistics are scaled before pruning (d < 5 pruned every row group of values 1 … 3)', async () => {
    for (const type of ['INT32', 'INT64'] as const) {
      const path = join(dir, `logical-decimal-${type}.parquet`);
      const schema = [{ name: 'root', num_children: 1 }, { name: 'd', type, repetition_type: 'OPTIONAL' as const, logical_type: { type: 'DECIMAL' as const, precision: 9, scale: 2 } }];
      const data = type === 'INT32' ? [100, 150, null, 300] : [100n, 150n, null, 300n];
      writeFileSync(path, new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'd', data }], schema })));
      expect((await readParquet(path).compute()).column('d').toArray(), type).toEqual([1, 1.5, null, 3]);
      expect((await readParquet(path).filter(col('d').lt(5)).compute()).numRows, type).toBe(3);
      expect((await readParquet(path).filter(col('d').gt(2.5)).compute()).numRows, type).toBe(1);
      expect((await readParquet(path).filter(col('d').gt(3)).compute()).numRows, type).toBe(0);
    }
  });
});

describe('bad input', () => {
  test('nested columns are refused, naming the column and type', async () => {
    const path = join(dir, 'nested.parquet');
    await duck.run(`COPY (SELECT [1, 2] AS xs, 1 AS ok) TO '${path}' (FORMAT parquet)`);
    expect(() => readParquet(path)).toThrow(`${path}: column "xs" is a nested LIST column`);
    expect((await readParquet(path, { columns: ['ok'] }).compute()).toRows()).toEqual([{ ok: 1 }]);
  });
  test('a truncated or non-Parquet file is a located error', () => {
    const good = readFileSync(join(dir, 'snappy', 'data.parquet'));
    const cut = join(dir, 'cut.parquet');
    writeFileSync(cut, good.subarray(0, good.length - 100));
    expect(() => readParquet(cut)).toThrow(`${cut}: not a Parquet file, or cut short`);
    const text = join(dir, 'text.parquet');
    writeFileSync(text, 'a,b\n1,2\n');
    expect(() => readParquet(text)).toThrow(`${text}: not a Parquet file (8 bytes`);
    expect(() => readParquet(join(dir, 'nope', '*.parquet'))).toThrow('readParquet: the pattern');
  });
  test('a damaged page inside the file is an error naming the file, column and row group', async () => {
    const good = readFileSync(join(dir, 'snappy', 'data.parquet'));
    const bad = join(dir, 'damaged.parquet');
    const bytes = Buffer.from(good);
    bytes.fill(0xff, 4, 2004); // the first pages of the first column chunk
    writeFileSync(bad, bytes);
    await expect(readParquet(bad).compute()).rejects.toThrow(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read column "id" of row group 0 \\(rows 0–\\d+\\): `));
  });
});
