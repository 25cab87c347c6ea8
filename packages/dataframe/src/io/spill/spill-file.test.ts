import { existsSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { valueAt, type Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import { encodeChunk, readChunkFile } from './chunk-file.js';
import { readSpillFile, SpillAppender, SpillError } from './spill-file.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-spill-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fields: Field[] = [{ name: 'k', dtype: 'int64' }, { name: 's', dtype: 'string' }];
const chunk = (from: number, n: number): Column[] => [
  { dtype: 'int64', length: n, values: Float64Array.from({ length: n }, (_, i) => from + i), valid: null },
  { dtype: 'string', length: n, values: Int32Array.from({ length: n }, (_, i) => (from + i) % 3), valid: Uint8Array.from({ length: n }, (_, i) => (i % 4 === 1 ? 0 : 1)), dict: ['a', 'bé', 'c'] },
];
const rows = (cols: Column[]): unknown[][] => Array.from({ length: cols[0].length }, (_, i) => cols.map((c) => valueAt(c, i)));

describe('spill appender', () => {
  it('appends chunks to one file, each read back whole from its byte range, visible under its name only once finished', () => {
    const path = join(dir, 'run.spill');
    const into = new SpillAppender(path);
    const chunks = [chunk(0, 5), chunk(5, 1), chunk(6, 40)];
    const ranges = chunks.map((c) => into.append(encodeChunk(fields, c)));
    expect(existsSync(path)).toBe(false);
    into.finish();
    expect(readdirSync(dir)).toContain('run.spill');
    expect(readdirSync(dir)).not.toContain('run.spill.tmp');
    expect(ranges.map((r) => r[0])).toEqual([0, ranges[0][1], ranges[0][1] + ranges[1][1]]);
    // read out of order: each range alone
    for (const k of [2, 0, 1]) expect(rows(readChunkFile(path, fields, chunks[k][0].length, undefined, ranges[k]))).toEqual(rows(chunks[k]));
  });

  it('makes no file when nothing was appended', () => {
    const into = new SpillAppender(join(dir, 'empty.spill'));
    into.finish();
    expect(readdirSync(dir).filter((f) => f.startsWith('empty'))).toEqual([]);
  });

  it('fails with a SpillError naming the file and the range when it is missing, cut short or corrupt', () => {
    const path = join(dir, 'bad.spill');
    const into = new SpillAppender(path);
    const a = into.append(encodeChunk(fields, chunk(0, 8)));
    const b = into.append(encodeChunk(fields, chunk(8, 8)));
    into.finish();
    const whole = readFileSync(path);
    // corrupt: the second chunk's bytes overwritten
    const broken = Buffer.from(whole);
    broken.fill(7, b[0], b[0] + b[1]);
    writeFileSync(path, broken);
    expect(rows(readChunkFile(path, fields, 8, undefined, a))).toEqual(rows(chunk(0, 8)));
    expect(() => readChunkFile(path, fields, 8, undefined, b)).toThrow(new RegExp(`spill file .*bad\\.spill \\(bytes ${b[0]}–${b[0] + b[1]}\\) is corrupt`));
    // cut short inside the second chunk
    truncateSync(path, b[0] + 10);
    expect(() => readSpillFile(path, 'spill file', b)).toThrow(SpillError);
    expect(() => readSpillFile(path, 'spill file', b)).toThrow(/cut short/);
    rmSync(path);
    expect(() => readChunkFile(path, fields, 8, undefined, a)).toThrow(/bad\.spill cannot be read \(ENOENT\)/);
  });
});
