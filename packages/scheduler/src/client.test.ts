import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asCompleted } from './as-completed.js';
import { Client } from './client.js';
import { delayed } from './delayed.js';
import { getCurrentClient, setCurrentClient } from './current-client.js';
import { CancelledError, type Future } from './future.js';
import type { SchedulerEvent } from './events.js';
import { add, slowCube } from './testing/delayed-fns.js';

const sleepEcho = async (ms: number, value: unknown): Promise<unknown> => {
  await new Promise((r) => setTimeout(r, ms));
  return value;
};

let client: Client;
beforeAll(async () => { client = await Client.start({ workers: 2, tasksPerWorker: 2 }); });
afterAll(() => client.close());

describe('Client futures', () => {
  test('starting a client makes it current; closing it clears that', async () => {
    expect(getCurrentClient()).toBe(client);
    const other = await Client.start({ workers: 1, current: false });
    expect(getCurrentClient()).toBe(client);
    await other.close();
  });

  test('a future is awaitable and moves from running to finished', async () => {
    const f = client.submit(sleepEcho, 50, 'hi');
    expect(f.status).toBe('pending'); // waits for its slot on the next tick
    await new Promise((r) => setTimeout(r, 10));
    expect(f.status).toBe('running');
    expect(await f).toBe('hi');
    expect(f.status).toBe('finished');
    expect(f.done()).toBe(true);
    expect(f.key).toMatch(/^sleepEcho-\d+$/);
  });

  test('errors carry the worker stack and set status error', async () => {
    const f = client.submit((s: string) => JSON.parse(s) as unknown, '{bad');
    const err = (await f.exception()) as Error;
    expect(err.name).toBe('SyntaxError');
    expect(err.stack).toMatch(/floe-submitted-function:/);
    expect(err.stack).toMatch(/on worker \d+/);
    expect(f.status).toBe('error');
  });

  test('a future cancelled while waiting never runs', async () => {
    // 4 slots (2 workers × 2): fill them, then queue one more and cancel it
    const busy = Array.from({ length: 4 }, (_, i) => client.submit(sleepEcho, 300, i));
    const events: SchedulerEvent[] = [];
    const off = client.on((e) => events.push(e));
    const queued = client.submit(sleepEcho, 10, 'never');
    await new Promise((r) => setTimeout(r, 20));
    expect(queued.status).toBe('pending');
    expect(queued.cancel()).toBe(true);
    expect(queued.status).toBe('cancelled');
    await expect(queued).rejects.toBeInstanceOf(CancelledError);
    expect(await client.gather(busy)).toEqual([0, 1, 2, 3]);
    off();
    expect(events.some((e) => 'key' in e && e.key === queued.key)).toBe(false);
    expect(queued.cancel()).toBe(false);
  });

  test('cancelling a running future does not disturb a task sharing its thread', async () => {
    const a = client.submit(sleepEcho, 400, 'a');
    const b = client.submit(sleepEcho, 300, 'b');
    const c = client.submit(sleepEcho, 300, 'c');
    await new Promise((r) => setTimeout(r, 50));
    expect(a.status).toBe('running');
    a.cancel();
    await expect(a).rejects.toThrow(/cancelled/);
    expect(await client.gather([b, c])).toEqual(['b', 'c']);
  });

  test('futures may be arguments of other futures', async () => {
    const x = client.submit(sleepEcho, 20, 2);
    const y = client.submit((a: unknown, b: { n: number }) => (a as number) * b.n, x, { n: 21 });
    expect(await y).toBe(42);
  });

  test('map() submits one task per item, or per tuple of items', async () => {
    expect(await client.gather(client.map((x: number) => x * x, [1, 2, 3]))).toEqual([1, 4, 9]);
    const sums = client.map((a: number, b: number) => a + b, [1, 2, 3], [10, 20, 30, 40]);
    expect(await client.gather(sums)).toEqual([11, 22, 33]);
  });

  test('gather, as Dask\'s: one future, futures in arrays and objects, other values as they are (f.result is not a function); a delayed value or a non-future in asCompleted is named', async () => {
    const [a, b] = client.map((x: number) => x + 1, [1, 2]);
    expect(await client.gather(a)).toBe(2);
    expect(await client.gather([1, a, [b, 'x']] as unknown)).toEqual([1, 2, [3, 'x']]);
    expect(await client.gather({ a, n: null } as unknown)).toEqual({ a: 2, n: null });
    expect(await client.gather(new Set([a, b]))).toEqual([2, 3]);
    await expect(client.gather([delayed((x: number) => x)(1)] as unknown)).rejects.toThrow('gather() takes futures (from submit or map); a delayed value is computed with its .compute()');
    await expect(client.gather(new Set([delayed((x: number) => x)(1)]) as unknown)).rejects.toThrow('gather() takes futures');
    expect(() => asCompleted([delayed((x: number) => x)(1)] as never)).toThrow('asCompleted() takes futures (from client.submit or client.map), got a Delayed');
  });

  test('a delayed value given to submit() or map() is refused, as gather() refuses one (it was passed uncomputed: "[object Object]1")', () => {
    const d = delayed((x: number) => x + 1)(1);
    expect(() => client.submit((x: number) => x + 1, d as never)).toThrow('submit() was given a delayed value (argument 1), which it would pass uncomputed: compute it first');
    expect(() => client.submit((o: unknown) => o, { xs: [1, d] } as never)).toThrow('submit() was given a delayed value (argument 1.xs[1])');
    expect(() => client.map((x: number) => x, [1, d] as never)).toThrow('map() was given a delayed value (item 2)');
    // inside a Map too; and a Promise is named (it was V8's bare "#<Promise> could not be cloned")
    expect(() => client.submit((m: unknown) => m, new Map([['a', d]]) as never)).toThrow('submit() was given a delayed value (argument 1.get("a"))');
    expect(() => client.submit((x: number) => x, Promise.resolve(5) as never)).toThrow('submit() was given a Promise (argument 1), which cannot cross to a worker: await it first');
  });

  test('a function from a module is submitted through delayed(fn, { module })', async () => {
    const fn = delayed(slowCube, { module: new URL('./testing/delayed-fns.ts', import.meta.url).href });
    expect(await client.submit(fn, 2, 5)).toBe(8);
  });

  test('asCompleted yields futures in completion order, failures included', async () => {
    const fs = [client.submit(sleepEcho, 200, 'slow'), client.submit(sleepEcho, 10, 'fast'), client.submit((): unknown => { throw new Error('bad'); })];
    const order: string[] = [];
    // TypeScript types a for-await item as the awaited value of a thenable; asCompleted hands out the futures themselves
    for await (const item of asCompleted(fs)) {
      const f = item as unknown as Future<unknown>;
      order.push(f.status === 'error' ? 'error' : String(await f));
    }
    expect(order.slice(-1)).toEqual(['slow']);
    expect(order.slice(0, 2).sort()).toEqual(['error', 'fast']);
  });

  test('every computation run through the client reaches its listeners', async () => {
    const events: SchedulerEvent[] = [];
    const off = client.on((e) => events.push(e));
    await client.submit((x: number) => x, 1);
    const inc = delayed((x: number) => x + 1, { name: 'inc' });
    await inc(inc(1)).compute(); // runs on the current client
    off();
    const groups = events.filter((e) => e.type === 'task-done').map((e) => (e as { group: string }).group);
    expect(groups.sort()).toEqual(['fn', 'inc', 'inc']); // an anonymous function's group is 'fn'
    expect(events.filter((e) => e.type === 'graph-start')).toHaveLength(2);
  });

  test('closing a client cancels its pending futures', async () => {
    const c2 = await Client.start({ workers: 1, tasksPerWorker: 1, current: false });
    const running = c2.submit(sleepEcho, 200, 1);
    const waiting = c2.submit(sleepEcho, 200, 2);
    await new Promise((r) => setTimeout(r, 20));
    await c2.close();
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    expect(running.status).toBe('cancelled');
    expect(() => c2.submit(sleepEcho, 1, 1)).toThrow(/closed/);
  });

  test('computing on a closed client is refused instead of starting threads nothing ends (it returned the value)', async () => {
    const c2 = await Client.start({ workers: 1, current: false });
    await c2.close();
    expect(c2.closed).toBe(true);
    await expect(delayed((x: number) => x + 1)(1).compute({ client: c2 })).rejects.toThrow('compute(): the client is closed; start a new one with Client.start()');
    expect(c2.executor.workerIds?.()).toEqual([]);
  });

  test('a submitted function that captures variables runs on the calling thread, with them', async () => {
    const events: SchedulerEvent[] = [];
    const off = client.on((e) => events.push(e));
    const offset = 100;
    const shifted = client.submit((x: number) => add(x, offset), 1);
    const squares = client.map((x: number) => x * x, [2, 3]);
    expect(await shifted).toBe(101);
    expect(await client.gather(squares)).toEqual([4, 9]);
    off();
    const done = events.filter((e) => e.type === 'task-done') as { key: string; worker: number }[];
    expect(done.find((e) => e.key === shifted.key)!.worker).toBe(0); // the main thread
    for (const f of squares) expect(done.find((e) => e.key === f.key)!.worker).toBeGreaterThan(0);
  });

  test('new Client() works as Client() does in Dask: it becomes current and runs work', async () => {
    const c = new Client({ workers: 1 });
    try {
      expect(getCurrentClient()).toBe(c);
      expect(await c.submit((x: number) => x + 1, 1)).toBe(2);
      expect(await delayed((x: number) => x * 2)(21).compute()).toBe(42); // on the current client
    } finally {
      await c.close();
      setCurrentClient(client);
    }
  });

  test('new Client({ dashboard }) says to use Client.start, which waits for the server', () => {
    expect(() => new Client({ dashboard: 8787 })).toThrow(
      "new Client({ dashboard }) cannot wait for the dashboard's server to start: use `const client = await Client.start({ dashboard: 8787 })`",
    );
    expect(getCurrentClient()).toBe(client);
  });
});
