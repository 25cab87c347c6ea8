/**
 * One task of the operator graph, run in this thread: its input read through the row stages
 * into the sink, and the output the driver checks (rows, bytes, skipped rows, where a CSV
 * range's rows began and the next one's begin). Errors come back in the output, not thrown.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DEFAULT_DIALECT, DEFAULT_NULL_VALUES } from '../io/csv/dialect.js';
import { tableToIPC } from 'apache-arrow';
import { toArrowTable } from '../table/to-arrow.js';
import { valueAt, type Column } from '../kernels/column.js';
import type { Field } from '../types/dtype.js';
import { runTask, runTaskSync, type PartitionOutput } from './partition-task.js';
import type { ScanSpec, TaskInput, TaskSpec } from './pipeline-spec.js';


const dir = mkdtempSync(join(tmpdir(), 'floe-partition-task-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fields: Field[] = [{ name: 'k', dtype: 'int64' }, { name: 'v', dtype: 'int64' }];
const ints = (values: readonly number[]): Column => ({ dtype: 'int64', length: values.length, values: Float64Array.from(values), valid: null });
const task = (input: TaskInput, scan: ScanSpec | null = null): TaskSpec => ({ input, scan, stages: [], sink: { kind: 'collect', fields, limit: null } });
const planned = (path: string) => { const st = statSync(path); return { size: st.size, mtimeMs: st.mtimeMs }; };

/** The collected rows of a task's output, as [k, v] pairs. */
function rowsOf(out: PartitionOutput): unknown[][] {
  if (out.result?.kind !== 'collect') throw new Error(`expected collected rows, got ${out.error?.message ?? out.result?.kind}`);
  const { columns, length } = out.result;
  return Array.from({ length }, (_, i) => columns.map((c) => valueAt(c, i)));
}

describe('a task over a partition of another format (read asynchronously)', () => {
  test('an Arrow IPC file: its rows, its size, nothing skipped', async () => {
    const path = join(dir, 'part.arrow');
    const bytes = tableToIPC(toArrowTable(fields, [ints([1, 2, 3]), ints([10, 20, 30])]), 'file');
    writeFileSync(path, bytes);
    const size = bytes.byteLength;
    const pending = runTask({ spec: task({ kind: 'source', format: 'ipc', partition: { path, fields, planned: planned(path) } }), index: 3 });
    expect(pending).toBeInstanceOf(Promise);
    const out = await pending;
    expect({ ...out, result: null }).toEqual({ index: 3, firstRow: 0, nextRow: 0, rows: 3, bytes: size, skipped: 0, skippedLines: [], result: null, error: null });
    expect(rowsOf(out)).toEqual([[1, 10], [2, 20], [3, 30]]);
  });

  test('NDJSON with bad lines skipped: the count and the first lines come back with the rows', async () => {
    const path = join(dir, 'bad.ndjson');
    writeFileSync(path, '{"k":1,"v":10}\nnot json\n{"k":2,"v":20}\n{oops\n');
    const out = await runTask({ spec: task({ kind: 'source', format: 'ndjson', partition: { path, fields, known: ['k', 'v'], declared: [], skipBad: true, planned: planned(path) } }), index: 0 });
    expect([out.error, out.rows, out.skipped, out.skippedLines]).toEqual([null, 2, 2, [`${path}:2`, `${path}:4`]]);
    expect(rowsOf(out)).toEqual([[1, 10], [2, 20]]);
  });

  test("a reader's error is returned in the output, with no rows", async () => {
    const path = join(dir, 'changed.ndjson');
    writeFileSync(path, '{"k":1,"v":10}\n');
    const stale = { ...planned(path), size: 3 };
    const out = await runTask({ spec: task({ kind: 'source', format: 'ndjson', partition: { path, fields, known: ['k', 'v'], declared: [], skipBad: false, planned: stale } }), index: 1 });
    expect({ ...out, error: null }).toEqual({ index: 1, firstRow: 0, nextRow: 0, rows: 0, bytes: 0, skipped: 0, skippedLines: [], result: null, error: null });
    expect(out.error?.message).toContain(`${path} changed while the query ran`);
  });

  test('the synchronous runner refuses such a partition', () => {
    expect(() => runTaskSync({ spec: task({ kind: 'source', format: 'ipc', partition: {} }), index: 0 })).toThrow('internal: a source partition is read asynchronously');
  });
});

describe('a task over rows in chunks', () => {
  test('its rows, no bytes read from storage, nothing skipped', async () => {
    const out = await runTask({ spec: task({ kind: 'rows', fields, chunks: [{ kind: 'mem', length: 2, columns: [ints([5, 6]), ints([50, 60])] }] }), index: 2 });
    expect({ ...out, result: null }).toEqual({ index: 2, firstRow: 0, nextRow: 0, rows: 2, bytes: 0, skipped: 0, skippedLines: [], result: null, error: null });
    expect(rowsOf(out)).toEqual([[5, 50], [6, 60]]);
  });

  test('a spill file gone missing: the error in the output, and no next row to check (only CSV ranges have one)', () => {
    const gone = join(dir, 'gone.spill');
    const out = runTaskSync({ spec: task({ kind: 'rows', fields, chunks: [{ kind: 'file', length: 2, path: gone }] }), index: 0 });
    expect([out.rows, out.bytes, out.nextRow, out.skipped, out.skippedLines, out.result]).toEqual([0, 0, 0, 0, [], null]);
    expect(out.error?.message).toContain('ENOENT');
  });
});

describe('a task over a CSV byte range', () => {
  const scan: ScanSpec = {
    nFields: 2, fields: [{ index: 0, name: 'k', dtype: 'int64' }, { index: 1, name: 'v', dtype: 'int64' }], delimiter: 0x2c,
    nullValues: [...DEFAULT_NULL_VALUES], dateErrorsNull: false, skipBadLines: false, lossyUtf8: false, dateFormats: {},
    dialect: DEFAULT_DIALECT, padShortRows: false, batchRows: 1000,
  };
  const path = join(dir, 'kv.csv');
  writeFileSync(path, 'k,v\n1,10\n2,20\n3,30\n4,40\n'); // rows start at 4, 9, 14, 19; 24 bytes

  test('the rows starting in the range, where they began and where the next range begins', () => {
    const out = runTaskSync({ spec: task({ kind: 'csv', range: { path, start: 7, end: 16, dataStart: 4, planned: planned(path) } }, scan), index: 1 });
    expect({ ...out, result: null }).toEqual({ index: 1, firstRow: 9, nextRow: 19, rows: 2, bytes: 9, skipped: 0, skippedLines: [], result: null, error: null });
    expect(rowsOf(out)).toEqual([[2, 20], [3, 30]]);
  });

  test('a file shorter than planned: the error, the range size, and neither row offset known', () => {
    const out = runTaskSync({ spec: task({ kind: 'csv', range: { path, start: 14, end: 40, dataStart: 4 } }, scan), index: 2 });
    expect({ ...out, error: null }).toEqual({ index: 2, firstRow: -1, nextRow: -1, rows: 0, bytes: 26, skipped: 0, skippedLines: [], result: null, error: null });
    expect(out.error?.message).toContain('shorter than when the query was planned');
  });
});
