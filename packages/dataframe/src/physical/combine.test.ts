/**
 * The single-stage path's driver checks (combine.ts): a range whose guessed first row was wrong
 * (it began inside a quoted field with a newline) is re-run from the exact row, a real error is
 * reported only from a confirmed range, rows skipped by onBadLines are summed over partitions
 * with the first five lines kept, a limit cuts the concatenated rows, and the PrefixChecker
 * stops a run at the first confirmed error while leaving unconfirmed ones to the final check.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InlineExecutor } from '@floe/scheduler';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { col } from '../index.js';
import { readCsvAnyBlocksize } from '../api/read-csv.js';
import type { PartitionRange } from '../io/csv/read-partition.js';
import { PrefixChecker } from './combine.js';
import type { PartitionOutput } from './partition-task.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-combine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const inline = new InlineExecutor();

// every row's note holds a newline and a comma inside quotes: most range starts land inside one
const N = 60;
const notes = Array.from({ length: N }, (_, i) => `line ${i}\nsecond, part "q${i}"`);
const path = join(dir, 'notes.csv');
writeFileSync(path, `id,note,v\n${notes.map((n, i) => `${i},"${n.replaceAll('"', '""')}",${i * 3}`).join('\n')}\n`);
const BLOCKSIZES = [7, 16, 29, 64];

describe('ranges that guessed their first row wrong are re-run from the exact row', () => {
  test.each(BLOCKSIZES)('every row once, in order, at blocksize %i', async (blocksize) => {
    const t = await readCsvAnyBlocksize(path, { blocksize }).compute({ executor: inline });
    expect(t.toRows()).toEqual(notes.map((note, i) => ({ id: i, note, v: i * 3 })));
  });

  test.each(BLOCKSIZES)('a whole-frame aggregate and a limit at blocksize %i', async (blocksize) => {
    const df = readCsvAnyBlocksize(path, { blocksize });
    const agg = await df.agg(col('v').sum().alias('s'), col('*').count().alias('n')).compute({ executor: inline });
    expect(agg.toRows()).toEqual([{ s: (3 * (N - 1) * N) / 2, n: N }]);
    for (const n of [1, 5, 17]) {
      const head = await df.limit(n).compute({ executor: inline });
      expect(head.toRows().map((r) => r.id)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  test('writeCsv writes every row once, in order', async () => {
    const out = join(dir, 'written');
    const res = await readCsvAnyBlocksize(path, { blocksize: 16 }).writeCsv(out, { executor: inline });
    expect(res.rows).toBe(N);
    expect(res.files).toEqual(readdirSync(out).sort().map((f) => join(out, f)));
    const text = readdirSync(out).sort().map((f) => readFileSync(join(out, f), 'utf8')).join('');
    expect(text.split('line ').length - 1).toBe(N);
    expect(text.indexOf('line 7\n')).toBeLessThan(text.indexOf('line 8\n'));
  });
});

describe('a file with a header and no rows (no partitions at all)', () => {
  test('computes to no rows with its columns, and writes one part file holding the header', async () => {
    const empty = join(dir, 'header-only.csv');
    writeFileSync(empty, 'a,b\n');
    const t = await readCsvAnyBlocksize(empty, { blocksize: 16 }).compute({ executor: inline });
    expect([t.numRows, t.columnNames]).toEqual([0, ['a', 'b']]);
    const out = join(dir, 'header-only-out');
    const res = await readCsvAnyBlocksize(empty, { blocksize: 16 }).writeCsv(out, { executor: inline });
    expect([res.rows, res.files]).toEqual([0, [join(out, 'part-00000.csv')]]);
    expect(readFileSync(res.files[0], 'utf8')).toBe('a,b\n');
  });
});

describe('bad lines over many partitions', () => {
  // rows 3, 13, 23, … have a fourth field: 6 bad rows spread over the partitions
  const bad = join(dir, 'bad.csv');
  const lines = Array.from({ length: N }, (_, i) => (i % 10 === 3 ? `${i},"x\ny",${i},extra` : `${i},"x\ny",${i}`));
  writeFileSync(bad, `id,note,v\n${lines.join('\n')}\n`);

  test.each([16, 64])("'skip' counts every skipped row and keeps the first five lines (blocksize %i)", async (blocksize) => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const df = readCsvAnyBlocksize(bad, { blocksize, onBadLines: 'warn' });
      const t = await df.select('id').compute({ executor: inline });
      expect(t.numRows).toBe(N - 6);
      expect(t.skippedRows).toBe(6);
      const message = String(warn.mock.calls[0]?.[0]);
      // each bad row starts on file line 2 + 2·i (a quoted newline per row); five are listed
      const listed = [3, 13, 23, 33, 43].map((i) => `bad.csv:${2 + 2 * i}`);
      for (const l of listed) expect(message).toContain(l);
      expect(message).not.toContain(`bad.csv:${2 + 2 * 53}`);
    } finally {
      warn.mockRestore();
    }
  });

  test("'error' names the first bad row, whatever partition reads it", async () => {
    for (const blocksize of [16, 64]) {
      await expect(readCsvAnyBlocksize(bad, { blocksize }).compute({ executor: inline })).rejects.toThrow(/bad\.csv.*line 8\b/);
    }
    // the only bad row is the last: the prefix check has stopped at an earlier range that
    // guessed wrong, so the error comes from the final check, after that range's re-run
    const last = join(dir, 'last-bad.csv');
    writeFileSync(last, `id,note,v\n${Array.from({ length: 30 }, (_, i) => `${i},"x\ny",${i}${i === 29 ? ',extra' : ''}`).join('\n')}\n`);
    for (const blocksize of [7, 16]) {
      await expect(readCsvAnyBlocksize(last, { blocksize }).compute({ executor: inline })).rejects.toThrow(/last-bad\.csv.*line 60\b/);
    }
  });
});

describe('PrefixChecker', () => {
  const range = (start: number): PartitionRange => ({ path: 'f.csv', start, end: start + 10, dataStart: 4 });
  const ranges = [range(0), range(10), range(20), range(30)];
  const output = (index: number, firstRow: number, nextRow: number, error: string | null = null): PartitionOutput => ({
    index, firstRow, nextRow, rows: 1, bytes: 10, skipped: 0, skippedLines: [], result: null,
    error: error === null ? null : { name: 'Error', message: error } as PartitionOutput['error'],
  });

  test('throws a confirmed range\'s error as soon as the ranges before it are in, whatever order they arrive in', () => {
    const c = new PrefixChecker(ranges);
    c.add(output(2, 22, 31, 'boom in range 2'));
    c.add(output(0, 4, 12));
    expect(() => c.add(output(1, 12, 22))).toThrow('boom in range 2');
  });

  test('an error from a range whose first row is not confirmed is left to the final check', () => {
    const c = new PrefixChecker(ranges);
    c.add(output(0, 4, 12));
    expect(() => c.add(output(1, 15, 22, 'a false error: this range began inside quotes'))).not.toThrow();
    // and checking stops there: a later confirmed-looking error is not judged on a broken chain
    expect(() => c.add(output(2, 22, 31, 'not judged'))).not.toThrow();
  });

  test('after a range that stopped early (nextRow -1) later errors are not judged', () => {
    const c = new PrefixChecker(ranges);
    c.add(output(0, 4, -1));
    expect(() => c.add(output(1, 12, 22, 'after a satisfied limit'))).not.toThrow();
  });

  test('the chain follows each range\'s exact end', () => {
    const c = new PrefixChecker(ranges);
    c.add(output(0, 4, 14));
    c.add(output(1, 14, 25));
    expect(() => c.add(output(2, 25, 33, 'confirmed at 25'))).toThrow('confirmed at 25');
  });
});
