/**
 * Rows with the wrong number of fields, skipped (onBadLines: 'skip' / 'warn') in many small
 * partitions of a query on the operator graph: the barrier adds up every task's count and keeps
 * the first five line references for the warning.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { InlineExecutor } from '@floe/scheduler';
import { readCsvAnyBlocksize } from '../api/read-csv.js';
import { col } from '../index.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-bad-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'ragged.csv');
// 60 rows; every tenth (lines 11, 21, … 61 of the file) has a field too many
const rows = Array.from({ length: 60 }, (_, i) => (i % 10 === 9 ? `${'ab'[i % 2]},${i},extra` : `${'ab'[i % 2]},${i}`));
writeFileSync(file, `k,v\n${rows.join('\n')}\n`);
const inline = new InlineExecutor();

describe('skipped bad lines across partitions (operator graph)', () => {
  // the count was lost in the exchange barrier: 0 rows skipped, no warning
  test('are counted from every task, and the warning names the first five', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => { if (w.name === 'FloeBadLines') warnings.push(w.message); };
    process.on('warning', onWarning);
    try {
      const t = await readCsvAnyBlocksize(file, { blocksize: 40, onBadLines: 'warn' }).groupBy('k').agg(col('v').sum()).compute({ executor: inline });
      expect(t.toRows()).toEqual([{ k: 'a', v: 870 }, { k: 'b', v: 696 }]);
      expect(t.skippedRows).toBe(6);
      await new Promise((r) => setImmediate(r));
      expect(warnings).toHaveLength(1);
      const lines = warnings[0].match(/first at (.*)\)$/)![1].split(', ');
      expect(lines).toHaveLength(5);
      expect(lines[0]).toMatch(/ragged\.csv:11$/);
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('in every kind of exchange: unique, an external sort, a hash join of two sides', async () => {
    const read = () => readCsvAnyBlocksize(file, { blocksize: 40, onBadLines: 'skip' });
    expect((await read().unique('k').compute({ executor: inline })).skippedRows).toBe(6);
    const sorted = await read().sort('v').compute({ executor: inline, memoryLimit: 1 });
    expect(sorted.numRows).toBe(54);
    expect(sorted.skippedRows).toBe(6);
    const joined = await read().join(read().select(col('v'), col('k').alias('k2')), { on: 'v', how: 'outer' }).compute({ executor: inline });
    expect(joined.numRows).toBe(54);
    expect(joined.skippedRows).toBe(12);
  });
});
