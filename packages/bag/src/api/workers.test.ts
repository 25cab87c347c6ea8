import { createHash } from 'node:crypto';
import { LocalPool, type SchedulerEvent } from '@floe/scheduler';
import { afterAll, describe, expect, test } from 'vitest';
import { digest, keptTable } from '../testing/fns.js';
import { fromSequence } from './from-sequence.js';

const pool = new LocalPool({ workers: 2 });
afterAll(() => pool.close());

/** Thread ids (0: the calling thread) that ran tasks of each group. */
async function threadsByGroup<T>(run: (o: { executor: LocalPool; onEvent: (e: SchedulerEvent) => void }) => Promise<T>): Promise<{ value: T; threads: Map<string, Set<number>> }> {
  const threads = new Map<string, Set<number>>();
  const value = await run({
    executor: pool,
    onEvent: (e) => {
      if (e.type === 'task-done') threads.set(e.group, (threads.get(e.group) ?? new Set()).add(e.worker));
    },
  });
  return { value, threads };
}

describe('bags on the worker pool', () => {
  test('self-contained functions run in the workers, sent as source', async () => {
    const { value, threads } = await threadsByGroup((o) => fromSequence(Array.from({ length: 1000 }, (_, i) => i), { npartitions: 8 }).map((n) => n * n).filter((n) => n % 2 === 0).sum().compute(o));
    expect(value).toBe(Array.from({ length: 1000 }, (_, i) => i * i).filter((n) => n % 2 === 0).reduce((a, b) => a + b, 0));
    expect([...threads.get('from-sequence')!].every((t) => t !== 0)).toBe(true);
  });

  test('a function that captures variables runs its partitions on the calling thread', async () => {
    const offset = 10;
    const { value, threads } = await threadsByGroup((o) => fromSequence([1, 2, 3, 4], { npartitions: 2 }).map((n) => n + offset).compute(o));
    expect(value).toEqual([11, 12, 13, 14]);
    expect([...threads.get('from-sequence')!]).toEqual([0]);
  });

  test('a typed array a function returns and keeps is copied back (moved, it was emptied on the worker: the next partition failed)', async () => {
    const one = new LocalPool({ workers: 1 });
    try {
      const out = await fromSequence([1, 2, 3], { npartitions: 3 }).map(keptTable, { module: new URL('../testing/fns.ts', import.meta.url).href, name: 'keptTable' }).compute({ executor: one });
      expect(out.map((t) => [...(t as Float64Array)])).toEqual([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]);
    } finally {
      await one.close();
    }
  });

  test('{ module } runs a function that uses imports on the workers', async () => {
    const words = ['a', 'b', 'a', 'c'];
    const { value, threads } = await threadsByGroup((o) =>
      fromSequence(words, { npartitions: 2 }).map(digest, { module: new URL('../testing/fns.ts', import.meta.url).href, name: 'digest' }).frequencies().compute(o),
    );
    const sha = (s: string): string => createHash('sha1').update(s).digest('hex').slice(0, 8);
    expect(new Map(value)).toEqual(new Map([[sha('a'), 2], [sha('b'), 1], [sha('c'), 1]]));
    expect([...threads.get('from-sequence')!].every((t) => t !== 0)).toBe(true);
    expect([...threads.get('frequencies-reduce')!].every((t) => t !== 0)).toBe(true);
  });

  test('an element that cannot be sent to a worker is named, with its index and partition', async () => {
    await expect(fromSequence([1, 2, 3, () => 2], { partitionSize: 2 }).count().compute({ executor: pool })).rejects.toThrow(
      'fromSequence(): item 3 (in partition 1) cannot be sent to a worker: () => 2 could not be cloned. Items must be structured-cloneable',
    );
  });

  test('an error in a worker function names the step, the partition and the element', async () => {
    await expect(fromSequence([{ a: 1 }, { a: null }], { npartitions: 2 }).map((r) => (r.a as unknown as number).toFixed(1)).compute({ executor: pool })).rejects.toThrow(
      "map(): the function 'fn' failed on partition 1, element { a: null }: TypeError: Cannot read properties of null (reading 'toFixed')",
    );
  });

  test('an error in a worker function reaches the caller with its message', async () => {
    await expect(fromSequence([1, 2, 0], { npartitions: 3 }).map((n) => { if (n === 0) throw new RangeError('zero!'); return n; }).compute({ executor: pool })).rejects.toThrow('zero!');
  });
});
