import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { col, readCsv } from '../../index.js';
import { readCsvAnyBlocksize } from '../../api/read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-errors-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('bad input is reported with file, line and a fix', () => {
  test('a value later in the file that contradicts the inferred type', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},${i % 7}`);
    rows[15_000] = '15000,abc';
    const p = file('late-bad.csv', `id,x\n${rows.join('\n')}\n`);
    const err = await readCsv(p, { sampleSize: 4096 }).agg(col('x').sum()).compute().catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      `${p}, line 15002, column "x": value does not match the column's type int64 (inferred from the sampled rows) (value "abc"). fix: readCsv(..., { dtypes: { "x": 'string' } }) or --dtype x=string, or onTypeMismatch: 'widen' (--on-type-mismatch widen)`,
    );
    // widened to text, the sum is refused, naming the value that widened it
    await expect(readCsv(p, { sampleSize: 4096, onTypeMismatch: 'widen' }).agg(col('x').sum()).compute())
      .rejects.toThrow(`sum() needs a numeric column, but col("x") is string (widened to string by the value "abc" at ${p} line 15002)`);
    const fixed = await readCsv(p, { sampleSize: 4096, dtypes: { x: 'string' } }).count();
    expect(fixed).toBe(20_000);
  });

  test('a number with thousands separators past the sample names the thousands option (the advice was dtypes string)', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},${i % 900}`);
    rows[15_000] = '15000,"1,102"';
    rows[15_001] = "15001,2'500'000";
    const p = file('late-thousands.csv', `id,x\n${rows.join('\n')}\n`);
    await expect(readCsv(p, { sampleSize: 4096 }).agg(col('x').sum()).compute()).rejects.toThrow(
      `${p}, line 15002, column "x": value does not match the column's type int64 (inferred from the sampled rows) (value "1,102"). it looks like a number with thousands separators: pass thousands: ',' (--thousands ','); or fix:`,
    );
    // a plain decimal is not one
    const q = file('late-decimal.csv', `id,x\n${[...rows.slice(0, 15_000), '15000,1.5', ...rows.slice(15_002)].join('\n')}\n`);
    const err = await readCsv(q, { sampleSize: 4096 }).agg(col('x').sum()).compute().catch((e: unknown) => e);
    expect((err as Error).message).toContain('(value "1.5"). fix: readCsv');
  });

  test('the run stops at once: partitions after the bad one are not all read', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `${i},${i % 7}`);
    rows[300] = '300,1e5';
    const p = file('stop-early.csv', `id,x\n${rows.join('\n')}\n`);
    const df = readCsvAnyBlocksize(p, { sampleSize: 1024, blocksize: 8 * 1024 });
    let done = 0;
    const err = await df.agg(col('x').sum()).compute({ onEvent: (e) => { if (e.type === 'task-done') done++; } }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/line 302, column "x": value does not match the column's type int64/);
    expect(df.npartitions).toBeGreaterThan(50);
    expect(done).toBeLessThan(df.npartitions / 2);
  });

  test('a row with too many or too few fields', async () => {
    const p = file('ragged.csv', 'a,b\n1,2\n3,4,5\n');
    await expect(readCsv(p).count()).rejects.toThrow(`${p}, line 3: expected 2 fields (as in the header), found 3`);
    const q = file('short.csv', 'a,b\n1,2\n3\n');
    await expect(readCsv(q).count()).rejects.toThrow(`${q}, line 3: expected 2 fields (as in the header), found 1`);
  });

  test('an unterminated quote at the end of the file', async () => {
    const p = file('unterminated.csv', 'a,b\n1,"abc\n');
    expect(() => readCsv(p)).toThrow(/unterminated.csv, line 2: unterminated quoted field/); // seen while sampling
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},x`);
    const q = file('unterminated-late.csv', `a,b\n${rows.join('\n')}\n5000,"abc\n`);
    await expect(readCsv(q, { sampleSize: 1024 }).compute()).rejects.toThrow(/unterminated-late.csv, line 5002, column "b": unterminated quoted field/);
  });

  test('a # line read as data points to the comment option: as a ragged row, and as the value that made a column text', async () => {
    const ragged = file('hash-ragged.csv', 'id,v\n# exported by tool x\n1,10\n');
    await expect(readCsv(ragged).count()).rejects.toThrow(/line 2: expected 2 fields \(as in the header\), found 1: the line starts with #\. if # starts a comment line, pass comment: '#'/);
    const typed = file('hash-typed.csv', 'id,v\n# exported by tool x, version 2\n1,10\n');
    expect(() => readCsv(typed).agg(col('v').sum())).toThrow(/line 2, a line that starts with # \(if it is a comment, pass comment: '#' or --comment '#'\)/);
    expect(await readCsv(typed, { comment: '#' }).agg(col('v').sum()).compute().then((t) => t.toRows())).toEqual([{ v: 10 }]);
  });

  test('files with different headers name both files', () => {
    const a = file('h1.csv', 'a,b\n1,2\n');
    const b = file('h2.csv', 'a,c\n1,2\n');
    expect(() => readCsv([a, b])).toThrow(`readCsv: files have different headers: ${a} has [a, b] but ${b} has [a, c]`);
  });

  test('integers beyond int64 are refused with the fix', async () => {
    const p = file('overflow.csv', 'x\n1\n99999999999999999999\n');
    await expect(readCsv(p, { dtypes: { x: 'int64' } }).compute()).rejects.toThrow(/line 3, column "x": integer out of the int64 range/);
    // deep in the file (past the sample), onTypeMismatch: 'widen' reads the column as float64
    const deep = file('overflow-deep.csv', `x\n${Array.from({ length: 10_000 }, (_, i) => (i === 5000 ? '99999999999999999999' : i)).join('\n')}\n`);
    await expect(readCsv(deep, { sampleSize: 1024 }).count()).resolves.toBe(10_000);
    await expect(readCsv(deep, { sampleSize: 1024 }).agg(col('x').sum()).compute()).rejects.toThrow(/line 5002, column "x": integer out of the int64 range/);
    const t = await readCsv(deep, { sampleSize: 1024, onTypeMismatch: 'widen' }).agg(col('x').max()).compute();
    expect(t.toRows()).toEqual([{ x: 1e20 }]);
  });

  test('a time of day in a date column is a type error (it was dropped), widened to timestamp on request', async () => {
    const days = Array.from({ length: 10_000 }, (_, i) => `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`);
    days[5000] = '2024-01-05T10:30:00';
    days[5001] = '2024-01-06 00:00:00'; // midnight, no zone: a date
    const p = file('date-then-time.csv', `d\n${days.join('\n')}\n`);
    const df = readCsv(p, { sampleSize: 1024, parseDates: true });
    expect(df.dtypes.d).toBe('date');
    await expect(df.agg(col('d').max()).compute()).rejects.toThrow(/line 5002, column "d": value does not match the column's type date .*'timestamp'/);
    const t = await readCsv(p, { sampleSize: 1024, parseDates: true, onTypeMismatch: 'widen' }).filter(col('d').dt.hour().eq(10)).compute();
    expect(t.toRows().map((r) => (r.d as Date).toISOString())).toEqual(['2024-01-05T10:30:00.000Z']);
  });
});

describe('int64 is exact', () => {
  test('values and sums beyond 2^53 keep every digit', async () => {
    const p = file('wide.csv', 'k,x\na,9007199254740993\na,9007199254740993\nb,1\n');
    const t = await readCsv(p).groupBy('k').agg(col('x').sum(), col('x').max().alias('mx')).compute();
    expect(t.toRows()).toEqual([
      { k: 'a', x: 18014398509481986n, mx: 9007199254740993n },
      { k: 'b', x: 1, mx: 1 },
    ]);
    const rows = (await readCsv(p).compute()).toRows();
    expect(rows[0].x).toBe(9007199254740993n);
  });
});

describe('options for bad rows, bad bytes and surprising values', () => {
  const ragged = () => file('ragged-mix.csv', 'a,b\n1,2\n3\n4,5,6\n"7,x",8\n9,10\n');

  test("onBadLines: 'skip' drops rows with the wrong number of fields and counts them", async () => {
    const t = await readCsv(ragged(), { onBadLines: 'skip', dtypes: { a: 'string' } }).compute();
    expect(t.toRows()).toEqual([{ a: '1', b: 2 }, { a: '7,x', b: 8 }, { a: '9', b: 10 }]);
    expect(t.skippedRows).toBe(2);
  });

  test("onBadLines: 'warn' also reports the count and the first lines", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const p = ragged();
      const t = await readCsv(p, { onBadLines: 'warn', dtypes: { a: 'string' } }).compute();
      await new Promise((r) => setImmediate(r));
      expect(t.numRows).toBe(3);
      expect(warnings).toContain(`floe: skipped 2 row(s) with the wrong number of fields (first at ${p}:3, ${p}:4)`);
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('invalid UTF-8 is an error by default, replaced with utf8-lossy', async () => {
    const p = join(dir, 'latin1.csv');
    writeFileSync(p, Buffer.concat([Buffer.from('name,n\nok,1\ncaf'), Buffer.from([0xe9]), Buffer.from(',2\n')]));
    await expect(readCsv(p, { dtypes: { name: 'string' } }).compute()).rejects.toThrow(/latin1.csv, line 3, column "name": invalid UTF-8 bytes in a text value/);
    const t = await readCsv(p, { encoding: 'utf8-lossy', dtypes: { name: 'string' } }).compute();
    expect(t.column('name').toArray()).toEqual(['ok', 'caf\uFFFD']);
  });

  test("onTypeMismatch: 'widen' re-runs with the wider type instead of failing", async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},${i % 7}`);
    rows[15_000] = '15000,2.5';
    rows[18_000] = '18000,oops';
    const p = file('widen.csv', `id,x\n${rows.join('\n')}\n`);
    const t = await readCsv(p, { sampleSize: 4096, onTypeMismatch: 'widen' }).agg(col('x').count(), col('x').max().alias('mx')).compute();
    expect(t.schema).toEqual([{ name: 'x', dtype: 'int64' }, { name: 'mx', dtype: 'string' }]);
    expect(t.toRows()).toEqual([{ x: 20_000, mx: 'oops' }]);
  });
});
