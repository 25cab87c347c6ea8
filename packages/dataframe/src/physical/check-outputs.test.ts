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
import { col, readNdjson } from '../index.js';

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

  test("with onBadLines 'error', the first bad row fails the query, by file and line", async () => {
    const grouped = readCsvAnyBlocksize(file, { blocksize: 40 }).groupBy('k').agg(col('v').sum());
    await expect(grouped.compute({ executor: inline })).rejects.toThrow(/ragged\.csv.*line 11\b/);
  });

  test('a task error from a source other than CSV fails the query with its message', async () => {
    const events = join(dir, 'events.jsonl');
    // the bad line lies past what schema inference reads, so a task meets it
    writeFileSync(events, `${Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ k: 'ab'[i % 2], v: i })).join('\n')}\n{"k": "a", "v": \n`);
    await expect(readNdjson(events).groupBy('k').agg(col('v').sum()).compute({ executor: inline })).rejects.toThrow(/events\.jsonl line 30001: the line is not valid JSON/);
  });

  test('a bad row past a satisfied limit below a join is never judged: those rows are not needed', async () => {
    const late = join(dir, 'late-bad.csv');
    writeFileSync(late, `k,v\n${Array.from({ length: 40 }, (_, i) => (i === 30 ? `a,${i},extra` : `${'ab'[i % 2]},${i}`)).join('\n')}\n`);
    const keys = join(dir, 'keys.csv');
    writeFileSync(keys, 'k,w\na,1\nb,2\n');
    for (const blocksize of [40, 100]) {
      const t = await readCsvAnyBlocksize(late, { blocksize }).limit(4).join(readCsvAnyBlocksize(keys, { blocksize: 1 << 20 }), { on: 'k' }).sort('v').compute({ executor: inline });
      expect(t.toRows(), `blocksize ${blocksize}`).toEqual([0, 1, 2, 3].map((v) => ({ k: 'ab'[v % 2], v, w: 1 + (v % 2) })));
    }
  });
});
