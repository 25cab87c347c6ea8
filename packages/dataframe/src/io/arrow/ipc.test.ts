/** Arrow IPC: writeIpc → readIpc round trips, files written by apache-arrow directly, projection, bad input. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Decimal, makeData, makeVector, MessageReader, Table as ArrowTable, tableFromIPC, tableToIPC, TimestampMicrosecond, Uint64, vectorFromArray, Utf8 } from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { col, fromArrow, fromColumns, readCsv, readIpc } from '../../index.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-ipc-'));

describe('Arrow IPC', () => {
  test('CSV → writeIpc → readIpc equals the CSV answer', async () => {
    const csv = join(dir, 'in.csv');
    writeFileSync(csv, 'id,name,x,ok,t,day\n1,ann,1.5,true,2024-01-02T03:04:05.123Z,2024-01-02\n2,,2.5,false,,2024-02-03\n9007199254740993,bob,,true,2024-03-04T00:00:00Z,\n');
    const df = readCsv(csv, { parseDates: ['t'], dtypes: { day: 'date' } });
    const w = await df.writeIpc(join(dir, 'cache'));
    expect(w.files).toEqual([join(dir, 'cache', 'part-00000.arrow')]);
    const back = readIpc(join(dir, 'cache'));
    expect({ ...back.dtypes }).toEqual({ ...df.dtypes });
    expect((await back.compute()).toRows()).toEqual((await df.compute()).toRows());
    expect((await back.select('name').compute()).toRows()).toEqual([{ name: 'ann' }, { name: null }, { name: 'bob' }]);
  });
  test('several partitions, stream and file format from apache-arrow, microseconds kept', async () => {
    const out = join(dir, 'many');
    const n = 5000;
    await fromColumns({ g: Array.from({ length: n }, (_, i) => `g${i % 3}`), v: Array.from({ length: n }, (_, i) => i) }, { blocksize: 8000 }).writeIpc(out);
    const t = await readIpc(`${out}/*.arrow`).groupBy('g').agg(col('v').sum()).sort('g').compute();
    expect(t.toRows()).toEqual([0, 1, 2].map((k) => ({ g: `g${k}`, v: Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 === k).reduce((a, b) => a + b, 0) })));
    const us = makeVector(makeData({ type: new TimestampMicrosecond(), length: 2, nullCount: 0, data: BigInt64Array.of(1_700_000_000_123_456n, 7n) }));
    const table = new ArrowTable({ t: us, s: vectorFromArray(['a', 'b'], new Utf8()) });
    writeFileSync(join(dir, 'f.arrow'), tableToIPC(table, 'file'));
    const got = await readIpc(join(dir, 'f.arrow')).compute();
    expect(got.columns[0].values[0]).toBe(1_700_000_000_123.456);
    expect(got.columns[0].values[1]).toBe(0.007);
    // floe writes µs back
    await readIpc(join(dir, 'f.arrow')).writeIpc(join(dir, 'f2'));
    expect((await readIpc(join(dir, 'f2')).compute()).columns[0].values[0]).toBe(1_700_000_000_123.456);
  });
  test('a part of several batches whose string dictionaries differ keeps every row (the stream stopped at the second: 32 768 of 50 000)', async () => {
    const n = 100_000;
    const out = join(dir, 'dicts');
    const w = await fromColumns({ a: Array.from({ length: n }, (_, i) => `s${i % 70_000}`), v: Array.from({ length: n }, (_, i) => i) }, { blocksize: 2_000_000 }).writeIpc(out);
    expect(w.rows).toBe(n);
    const back = await readIpc(out).agg(col('v').count().alias('n'), col('v').sum().alias('s'), col('a').nUnique().alias('u')).compute();
    expect(back.toRows()).toEqual([{ n, s: (n * (n - 1)) / 2, u: 70_000 }]);
    // apache-arrow reads the same rows back
    expect(w.files.reduce((rows, f) => rows + tableFromIPC(readFileSync(f)).numRows, 0)).toBe(n);
    const firstOf = (await readIpc(out).filter(col('v').eq(70_001)).compute()).toRows();
    expect(firstOf).toEqual([{ a: 's1', v: 70_001 }]);
  });
  test('a part read from CSV in many batches (a dictionary growing batch by batch) writes each string column\'s dictionary once', async () => {
    const csv = join(dir, 'ids.csv');
    const n = 120_000;
    writeFileSync(csv, `id,v\n${Array.from({ length: n }, (_, i) => `id${String((i * 7919) % 50_000).padStart(6, '0')},${i}`).join('\n')}\n`);
    const out = join(dir, 'ids');
    const w = await readCsv(csv, { blocksize: '64MB' }).writeIpc(out);
    expect(w.files).toHaveLength(1);
    const bytes = readFileSync(w.files[0]);
    const dictionaryMessages = [...new MessageReader(bytes)].filter((m) => m.isDictionaryBatch()).length;
    expect(dictionaryMessages).toBe(1);
    const t = tableFromIPC(bytes);
    expect(t.batches.length).toBeGreaterThan(1);
    expect(t.numRows).toBe(n);
    const ids = t.getChild('id')!;
    expect([ids.get(0), ids.get(n - 1)]).toEqual(['id000000', `id${String(((n - 1) * 7919) % 50_000).padStart(6, '0')}`]);
    // the strings once (~450 KB) and the codes and values (~1.4 MB), not the dictionary per batch
    expect(bytes.length).toBeLessThan(2_500_000);
  });
  test('a Uint64 past int64 is an error naming the column (it became −1); within int64 it is exact', async () => {
    const u64 = (xs: bigint[]) => new ArrowTable({ u: makeVector(makeData({ type: new Uint64(), length: xs.length, nullCount: 0, data: BigUint64Array.from(xs) })) });
    expect((await fromArrow(u64([5n, 9223372036854775807n])).compute()).toRows()).toEqual([{ u: 5 }, { u: 9223372036854775807n }]);
    expect(() => fromArrow(u64([5n, 18446744073709551615n]))).toThrow(`column "u" holds an unsigned 64-bit value past int64's range (18446744073709551615), which floe's int64 cannot hold; cast it to a float first`);
  });
  test('Decimal128 and Decimal256 columns are float64, each value the double nearest it (negatives, nulls, 38 digits, a slice)', async () => {
    // unscaled values as little-endian 32-bit words, two's complement
    const words = (xs: (bigint | null)[], stride: number): Uint32Array => {
      const out = new Uint32Array(xs.length * stride);
      xs.forEach((x, i) => {
        let u = BigInt.asUintN(32 * stride, x ?? 0n);
        for (let w = 0; w < stride; w++) { out[i * stride + w] = Number(u & 0xffffffffn); u >>= 32n; }
      });
      return out;
    };
    const unscaled = [1025n, -1025n, null, 12345678901234567890123456789012345678n, -1n, 0n];
    const mask = Uint8Array.of(0b111011);
    const column = (bitWidth: number) => makeVector(makeData({ type: new Decimal(2, 38, bitWidth), length: 6, nullCount: 1, nullBitmap: mask, data: words(unscaled, bitWidth / 32) }));
    const table = new ArrowTable({ d128: column(128), d256: column(256) });
    const path = join(dir, 'decimals.arrow');
    writeFileSync(path, tableToIPC(table, 'file'));
    const df = readIpc(path);
    expect({ ...df.dtypes }).toEqual({ d128: 'float64', d256: 'float64' });
    const want = [10.25, -10.25, null, Number('123456789012345678901234567890123456.78'), -0.01, 0];
    const got = (await df.compute()).toRows();
    expect(got.map((r) => r.d128)).toEqual(want);
    expect(got.map((r) => r.d256)).toEqual(want);
    // a slice of the vector (arrow-js keeps its offset)
    expect((await fromArrow(table.slice(1, 4)).compute()).toRows().map((r) => r.d128)).toEqual(want.slice(1, 4));
  });
  test('a file that is not Arrow IPC is a located error', () => {
    const bad = join(dir, 'bad.arrow');
    writeFileSync(bad, 'a,b\n1,2\n');
    expect(() => readIpc(bad)).toThrow(`readIpc: ${bad} is not an Arrow IPC file`);
  });
  test('a stream cut short names the file and the rows read before it (apache-arrow\'s message named neither)', async () => {
    const out = join(dir, 'cut');
    const w = await fromColumns({ v: Array.from({ length: 3000 }, (_, i) => i) }, { blocksize: 1 << 20 }).writeIpc(out);
    const whole = readFileSync(w.files[0]);
    const cut = join(dir, 'cut.arrows');
    writeFileSync(cut, whole.subarray(0, whole.length - 40));
    await expect(readIpc(cut).compute()).rejects.toThrow(new RegExp(`^${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: corrupt or cut short Arrow IPC file after \\d+ rows`));
  });
  test("Polars' default IPC file: Utf8View and categorical (Dictionary<Uint32, Utf8View>) columns are strings; columns skips its Time64 column", async () => {
    const pl = fileURLToPath(new URL('../../../../../fixtures/ipc/polars-utf8view.arrow', import.meta.url));
    expect(() => readIpc(pl)).toThrow(`readIpc: ${pl}: column "t" has Arrow type Time64<NANOSECOND>, which floe does not read`);
    const df = readIpc(pl, { columns: ['i', 's', 'c'] });
    expect({ ...df.dtypes }).toEqual({ i: 'float64', s: 'string', c: 'string' });
    expect((await df.compute()).toRows()).toEqual([
      { i: 1, s: 'a', c: 'x' },
      { i: 2, s: null, c: 'y' },
      { i: 3, s: 'a somewhat longer text past twelve bytes', c: null },
      { i: 4, s: 'a', c: 'x' },
    ]);
    expect((await readIpc(pl, { columns: 's' }).groupBy('s').agg(col('*').count().alias('n')).sort('s').compute()).toRows()).toEqual([{ s: 'a', n: 2 }, { s: 'a somewhat longer text past twelve bytes', n: 1 }]);
    expect(() => readIpc(pl, { columns: ['i', 'x'] })).toThrow(`readIpc: ${pl} has no column "x"; columns: i, s, c, t`);
    expect(() => readIpc(pl, { colums: ['i'] } as never)).toThrow('readIpc: unknown option "colums" (did you mean columns?)');
  });
});
