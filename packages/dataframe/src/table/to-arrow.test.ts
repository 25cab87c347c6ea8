/** Table.toArrow(): floe's columns as Arrow vectors, timestamps to the microsecond. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TimestampMicrosecond, TimestampMillisecond, type Vector } from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { readCsv } from '../index.js';
import { toArrowTable } from './to-arrow.js';

describe('toArrow() timestamps', () => {
  test('a CSV timestamp with microseconds comes out as TimestampMicrosecond with every digit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-to-arrow-'));
    writeFileSync(join(dir, 't.csv'), 'ts,v\n2024-03-05 06:07:08.123456,1\n1970-01-01 00:00:00.000001,2\n2024-03-05 06:07:08,3\n,4\n');
    const t = await readCsv(join(dir, 't.csv'), { parseDates: ['ts'] }).compute();
    const ts = t.toArrow().getChild('ts') as Vector;
    expect(ts.type).toBeInstanceOf(TimestampMicrosecond);
    // the raw int64 words: exact microseconds since the epoch
    const raw = ts.data[0].values as BigInt64Array;
    expect([raw[0], raw[1], raw[2]]).toEqual([1709618828123456n, 1n, 1709618828000000n]);
    expect(ts.get(3)).toBeNull();
  });
  test('far from 1970 (past 2^53 µs) the microseconds are still exact', () => {
    const ms = 95_617_584_000_000.25; // year 5000, and a quarter millisecond
    const arrow = toArrowTable([{ name: 'ts', dtype: 'timestamp' }], [{ dtype: 'timestamp', length: 1, values: Float64Array.of(ms), valid: null }]);
    expect((arrow.getChild('ts')!.data[0].values as BigInt64Array)[0]).toBe(95_617_584_000_000_250n);
  });
  test('micros: false gives milliseconds, the fraction rounded', () => {
    const arrow = toArrowTable([{ name: 'ts', dtype: 'timestamp' }], [{ dtype: 'timestamp', length: 1, values: Float64Array.of(1500.6), valid: null }], { micros: false });
    const v = arrow.getChild('ts')!;
    expect(v.type).toBeInstanceOf(TimestampMillisecond);
    expect((v.data[0].values as BigInt64Array)[0]).toBe(1501n);
  });
});

describe('toArrow() strings', () => {
  test('a dictionary that repeats a string (a concatenation of mostly distinct ids) goes out with each string once, every row its text', () => {
    const dict = ['a', 'b', 'a', 'c', 'b'];
    const valid = Uint8Array.of(1, 1, 1, 1, 0, 1);
    const arrow = toArrowTable([{ name: 's', dtype: 'string' }], [{ dtype: 'string', length: 6, values: Int32Array.of(0, 2, 1, 4, 0, 3), valid, dict }]);
    const s = arrow.getChild('s')!;
    expect([...s.data[0].dictionary!.toArray()].sort()).toEqual(['a', 'b', 'c']);
    expect(Array.from({ length: 6 }, (_, i) => s.get(i))).toEqual(['a', 'a', 'b', 'b', null, 'c']);
    // a dictionary whose strings are distinct after all is kept as it is
    const plain = ['x', 'y'];
    const same = toArrowTable([{ name: 's', dtype: 'string' }], [{ dtype: 'string', length: 2, values: Int32Array.of(1, 0), valid: null, dict: plain }]).getChild('s')!;
    expect([...same.data[0].dictionary!.toArray()]).toEqual(['x', 'y']);
    expect([same.get(0), same.get(1)]).toEqual(['y', 'x']);
  });
});
