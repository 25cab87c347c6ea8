import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { concatenate } from '../api/combine.js';
import { arange, fromArray } from '../api/creation.js';
import { inline, run } from '../testing/oracle.js';
import { fromZarr } from './zarr.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-zarr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Zarr storage', () => {
  it('writes one chunk per block and reads the same values back, lazily', async () => {
    const x = arange(0, 35, 1, { dtype: 'float64' }).reshape([5, 7]).rechunk([2, 3]);
    const path = join(dir, 'a.zarr');
    await x.toZarr(path, { executor: inline });
    const meta = JSON.parse(readFileSync(join(path, 'zarr.json'), 'utf8'));
    expect(meta.shape).toEqual([5, 7]);
    expect(meta.chunk_grid.configuration.chunk_shape).toEqual([2, 3]);
    expect(meta.codecs.map((c: { name: string }) => c.name)).toEqual(['bytes', 'zstd']);
    const y = fromZarr(path);
    expect(y.shape).toEqual([5, 7]);
    expect(y.chunks).toEqual([[2, 2, 1], [3, 3, 1]]);
    expect(y.dtype).toBe('float64');
    expect(await run(y)).toEqual(await run(x));
    expect(await y.T.sum({ axis: 1 }).compute({ executor: inline })).toEqual(await x.T.sum({ axis: 1 }).compute({ executor: inline }));
  });

  it('keeps int32, int64, float32 and bool values', async () => {
    const arrays = [
      fromArray(Int32Array.from([1, -2, 3]), { chunks: 2 }),
      fromArray(BigInt64Array.from([2n ** 60n, -1n, 3n]), { chunks: 2 }),
      fromArray(Float32Array.from([1.5, NaN, -3]), { chunks: 2 }),
      fromArray(Uint8Array.from([1, 0, 1]), { chunks: 2 }),
    ];
    for (const [i, x] of arrays.entries()) {
      const path = join(dir, `t${i}.zarr`);
      await x.toZarr(path, { executor: inline, compression: i % 2 === 0 ? 'zstd' : 'none' });
      const y = fromZarr(path);
      expect(y.dtype).toBe(x.dtype);
      expect(await run(y)).toEqual(await run(x));
    }
  });

  it('rechunks irregular blocks to Zarr’s regular grid', async () => {
    const a = fromArray(Float64Array.from([1, 2, 3]), { chunks: 2 });
    const x = concatenate([a, a]); // chunks 2, 1, 2, 1
    const path = join(dir, 'irregular.zarr');
    await x.toZarr(path, { executor: inline });
    expect(fromZarr(path).chunks).toEqual([[2, 2, 2]]);
    expect((await run(fromZarr(path))).data).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('refuses to overwrite unless asked, and says what is missing', async () => {
    const path = join(dir, 'once.zarr');
    const x = fromArray(Float64Array.from([1, 2]));
    await x.toZarr(path, { executor: inline });
    await expect(x.toZarr(path, { executor: inline })).rejects.toThrow(/already exists; pass \{ overwrite: true \}/);
    await x.mul(10).toZarr(path, { executor: inline, overwrite: true });
    expect((await run(fromZarr(path))).data).toEqual([10, 20]);
    expect(() => fromZarr(join(dir, 'missing.zarr'))).toThrow(/no Zarr v3 array at/);
  });
});
