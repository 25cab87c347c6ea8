import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { setsInitialHeap } from './initial-old-space.js';
import { LocalPool, profilerFlags } from './local-pool.js';
import { delayed } from './delayed.js';

const ops = new URL('./testing/sample-ops.ts', import.meta.url).href;
const sleepThenEcho = { module: ops, export: 'sleepThenEcho' };
const sleepSpan = { module: ops, export: 'sleepSpan' };
type Span = { thread: number; start: number; end: number };
const pool = new LocalPool({ workers: 1, tasksPerWorker: 3 });
beforeAll(() => pool.run({ key: 'warm-up', op: sleepThenEcho, args: [0, 0] })); // a thread's start is not what is timed
afterAll(() => pool.close());

describe('LocalPool options', () => {
  test('a count given as text is named as text (workers: "2" said "got 2")', () => {
    expect(() => new LocalPool({ workers: '2' as never })).toThrow(new TypeError('workers must be a positive integer, got the string "2"'));
    expect(() => new LocalPool({ workers: 0 })).toThrow(new RangeError('workers must be a positive integer, got 0'));
    // an array of one number is not that number (String([2]) is "2")
    expect(() => new LocalPool({ workers: [2] as never })).toThrow(new TypeError('workers must be a positive integer, got an array'));
    expect(() => new LocalPool({ tasksPerWorker: '1' as never })).toThrow('tasksPerWorker must be a positive integer, got the string "1"');
  });
});

describe('profiler flags for the threads', () => {
  test('node --cpu-prof and its options reach the workers, a value given as the next argument with its option; other flags do not', () => {
    expect(profilerFlags(['--cpu-prof', '--cpu-prof-interval', '100', '--max-old-space-size=100', '--cpu-prof-dir=prof', '--heap-prof-name', 'h.heapprofile', '--enable-source-maps']))
      .toEqual(['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir=prof', '--heap-prof-name', 'h.heapprofile']);
    expect(profilerFlags(['--inspect', '--conditions=floe-source'])).toEqual([]);
  });
});

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

describe('LocalPool garbage between tasks', () => {
  test("a thread collects a finished task's garbage once its reply is posted, not when the next task comes", async () => {
    const p = new LocalPool({ workers: 1 });
    try {
      const first = await p.run({ key: 'g', op: { module: ops, export: 'dropGarbage' }, args: [64] });
      // the next task comes 300 ms later: the collection was not waiting for it
      await new Promise((resolve) => setTimeout(resolve, 300));
      const next = await p.run({ key: 's', op: { module: ops, export: 'majorCollectionStarts' }, args: [] });
      const starts = next.value as number[];
      expect(starts.some((t) => t >= first.end - 1 && t < next.start - 200), `collections at ${starts.map((t) => Math.round(t - first.end))} ms after the reply; next task at ${Math.round(next.start - first.end)}`).toBe(true);
    } finally {
      await p.close();
    }
  });
});

