/**
 * The row chain after a range that stopped early at a satisfied limit: later ranges of that file
 * are not checked (their rows are cut by the limit) instead of failing the query.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InlineExecutor } from '@floe/scheduler';
import { afterAll, describe, expect, test } from 'vitest';
import { readCsv } from '../index.js';
import { readCsvAnyBlocksize } from '../api/read-csv.js';
import { planPartitions } from '../io/csv/partitions.js';
import { RowChain } from './row-chain.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-rowchain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('RowChain', () => {
  const range = (path: string, start: number) => ({ path, start, end: start + 10, dataStart: 4 });

  test('each range starts where the one before stopped; after an early stop the rest of the file is unknown', () => {
    const chain = new RowChain();
    expect(chain.at(range('a.csv', 0))).toBe(4);
    chain.advance(12);
    expect(chain.at(range('a.csv', 10))).toBe(12);
    chain.advance(-1); // stopped at a satisfied limit
    expect(chain.at(range('a.csv', 20))).toBeNull();
    chain.advance(31); // an unchecked range's own parse does not make the chain known again
    expect(chain.at(range('a.csv', 30))).toBeNull();
    expect(chain.at(range('b.csv', 0))).toBe(4); // a new file starts at its first data row
  });

  test('ranges as planned: a file without a header starts at byte 0, the next file at its data start', () => {
    // a.csv has no header (data from byte 0); b.csv has a 6-byte header, so its first range starts at 6
    const ranges = planPartitions([{ path: 'a.csv', size: 20, mtimeMs: 0, dataStart: 0 }, { path: 'b.csv', size: 26, mtimeMs: 0, dataStart: 6 }], 10);
    expect(ranges.map((r) => [r.path, r.start])).toEqual([['a.csv', 0], ['a.csv', 10], ['b.csv', 6], ['b.csv', 16]]);
    const chain = new RowChain();
    expect(chain.at(ranges[0])).toBe(0);
    chain.advance(12); // the first range's rows ran past its end
    expect(chain.at(ranges[1])).toBe(12);
    chain.advance(20);
    expect(chain.at(ranges[2])).toBe(6);
    chain.advance(17);
    expect(chain.at(ranges[3])).toBe(17);
  });

  test('a limit below a join, over many partitions with quoted newlines: the first rows, joined (was "internal: … stopped early")', async () => {
    const left = join(dir, 'left.csv');
    const right = join(dir, 'right.csv');
    const rows = Array.from({ length: 40 }, (_, i) => `${['a', 'b', 'c'][i % 3]},"line ${i}\nmore ${i}",${i}`);
    writeFileSync(left, `k,text,v\n${rows.join('\n')}\n`);
    writeFileSync(right, 'k,w\na,1\nb,2\n');
    const query = (df: ReturnType<typeof readCsv>) => df.limit(7).join(readCsv(right), { on: 'k' }).sort('v');
    const inline = new InlineExecutor();
    const whole = (await query(readCsv(left)).compute({ executor: inline })).toRows();
    expect(whole.map((r) => r.v)).toEqual([0, 1, 3, 4, 6]); // rows 0..6 whose key is a or b
    for (const blocksize of [16, 200, 300]) { // 200 and 300: the first partition alone holds 7 rows and stops early
      expect((await query(readCsvAnyBlocksize(left, { blocksize })).compute({ executor: inline })).toRows(), `blocksize ${blocksize}`).toEqual(whole);
    }
  });
});
