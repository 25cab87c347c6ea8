/**
 * DataFrame.sort through the whole engine: the order of the result rows, ascending and
 * descending, by several keys, with nulls, over a file cut into many partitions.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readCsv, shutdown } from '../index.js';
import { readCsvAnyBlocksize } from './read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-sort-'));
const file = join(dir, 's.csv');
writeFileSync(file, 'id,g,v\n0,b,5\n1,a,\n2,c,1\n3,a,7\n4,b,2\n5,c,9\n6,a,3\n');

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
