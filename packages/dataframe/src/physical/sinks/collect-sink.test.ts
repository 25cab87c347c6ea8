import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { col, readCsv, shutdown } from '../../index.js';
import { collectSink } from './collect-sink.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-collect-'));
afterAll(async () => { await shutdown(); rmSync(dir, { recursive: true, force: true }); });

describe('collect sink', () => {
  it('keeps reading after a batch that a filter emptied (a silent wrong answer before)', async () => {
    // 100k rows: the first batches (32k rows each) are filtered out completely
    const path = join(dir, 'a.csv');
    writeFileSync(path, `a,b\n${Array.from({ length: 100_000 }, (_, i) => `${i},${i % 3}`).join('\n')}\n`);
    const t = await readCsv(path).filter(col('a').gt(50_000)).compute();
    expect(t.numRows).toBe(49_999);
    expect(t.column('a').get(0)).toBe(50_001);
    expect(await readCsv(path).filter(col('a').gt(99_990)).head(3).then((x) => x.column('a').toArray())).toEqual([99_991, 99_992, 99_993]);
  });

  it('sends a string column with only the dictionary entries its rows use', () => {
    const fields = [{ name: 's', dtype: 'string' as const }];
    const sink = collectSink({ kind: 'collect', fields, limit: null });
    const dict = ['a', 'b', 'c', 'd', 'e'];
    sink.push({ length: 2, columns: new Map([['s', { dtype: 'string', length: 2, values: Int32Array.of(3, 1), valid: null, dict }]]) });
    sink.push({ length: 1, columns: new Map([['s', { dtype: 'string', length: 1, values: Int32Array.of(3), valid: null, dict }]]) });
    const out = sink.finish();
    if (out.kind !== 'collect') throw new Error('expected collected rows');
    const c = out.columns[0];
    expect(c.dict).toEqual(['d', 'b']);
    expect(Array.from(c.values as Int32Array)).toEqual([0, 1, 0]);
  });

  const fields = [{ name: 'v', dtype: 'int64' as const }];
  const batch = (xs: number[]) => ({ length: xs.length, columns: new Map([['v', { dtype: 'int64' as const, length: xs.length, values: Float64Array.from(xs), valid: null }]]) });
  const values = (out: ReturnType<ReturnType<typeof collectSink>['finish']>): number[] => {
    if (out.kind !== 'collect') throw new Error('expected collected rows');
    expect(out.columns[0].length).toBe(out.length);
    return Array.from(out.columns[0].values as Float64Array).slice(0, out.length);
  };

  it('without a limit keeps every row of every batch, empty batches included, and asks for more', () => {
    const sink = collectSink({ kind: 'collect', fields, limit: null });
    expect(sink.push(batch([1, 2]))).toBe(true);
    expect(sink.push(batch([]))).toBe(true);
    expect(sink.push(batch([3]))).toBe(true);
    expect(values(sink.finish())).toEqual([1, 2, 3]);
  });

  it('keeps the first `limit` rows, cutting the batch that crosses it, and then asks for no more', () => {
    const sink = collectSink({ kind: 'collect', fields, limit: 4 });
    expect(sink.push(batch([1, 2]))).toBe(true);
    expect(sink.push(batch([]))).toBe(true); // an empty batch below the limit: keep reading
    expect(sink.push(batch([3, 4, 5, 6, 7]))).toBe(false);
    expect(sink.push(batch([]))).toBe(false);
    expect(sink.push(batch([8]))).toBe(false);
    const out = sink.finish();
    expect(out.kind === 'collect' && out.length).toBe(4);
    expect(values(out)).toEqual([1, 2, 3, 4]);
  });

  it('asks for no more once a batch fills the limit exactly', () => {
    const sink = collectSink({ kind: 'collect', fields, limit: 3 });
    expect(sink.push(batch([1]))).toBe(true);
    expect(sink.push(batch([2, 3]))).toBe(false);
    expect(values(sink.finish())).toEqual([1, 2, 3]);
  });
});
