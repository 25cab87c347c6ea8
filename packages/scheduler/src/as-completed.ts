/**
 * Yields futures in the order they complete (finished, failed or cancelled), like Python's
 * `concurrent.futures.as_completed`:
 *
 *   for await (const f of asCompleted(futures)) console.log(await f);
 *
 * A hand-written iterator rather than an async generator: a generator's `yield` would await
 * the (thenable) future and hand out its result, losing the future and throwing on its error.
 */
import type { Future } from './future.js';

export function asCompleted<T>(futures: Iterable<Future<T>>): AsyncIterableIterator<Future<T>> {
  const all = [...new Set(futures)];
  for (const f of all) {
    if (typeof (f as { onDone?: unknown } | null)?.onDone !== 'function') throw new TypeError(`asCompleted() takes futures (from client.submit or client.map), got ${f === null ? 'null' : typeof f === 'object' ? `a ${(f as object).constructor?.name ?? 'object'}` : typeof f}`);
  }
  const completed: Future<T>[] = [];
  const waiters: ((r: IteratorResult<Future<T>>) => void)[] = [];
  let handed = 0;
  for (const f of all) {
    f.onDone(() => {
      const waiter = waiters.shift();
      if (waiter) waiter({ value: f, done: false });
      else completed.push(f);
    });
  }
  const iterator: AsyncIterableIterator<Future<T>> = {
    next(): Promise<IteratorResult<Future<T>>> {
      if (handed >= all.length) return Promise.resolve({ value: undefined, done: true });
      handed++;
      const ready = completed.shift();
      if (ready) return Promise.resolve({ value: ready, done: false });
      return new Promise((resolve) => waiters.push(resolve));
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