describe('LocalPool worker old generation', () => {
  test('a worker keeps 30 MB of objects without a full collection (its old generation starts at 64 MB; V8 alone ran one at ~20 MB)', async () => {
    const p = new LocalPool({ workers: 1 });
    try {
      expect((await p.run({ key: 'mc', op: { module: ops, export: 'majorCollectionsKeeping' }, args: [30] })).value).toBe(0);
    } finally {
      await p.close();
    }
  });

  test('a process started with an initial heap or old-space size of its own keeps it', () => {
    expect(setsInitialHeap(['--initial-old-space-size=16'])).toBe(true);
    expect(setsInitialHeap([], '--max-old-space-size=4096 --initial_heap_size=32')).toBe(true);
    expect(setsInitialHeap(['--max-old-space-size=4096', '--cpu-prof'], '--enable-source-maps')).toBe(false);
    expect(setsInitialHeap([])).toBe(false);
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
  test("a typed array a user's function keeps is copied back, not moved out of it (the next task saw it empty)", async () => {
    const getTable = delayed((): Float64Array => new Float64Array(0), { module: ops, name: 'getKeptTable' });
    const total = delayed((): number => 0, { module: ops, name: 'keptTableTotal' });
    expect(await total().compute({ executor: one })).toBe(10);
    expect([...await getTable().compute({ executor: one })]).toEqual([1, 2, 3, 4]);
    expect(await total().compute({ executor: one })).toBe(10);
    expect([...await delayed(() => new Float64Array([5, 6]))().compute({ executor: one })]).toEqual([5, 6]);
  });
  test("floe's own ops, and users' functions that opt in, still move their result buffers", async () => {
    const own = new LocalPool({ workers: 1 });
    try {
      const get = delayed((): Float64Array => new Float64Array(0), { module: ops, name: 'getKeptTable', transferResult: true });
      expect([...await get().compute({ executor: own })]).toEqual([1, 2, 3, 4]);
      // moved: the worker's copy is gone (what the opt-in promises the function does not need)
      expect((await own.run({ key: 't', op: { module: ops, export: 'keptTableTotal' }, args: [] })).value).toBe(0);
    } finally {
      await own.close();
    }
  });
  test('an op that says its result is plain data is not walked, and a function in it is still an error naming the task', async () => {
    const err = await one.run({ key: 'plain-f', op: { module: ops, export: 'returnsFunction', plainResult: true }, args: [] }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^the task's result could not be sent back from its worker: .* could not be cloned; return plain data .*\(task 'plain-f'\)$/);
    expect((await one.run({ key: 'next', op: { module: ops, export: 'add', plainResult: true }, args: [1, 2] })).value).toBe(3);
  });
  test('a result holding a detached buffer is an error, and the worker runs the next task (it hung, holding the slot)', async () => {
    for (const op of [{ module: ops, export: 'detachedArray' }, { module: ops, export: 'detachedArray', copyResult: true }]) {
      await expect(one.run({ key: 'detached-1', op, args: [] })).rejects.toThrow(
        "the task's result could not be sent back from its worker: An ArrayBuffer is detached and could not be cloned; return plain data");
      expect((await one.run({ key: 'next', op: { module: ops, export: 'add' }, args: [1, 2] })).value).toBe(3);
    }
  });
  test('a function in a Set, in a class instance, or nested past the quick check is an Error naming the task (each rejected with a bare {})', async () => {
    const run = (kind: string) => one.run({ key: `hidden-${kind}`, op: { module: ops, export: 'returnsHiddenFunction' }, args: [kind] }).then(() => null, (e: unknown) => e);
    const set = await run('set');
    expect(set).toBeInstanceOf(Error);
    expect((set as Error).message).toBe("the task's result holds a function at result (Set item 1), which cannot cross to another thread; return plain data (numbers, strings, arrays, objects, typed arrays, Dates, Maps, Sets) (task 'hidden-set')");
    expect((await run('instance') as Error).message).toMatch(/^the task's result holds a function at result\.cb, .* \(task 'hidden-instance'\)$/);
    const deep = await run('deep');
    expect(deep).toBeInstanceOf(Error);
    expect((deep as Error).message).toMatch(/^the task's result could not be sent back from its worker: .*could not be cloned.*\(task 'hidden-deep'\)$/);
  });
  test('an Error, Date or RegExp in a result is not searched for functions (structured clone drops their extra fields; an axios-style error was refused)', async () => {
    const r = (await one.run({ key: 'err-config', op: { module: ops, export: 'returnsErrorWithConfig' }, args: [] })).value as { error: Error };
    expect(r.error).toBeInstanceOf(Error);
    expect(r.error.message).toBe('request failed');
  });
  test('a built-in error class thrown in a task arrives as itself (it arrived as a plain Error)', async () => {
    for (const [name, Class] of [['RangeError', RangeError], ['TypeError', TypeError], ['SyntaxError', SyntaxError]] as const) {
      const err = await one.run({ key: name, op: { module: ops, export: 'throwsBuiltIn' }, args: [name] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Class);
      expect((err as Error).message).toBe(`a ${name} from the task`);
    }
  });
});

describe('LocalPool lifecycle and environment', () => {
  test('threads see process.env as it is when a task runs, not as it was when they started', async () => {
    const own = new LocalPool({ workers: 1 });
    const read = { module: ops, export: 'readEnv' };
    try {
      process.env.FLOE_TEST_ENV = 'first';
      expect((await own.run({ key: 'e1', op: read, args: ['FLOE_TEST_ENV'] })).value).toBe('first');
      process.env.FLOE_TEST_ENV = 'second';
      expect((await own.run({ key: 'e2', op: read, args: ['FLOE_TEST_ENV'] })).value).toBe('second');
    } finally {
      delete process.env.FLOE_TEST_ENV;
      await own.close();
    }
  });

  test('a thread runs what a task left running after it returned (piscina blocked its event loop between tasks)', async () => {
    const own = new LocalPool({ workers: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'floe-pool-'));
    try {
      const path = join(dir, 'late.txt');
      await own.run({ key: 'w', op: { module: ops, export: 'writeLater' }, args: [path, 20] });
      // no other task comes: the timer still fires
      for (let i = 0; i < 100 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 20));
      expect(readFileSync(path, 'utf8')).toBe('written after the task returned');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await own.close();
    }
  });

  test('an error a task left behind (a timer that throws) is reported, and the thread is replaced', async () => {
    const own = new LocalPool({ workers: 1 });
    const warnings: string[] = [];
    const onWarning = (w: Error): void => { warnings.push(w.message); };
    process.on('warning', onWarning);
    try {
      const first = await own.run({ key: 't', op: { module: ops, export: 'throwLater' }, args: ['thrown from a timer', 10] });
      for (let i = 0; i < 100 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^floe: an error was thrown on a worker thread after its task had returned .*await such work inside the task.*\nError: thrown from a timer\n {4}at /s);
      const next = await own.run({ key: 'a', op: sleepThenEcho, args: [0, 'after'] });
      expect((next.value as { value: string }).value).toBe('after');
      expect(next.worker).not.toBe(first.worker);
    } finally {
      process.off('warning', onWarning);
      await own.close();
    }
  });

  test('a closed pool refuses tasks instead of starting threads nothing ends', async () => {
    const own = new LocalPool({ workers: 1 });
    await own.run({ key: 'a', op: sleepThenEcho, args: [0, 1] });
    await own.close();
    await expect(own.run({ key: 'late', op: sleepThenEcho, args: [0, 1] })).rejects.toThrow('the pool is closed: task late cannot run on it');
    expect(own.workerIds()).toEqual([]);
  });
});
