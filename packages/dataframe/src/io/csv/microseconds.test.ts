/**
 * Microseconds in CSV timestamps (`2024-01-02 03:04:05.123456`, Postgres' and Python's default)
 * are kept end to end — parsed, compared, sorted and grouped, spilled, written back to CSV and
 * Parquet — instead of being cut to milliseconds. Digits past the sixth are dropped.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { InlineExecutor } from '@floe/scheduler';
import { col, lit, readCsv, readParquet } from '../../index.js';
import { formatTimestamp } from '../../kernels/civil-time.js';
import { toInt64Words } from '../../table/arrow-buffers.js';
import { parseTimestampMs } from './parse-timestamp.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-micros-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bytes = (s: string): Uint8Array => Buffer.from(s);
const parse = (s: string): number => parseTimestampMs(bytes(s), 0, s.length);

describe('microsecond timestamps', () => {
  test('parsed into the millisecond fraction and formatted back with six digits; three or fewer digits stay as they were', () => {
    expect(parse('2024-01-02 03:04:05.123456')).toBeCloseTo(Date.UTC(2024, 0, 2, 3, 4, 5, 123) + 0.456, 6);
    expect(formatTimestamp(parse('2024-01-02 03:04:05.123456'))).toBe('2024-01-02 03:04:05.123456');
    expect(formatTimestamp(parse('2024-01-02 03:04:05.000001'))).toBe('2024-01-02 03:04:05.000001');
    expect(formatTimestamp(parse('2024-01-02 03:04:05.1234567'))).toBe('2024-01-02 03:04:05.123456');
    expect(formatTimestamp(parse('2024-01-02 03:04:05.12'))).toBe('2024-01-02 03:04:05.120');
    expect(formatTimestamp(parse('2024-01-02 03:04:05'))).toBe('2024-01-02 03:04:05');
    expect(formatTimestamp(parse('1969-12-31 23:59:59.999999'))).toBe('1969-12-31 23:59:59.999999');
    expect(formatTimestamp(parse('2024-01-02T03:04:05.5+01:00'))).toBe('2024-01-02 02:04:05.500');
  });

  test('every microsecond of years 1692–2248 is read, written and handed to Arrow exactly (from 2^42 ms, before ~1830 and after ~2109, ~0.3 % were a µs off)', () => {
    let seed = 20261205;
    const rand = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return Math.floor((seed / 2 ** 32) * n); };
    const pad = (x: number, w: number): string => String(x).padStart(w, '0');
    const texts: string[] = [];
    const micros: bigint[] = [];
    for (let i = 0; i < 20_000; i++) {
      const y = 1692 + rand(556);
      const [mo, d, h, mi, sec, us] = [1 + rand(12), 1 + rand(28), rand(24), rand(60), rand(60), rand(1_000_000)];
      texts.push(`${y}-${pad(mo, 2)}-${pad(d, 2)} ${pad(h, 2)}:${pad(mi, 2)}:${pad(sec, 2)}.${pad(us, 6)}`);
      micros.push(BigInt(Date.UTC(y, mo - 1, d, h, mi, sec)) * 1000n + BigInt(us));
    }
    const values = Float64Array.from(texts, parse);
    // as floe writes them back: `.980000` is written `.980`
    expect(texts.filter((t, i) => formatTimestamp(values[i]) !== t.replace(/(\.\d{3})000$/, '$1'))).toEqual([]);
    expect(Array.from(toInt64Words(values, values.length, true, 1000)).filter((x, i) => x !== micros[i])).toEqual([]);
  });

  const rows = ['t,k'];
  for (let i = 0; i < 3000; i++) rows.push(`2024-03-01 12:00:00.${String(999_999 - i * 7).padStart(6, '0')},${i % 3}`);
  const file = join(dir, 'events.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  // as floe writes them: six digits, or three when the microseconds are 0 (`.980000` → `.980`)
  const expected = rows.slice(1).map((r) => formatTimestamp(parse(r.split(',')[0])));

  test('compared, sorted and grouped by the microsecond, spilled or not; written back to CSV as read', async () => {
    const df = readCsv(file, { parseDates: ['t'], blocksize: 64 * 1024 });
    const sorted = [...expected].sort();
    for (const opts of [{}, { executor: new InlineExecutor(), memoryLimit: 64 * 1024 }]) {
      const t = await df.sort('t').compute(opts);
      expect(t.column('t').toArray().map((v) => formatTimestamp((v as Date).getTime()))).toHaveLength(3000);
      const out = join(dir, `sorted-${Object.keys(opts).length}`);
      await df.sort('t').writeCsv(out, opts);
      const written = readdirSync(out).sort().flatMap((f) => readFileSync(join(out, f), 'utf8').trimEnd().split('\n').slice(1)).map((l) => l.split(',')[0]);
      expect(written).toEqual(sorted);
      const maxes = (await df.groupBy('k').agg(col('t').max()).compute(opts)).toRows();
      expect(maxes.length).toBe(3);
    }
    expect(await df.filter(col('t').gt(lit('2024-03-01 12:00:00.999990'))).count()).toBe(2);
  });

  test('a Parquet round trip keeps them', async () => {
    const out = join(dir, 'lake');
    await readCsv(file, { parseDates: ['t'] }).writeParquet(out);
    const back = join(dir, 'back');
    await readParquet(join(out, '*.parquet')).sort('t').writeCsv(back);
    const written = readdirSync(back).sort().flatMap((f) => readFileSync(join(back, f), 'utf8').trimEnd().split('\n').slice(1)).map((l) => l.split(',')[0]);
    expect(written).toEqual([...expected].sort());
  });
});

describe('far from 1970 (past 1691-04-06 to 2248-09-26 a double holds a millisecond value to fewer digits than the µs)', () => {
  test('9999-12-31 23:59:59.999999 stays in its year and second (it became 10000-01-01 00:00:00, and writeCsv wrote what readCsv refused), written to the millisecond (it printed noise: .999969)', async () => {
    for (const text of ['9999-12-31 23:59:59.999999', '2300-06-15 12:00:00.999999', '1600-01-01 00:00:00.999999', '2248-10-10 08:39:39.818130', '1691-04-01 00:00:00.000001']) {
      expect(formatTimestamp(parse(text))).toBe(text.slice(0, 23).replace(/\.000$/, ''));
    }
    // inside, every microsecond (a double's step there is under a µs: 2^-10 ms up to 2^43 ms)
    for (const text of ['2248-09-26 15:10:22.207999', '2248-09-01 00:00:00.818131', '1691-04-07 00:00:00.000001', '2200-01-01 00:00:00.999999']) {
      expect(formatTimestamp(parse(text))).toBe(text);
    }
    const p = join(dir, 'forever.csv');
    writeFileSync(p, 'k,valid_to\na,9999-12-31 23:59:59.999999\nb,2024-01-02 03:04:05.000001\n');
    const df = readCsv(p, { parseDates: ['valid_to'] });
    expect((await df.select(col('valid_to').dt.year().alias('y')).compute()).toRows()).toEqual([{ y: 9999 }, { y: 2024 }]);
    const back = join(dir, 'forever-back');
    await df.writeCsv(back);
    const again = readCsv(join(back, '*.csv'), { parseDates: ['valid_to'] });
    expect((await again.select(col('valid_to').dt.year().alias('y')).compute()).toRows()).toEqual([{ y: 9999 }, { y: 2024 }]);
    const out = join(dir, 'forever-lake');
    await df.writeParquet(out);
    const pq = (await readParquet(join(out, '*.parquet')).compute()).toRows().map((r) => (r.valid_to as Date).toISOString());
    expect(pq).toEqual(['9999-12-31T23:59:59.999Z', '2024-01-02T03:04:05.000Z']);
  });
});

describe('before 1970', () => {
  test('a row\'s Date and an int64 cast are the millisecond the instant falls in (they took the next one: Date and a cast truncate toward zero)', async () => {
    const p = join(dir, 'pre1970.csv');
    writeFileSync(p, 't\n1965-12-31 23:59:59.999999\n1969-12-31 23:59:59.999999\n2024-01-01 00:00:00.123999\n');
    const t = await readCsv(p, { parseDates: ['t'] }).withColumns(col('t').cast('int64').alias('ms')).compute();
    expect(t.toRows().map((r) => [(r.t as Date).toISOString(), r.ms])).toEqual([
      ['1965-12-31T23:59:59.999Z', Date.UTC(1965, 11, 31, 23, 59, 59, 999)],
      ['1969-12-31T23:59:59.999Z', -1],
      ['2024-01-01T00:00:00.123Z', Date.UTC(2024, 0, 1, 0, 0, 0, 123)],
    ]);
    expect((await readCsv(p, { parseDates: ['t'] }).select(col('t').dt.year().alias('y')).compute()).column('y').toArray()).toEqual([1965, 1969, 2024]);
  });
});
