/**
 * readPartition against a file that changes under it: truncated mid-read, or changed since
 * the query was planned. Each is an error naming the file, never a hang or a mixed answer.
 */
import { mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_NULL_VALUES, nullTokenBytes } from './dialect.js';
import { readPartition } from './read-partition.js';
import type { ScanRowsOptions } from './scan-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-read-partition-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scan: ScanRowsOptions = {
  nFields: 1,
  fields: [{ index: 0, name: 'v', dtype: 'int64' }],
  delimiter: 0x2c,
  nullTokens: nullTokenBytes(DEFAULT_NULL_VALUES),
  batchRows: 1000,
  dateErrorsNull: false,
};

/** `v` then the numbers 0…n-1, one per line: more than the reader's 1 MiB window for n = 300 000. */
function numbers(name: string, n: number): { path: string; size: number; mtimeMs: number } {
  const path = join(dir, name);
  writeFileSync(path, `v\n${Array.from({ length: n }, (_, i) => i).join('\n')}\n`);
  const st = statSync(path);
  return { path, size: st.size, mtimeMs: st.mtimeMs };
}

describe('readPartition on a file that changes', () => {
  it('a file truncated while it is read fails with "file changed while reading" (it used to spin at 100% CPU)', () => {
    const f = numbers('shrinks.csv', 300_000);
    let batches = 0;
    const read = (): unknown => readPartition({ path: f.path, start: 2, end: f.size, dataStart: 2, planned: f }, scan, () => {
      if (batches++ === 0) truncateSync(f.path, 100_000);
    });
    expect(read).toThrow(`${f.path}: file changed while reading: it was ${f.size} bytes when the read began, now 100000`);
  });

  it('a file that is shorter than when the query was planned fails before reading', () => {
    const f = numbers('shorter.csv', 1000);
    truncateSync(f.path, 100);
    expect(() => readPartition({ path: f.path, start: 2, end: f.size, dataStart: 2, planned: f }, scan, () => {}))
      .toThrow(`${f.path}: file changed while reading: it was ${f.size} bytes when the query was planned, now 100`);
  });

  it('a file rewritten in place (same size, new mtime) since planning fails', () => {
    const f = numbers('rewritten.csv', 1000);
    const planned = { size: f.size, mtimeMs: f.mtimeMs - 1000 };
    expect(() => readPartition({ path: f.path, start: 2, end: f.size, dataStart: 2, planned }, scan, () => {}))
      .toThrow(/file changed while reading: it was modified at .*, after the query was planned/);
  });

  it('a file rewritten during the read (size kept) fails at the end of the partition', () => {
    const f = numbers('touched.csv', 5000);
    let batches = 0;
    expect(() => readPartition({ path: f.path, start: 2, end: f.size, dataStart: 2, planned: f }, scan, () => {
      if (batches++ === 0) writeFileSync(f.path, 'x'.repeat(f.size));
    })).toThrow(/file changed while reading: it was modified at/);
  });
});
