import { createHash } from 'node:crypto';
import { LocalPool, type SchedulerEvent } from '@floe/scheduler';
import { afterAll, describe, expect, test } from 'vitest';
import { digest } from '../testing/fns.js';
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

  test('an error in a worker function reaches the caller with its message', async () => {
    await expect(fromSequence([1, 2, 0], { npartitions: 3 }).map((n) => { if (n === 0) throw new RangeError('zero!'); return n; }).compute({ executor: pool })).rejects.toThrow('zero!');
  });
});
