import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LocalPool } from './local-pool.js';

const ops = new URL('./testing/sample-ops.ts', import.meta.url).href;
const sleepThenEcho = { module: ops, export: 'sleepThenEcho' };
const sleepSpan = { module: ops, export: 'sleepSpan' };
type Span = { thread: number; start: number; end: number };
const pool = new LocalPool({ workers: 1, tasksPerWorker: 3 });
beforeAll(() => pool.run({ key: 'warm-up', op: sleepThenEcho, args: [0, 0] })); // a thread's start is not what is timed
afterAll(() => pool.close());

describe('LocalPool with several tasks per worker', () => {
  test('async tasks overlap on one thread', async () => {
    const out = await Promise.all([0, 1, 2].map((i) => pool.run({ key: `s-${i}`, op: sleepSpan, args: [300] })));
    const spans = out.map((o) => o.value as Span);
    // all three were sleeping at once: the last to start started before the first to end ended
    // (no wall-clock bound: it would fail on a loaded machine)
    expect(Math.max(...spans.map((s) => s.start))).toBeLessThan(Math.min(...spans.map((s) => s.end)));
    expect(new Set(spans.map((s) => s.thread)).size).toBe(1);
    expect(new Set(out.map((o) => o.worker)).size).toBe(1);
    expect(pool.slots).toBe(3);
    expect(pool.concurrency).toBe(1);
  });

  test('a task beyond the slots waits, and cancelling it while it waits removes it', async () => {
    const running = [0, 1, 2].map((i) => pool.run({ key: `s-${i}`, op: sleepThenEcho, args: [200, i] }));
    const ac = new AbortController();
    const queued = pool.run({ key: 'q', op: sleepThenEcho, args: [10, 'q'] }, ac.signal);
    ac.abort(new Error('not needed'));
    await expect(queued).rejects.toThrow('not needed');
    const out = await Promise.all(running);
    expect(out.map((o) => (o.value as { value: number }).value)).toEqual([0, 1, 2]);
  });

  test('cancelling a running task rejects it at once and leaves its thread to the others', async () => {
    const ac = new AbortController();
    const victim = pool.run({ key: 'v', op: sleepThenEcho, args: [5000, 'v'] }, ac.signal);
    const neighbour = pool.run({ key: 'n', op: sleepThenEcho, args: [200, 'n'] });
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    ac.abort(new Error('stop'));
    await expect(victim).rejects.toThrow('stop');
    // "at once" = long before the victim's 5 s sleep ends; loose enough for a loaded 2-core machine
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(((await neighbour).value as { value: string }).value).toBe('n');
  });

  test('reports live worker ids and their heap', async () => {
    await pool.run({ key: 'm', op: sleepThenEcho, args: [0, 0] });
    const ids = pool.workerIds();
    expect(ids).toHaveLength(1);
    const mem = await pool.workerMemory();
    expect(mem.get(ids[0])).toBeGreaterThan(1e6);
  });
});

describe('LocalPool worker heaps', () => {
  const limits = { module: ops, export: 'threadResourceLimits' };
  test('a worker\'s young generation is capped at 8 MB unless the pool is given its own limits', async () => {
    const plain = new LocalPool({ workers: 1 });
    const own = new LocalPool({ workers: 1, resourceLimits: { maxYoungGenerationSizeMb: 24, maxOldGenerationSizeMb: 300 } });
    try {
      expect((await plain.run({ key: 'l', op: limits, args: [] })).value).toMatchObject({ maxYoungGenerationSizeMb: 8 });
      expect((await own.run({ key: 'l', op: limits, args: [] })).value).toMatchObject({ maxYoungGenerationSizeMb: 24, maxOldGenerationSizeMb: 300 });
    } finally {
      await Promise.all([plain.close(), own.close()]);
    }
  });
});

describe('what a task sends back', () => {
  const one = new LocalPool({ workers: 1 });
  afterAll(() => one.close());
  test('a result holding a function is an error that says where (it rejected with a bare {})', async () => {
    await expect(one.run({ key: 'f', op: { module: ops, export: 'returnsFunction' }, args: [] })).rejects.toThrow(
      "the task's result holds a function at result.fmt.format, which cannot cross to another thread; return plain data");
  });
  test('a Promise, a WeakMap or a generator in a result is an error that says where (each rejected with a bare {})', async () => {
    const run = (kind: string) => one.run({ key: kind, op: { module: ops, export: 'returnsUncloneable' }, args: [kind] });
    await expect(run('promise')).rejects.toThrow("the task's result holds a Promise at result.p (await it inside the task)");
    await expect(run('weakmap')).rejects.toThrow("the task's result holds a WeakMap at result[1]");
    await expect(run('generator')).rejects.toThrow("the task's result holds a generator at result.rows");
  });
  test('a thrown value that is not an Error arrives with its value in the message and its fields kept (it was "[object Object]")', async () => {
    const run = (kind: string) => one.run({ key: kind, op: { module: ops, export: 'throwsValue' }, args: [kind] }).then((): Error & { code?: number } => new Error('no throw'), (e: unknown) => e as Error & { code?: number });
    const obj = await run('object');
    expect(obj.message).toBe('the task threw a non-Error value: {"code":42,"why":"disk"}');
    expect(obj.code).toBe(42);
    expect((await run('string')).message).toBe('plain text');
    expect((await run('number')).message).toBe('the task threw a number: 7');
  });
  test('a built-in error class thrown in a task arrives as itself (it arrived as a plain Error)', async () => {
    for (const [name, Class] of [['RangeError', RangeError], ['TypeError', TypeError], ['SyntaxError', SyntaxError]] as const) {
      const err = await one.run({ key: name, op: { module: ops, export: 'throwsBuiltIn' }, args: [name] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Class);
      expect((err as Error).message).toBe(`a ${name} from the task`);
    }
  });
});
