/**
 * DataFrame.sort through the whole engine: the order of the result rows, ascending and
 * descending, by several keys, with nulls, over a file cut into many partitions.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { InlineExecutor } from '@floe/scheduler';
import { col, readCsv, shutdown } from '../index.js';
import { readCsvAnyBlocksize } from './read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-sort-'));
const file = join(dir, 's.csv');
writeFileSync(file, 'id,g,v\n0,b,5\n1,a,\n2,c,1\n3,a,7\n4,b,2\n5,c,9\n6,a,3\n');
const times = join(dir, 't.csv');
writeFileSync(times, 'id,v,t\n1,5,2015-03-04 10:00:00\n2,7,2016-07-08 11:30:00\n3,1,2014-01-01 00:00:00\n4,2,2016-02-01 00:00:00\n');

afterAll(async () => {
  await shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const ids = async (df: ReturnType<typeof readCsv>): Promise<unknown[]> => (await df.compute()).column('id').toArray();

describe('DataFrame.sort', () => {
  for (const blocksize of [undefined, 8]) {
    const read = () => (blocksize === undefined ? readCsv(file) : readCsvAnyBlocksize(file, { blocksize }));
    const where = blocksize === undefined ? 'one partition' : `${blocksize}-byte partitions`;

    test(`ascending, nulls last (${where})`, async () => {
      expect(await ids(read().sort('v'))).toEqual([2, 4, 6, 0, 3, 5, 1]);
    });

    test(`descending, nulls still last (${where})`, async () => {
      expect(await ids(read().sort('v', { descending: true }))).toEqual([5, 3, 0, 6, 4, 2, 1]);
    });

    test(`nulls first when asked (${where})`, async () => {
      expect(await ids(read().sort('v', { descending: true, nullsLast: false }))).toEqual([1, 5, 3, 0, 6, 4, 2]);
    });

    test(`by two keys with their own directions (${where})`, async () => {
      // g descending, then v ascending (the null v last within its group)
      expect(await ids(read().sort(['g', 'v'], { descending: [true, false] }))).toEqual([2, 5, 4, 0, 6, 3, 1]);
    });
  }
});

describe('DataFrame.sort by a calendar field, then a select without the timestamp', () => {
  // the scan reads t as its calendar parts only (dt-field pushdown); the sort after the scan
  // still needs them: it crashed with 'column "t::year" is not in the batch'
  const inline = new InlineExecutor();
  for (const [where, blocksize, memoryLimit] of [['one partition', undefined, undefined], ['20-byte partitions', 20, undefined], ['the external sort (1-byte budget)', 20, 1]] as const) {
    test(where, async () => {
      const df = blocksize === undefined ? readCsv(times, { parseDates: ['t'] }) : readCsvAnyBlocksize(times, { blocksize, parseDates: ['t'] });
      const run = (q: typeof df) => q.compute({ executor: inline, memoryLimit });
      expect((await run(df.sort(col('t').dt.year(), { descending: true }).limit(1).select(col('t').dt.month().alias('m')))).toRows()).toEqual([{ m: 7 }]);
      expect((await run(df.sort([col('t').dt.year(), col('v')], { descending: [false, true] }).select('id'))).column('id').toArray()).toEqual([3, 1, 2, 4]);
      expect((await run(df.sort(col('t').dt.month()).limit(2).select('v', 'id'))).toRows()).toEqual([{ v: 1, id: 3 }, { v: 2, id: 4 }]);
    });
  }
});

describe('an external sort by a key with fewer distinct values than its key ranges', () => {
  // planned for four workers: four range tasks, but the rows have one or two sort keys, so the
  // sample gives fewer boundaries than ranges (the extra range tasks crashed: "input.runs is not
  // iterable"); a 1-byte budget makes every sort external
  class FourWide extends InlineExecutor {
    override readonly concurrency = 4;
  }
  const few = join(dir, 'few.csv');
  writeFileSync(few, `flag,id\n${Array.from({ length: 40 }, (_, i) => `${i % 5 === 0 ? 'y' : 'n'},${i}`).join('\n')}\n`);
  const opts = { executor: new FourWide(), memoryLimit: 1 };

  test('sorts stably and writes its part files in order, the empty ranges last', async () => {
    const df = readCsvAnyBlocksize(few, { blocksize: 32 });
    const byFlag = await df.sort('flag').compute(opts);
    const want = [...Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 5 !== 0), ...Array.from({ length: 8 }, (_, i) => i * 5)];
    expect(byFlag.column('id').toArray()).toEqual(want);
    const one = await df.sort(col('flag').eq('never')).compute(opts); // a single distinct key
    expect(one.column('id').toArray()).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const out = join(dir, 'few-sorted');
    const res = await df.sort('flag', { descending: true }).writeCsv(out, opts);
    expect(res.rows).toBe(40);
    const text = res.files.map((f) => readFileSync(f, 'utf8').split('\n').slice(1).join('\n')).join('');
    expect(text.trim().split('\n').map((l) => Number(l.split(',')[1]))).toEqual([...want.slice(32), ...want.slice(0, 32)]);
  });
});
