import { LocalPool, type SchedulerEvent } from '@floe/scheduler';
import { afterAll, describe, expect, it } from 'vitest';
import { ones } from '../api/creation.js';
import type { NDArray } from '../api/ndarray.js';
import { normal } from '../api/random.js';
import { inline } from '../testing/oracle.js';

const pool = new LocalPool({ workers: 2 });
afterAll(() => pool.close());

describe('arrays on the worker pool', () => {
  it('makes blocks and reduces them as a tree in the workers, not on the calling thread', async () => {
    const events: SchedulerEvent[] = [];
    const x = ones([60, 60, 60], { chunks: 20 });
    expect(await x.sum().compute({ executor: pool, onEvent: (e) => events.push(e) })).toBe(216000);
    const done = events.filter((e) => e.type === 'task-done');
    expect(new Set(done.map((e) => e.group))).toEqual(new Set(['sum-partial', 'sum-combine', 'sum-final']));
    expect(done.every((e) => e.worker !== 0)).toBe(true);
  });

  it('gives the same answer on the pool as on the calling thread (r + r.T mean over axis 0)', async () => {
    const r = normal([50, 50], { chunks: 16, seed: 1 });
    const y = r.add(r.T).mean({ axis: 0 });
    const onPool = (await y.compute({ executor: pool })) as NDArray;
    const here = (await y.compute({ executor: inline })) as NDArray;
    expect(onPool.data).toEqual(here.data);
  });
});
