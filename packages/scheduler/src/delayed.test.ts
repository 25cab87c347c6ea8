import { afterAll, describe, expect, test } from 'vitest';
import { compute, delayed, Delayed } from './delayed.js';
import { LocalPool } from './local-pool.js';
import { Client } from './client.js';
import type { SchedulerEvent } from './events.js';
import * as fns from './testing/delayed-fns.js';
import { add } from './testing/delayed-fns.js';

declare global {
  var floeTestScale: number | undefined;
}

const pool = new LocalPool({ workers: 2, tasksPerWorker: 4 });
afterAll(() => pool.close());
const here = new URL('./testing/delayed-fns.ts', import.meta.url).href;

const inc = delayed((x: number) => x + 1, { name: 'inc', pure: true });
const sum = delayed((xs: number[]) => xs.reduce((a, b) => a + b, 0), { name: 'sum', pure: true });

/** Where each task of a run ran: 0 is the calling thread, anything else a worker's thread id. */
function workersOf(events: SchedulerEvent[]): Map<string, number> {
  return new Map(events.flatMap((e) => (e.type === 'task-done' ? [[e.group, e.worker] as const] : [])));
}

describe('delayed', () => {
  test('calling a delayed function records a task and runs nothing', () => {
    const explode = delayed((): never => { throw new Error('ran'); }, { name: 'explode' });
    const d = explode();
    expect(d).toBeInstanceOf(Delayed);
    expect(d.key).toMatch(/^explode-[0-9a-f]{32}$/);
    expect(d.group).toBe('explode');
  });

  test('pure: true keys are stable: the same call is the same task, a different one is not', () => {
    expect(inc(1).key).toBe(inc(1).key);
    expect(inc(1).key).not.toBe(inc(2).key);
    const other = delayed((x: number) => x + 2, { name: 'inc', pure: true });
    expect(other(1).key).not.toBe(inc(1).key);
  });

  test('impure by default, like Dask: every call is its own task', async () => {
    const sleepFunc = delayed(async () => { await new Promise((r) => setTimeout(r, 10)); return 'Done.'; }, { name: 'sleepFunc' });
    const five = Array.from({ length: 5 }, () => sleepFunc());
    expect(new Set(five.map((d) => d.key)).size).toBe(5);
    expect(sum(five as never).toGraph().size).toBe(6);
    const rnd = delayed(() => Math.random(), { name: 'rnd' });
    const [a, b] = await compute(rnd(), rnd(), { executor: pool });
    expect(a).not.toBe(b);
  });

  test('one delayed value used twice is still one task', async () => {
    const rnd = delayed(() => Math.random(), { name: 'rnd' });
    const r = rnd();
    const [x, y] = await compute(r, r, { executor: pool });
    expect(x).toBe(y);
    const pair = delayed((p: number[]) => p[0] - p[1], { name: 'pair' });
    expect(await pair([r, r]).compute({ executor: pool })).toBe(0);
  });

  test('a function without a name option is named after itself', () => {
    function double(x: number): number { return x * 2; }
    expect(delayed(double)(3).key).toMatch(/^double-/);
  });

  test('the graph has each shared node once, dependencies first', () => {
    const a = inc(1);
    const b = inc(a);
    const c = inc(b);
    const total = sum([a, b, c, a]);
    const g = total.toGraph();
    expect(g.size).toBe(4);
    expect(g.list().map((t) => t.key)).toEqual([a.key, b.key, c.key, total.key]);
    expect(g.get(total.key).deps).toEqual([a.key, b.key, c.key]);
  });

  test('arguments may be arrays and plain objects holding delayed values', async () => {
    const pick = delayed((o: { xs: number[]; y: number; z: string }) => `${o.z}:${o.xs.join(',')}:${o.y}`, { name: 'pick' });
    const out = await pick({ xs: [inc(1), 10, inc(2)], y: inc(inc(0)), z: 'ok' }).compute({ executor: pool });
    expect(out).toBe('ok:2,10,3:2');
  });

  test('a Map or Set argument holding delayed values gets their results, as Dask looks inside dicts and sets (it got the Delayed objects: NaN)', async () => {
    const useMap = delayed((m: Map<string, number>) => (m.get('a') ?? 0) * 10, { name: 'useMap' });
    expect(await useMap(new Map([['a', inc(1)]]) as never).compute({ executor: pool })).toBe(20);
    const useSet = delayed((s: Set<number>) => [...s].sort().join(','), { name: 'useSet' });
    expect(await useSet(new Set([inc(1), 7, inc(4)]) as never).compute({ executor: pool })).toBe('2,5,7');
  });

  test('a lazy collection (a class instance with compute(), as a DataFrame) is refused as an argument: its plan would be passed, not its rows', () => {
    class Lazy { compute(): Promise<number> { return Promise.resolve(1); } }
    const rows = delayed((t: unknown) => t, { name: 'rows' });
    expect(() => rows(new Lazy())).toThrow('a Lazy cannot be an argument of a delayed function as it is (its lazy plan would be passed, not its rows)');
    expect(() => rows(Promise.resolve(5))).toThrow('a Promise cannot be an argument of a task (it cannot cross to a worker); await it first');
  });

  test('compute(a, b, c) runs work they share once and returns each value', async () => {
    const shared = inc(100);
    const events: SchedulerEvent[] = [];
    const [a, b, c] = await compute(inc(shared), sum([shared, 1]), shared, { executor: pool, onEvent: (e) => events.push(e) });
    expect([a, b, c]).toEqual([102, 102, 101]);
    const done = events.filter((e) => e.type === 'task-done').map((e) => (e as { key: string }).key);
    expect(done.filter((k) => k === shared.key)).toHaveLength(1);
    expect(done).toHaveLength(3);
  });

  test('compute, as Dask\'s: other values come back as they are, delayed values inside arrays and plain objects are computed in place (they were dropped, or taken for options)', async () => {
    const one = inc(0);
    const c = compute as (...args: unknown[]) => Promise<unknown[]>;
    expect(await c(one, 5, { executor: pool })).toEqual([1, 5]);
    expect(await c([one, inc(one)], { executor: pool })).toEqual([[1, 2]]);
    expect(await c({ a: one, b: [inc(one), 'x'] }, null, { executor: pool })).toEqual([{ a: 1, b: [2, 'x'] }, null]);
    expect(await c(7)).toEqual([7]);
    // a collection with its own compute() is not a value to hand back uncomputed
    await expect(c(one, { compute: () => 1 })).rejects.toThrow('compute() takes delayed values; a Object has its own .compute()');
  });


  test('a function exported from a module runs there by reference and may use its imports', async () => {
    const slowCube = delayed(fns.slowCube, { module: here });
    expect(slowCube.taskFunction.op).toEqual({ module: here, export: 'slowCube', copyResult: true });
    expect(await slowCube(3, 10).compute({ executor: pool })).toBe(27);
    // an exported delayed wrapper is unwrapped in the worker
    expect(await fns.cube(4, 10).compute({ executor: pool })).toBe(64);
  });

  test('a module reference without a name says how to give one', () => {
    expect(() => delayed((x: number) => x, { module: here })).toThrow(/name: '<export name>'/);
  });

  test('a function that captures a variable runs on the calling thread, with it', async () => {
    const factor = 3;
    const scale = delayed((x: number) => x * factor, { name: 'scale' });
    expect(scale.taskFunction.local).toBe(true); // decided when wrapped, before anything runs
    expect(scale.taskFunction.captures).toEqual(['factor']);
    const d = scale(2);
    expect(d.toGraph().get(d.key).local).toBe(true);
    const events: SchedulerEvent[] = [];
    expect(await inc(d).compute({ executor: pool, onEvent: (e) => events.push(e) })).toBe(7);
    expect(workersOf(events).get('scale')).toBe(0);
    expect(workersOf(events).get('inc')).toBeGreaterThan(0); // self-contained: on a worker
  });

  test("a function that calls an import of the test's own module runs on the calling thread", async () => {
    const plus = delayed((a: number, b: number) => add(a, b), { name: 'plus' });
    expect(plus.taskFunction.local).toBe(true);
    expect(await plus(2, 3).compute({ executor: pool })).toBe(5);
  });

  test('a variable that shadows a global is captured, not mistaken for the global', async () => {
    // biome-ignore lint/suspicious/noShadowRestrictedNames: the test is about a variable shadowing a global
    const JSON = { parse: (s: string) => `mine:${s}` };
    const read = delayed((s: string) => JSON.parse(s), { name: 'read' });
    expect(read.taskFunction.captures).toEqual(['JSON']);
    expect(await read('1').compute({ executor: pool })).toBe('mine:1');
    const hyp = delayed((a: number, b: number) => Math.hypot(a, b), { name: 'hyp' });
    expect(hyp.taskFunction.local).toBe(false); // the real global: runs on a worker
  });

  test('a global the program sets after floe loads exists only on the calling thread: the function runs there', async () => {
    globalThis.floeTestScale = 2;
    try {
      const scale = delayed((x: number) => x * floeTestScale!, { name: 'scaleGlobal' });
      expect(scale.taskFunction.captures).toEqual(['floeTestScale']);
      expect(await scale(2).compute({ executor: pool })).toBe(4);
    } finally {
      delete globalThis.floeTestScale;
    }
  });

  test('an arrow function that reads `this` of the code around it runs on the calling thread', async () => {
    class Scaler {
      factor = 4;
      task() { return delayed((x: number) => x * this.factor, { name: 'scaleBy' }); }
    }
    const t = new Scaler().task();
    expect(t.taskFunction.captures).toEqual(['this']);
    expect(await t(2).compute({ executor: pool })).toBe(8);
  });

  test('xs.map(cube) passes no index and array: the same tasks as xs.map((x) => cube(x))', async () => {
    const cube = delayed((n: number) => n ** 3, { name: 'cube', pure: true });
    const viaMap = [1, 2, 3].map(cube);
    expect(viaMap.map((d) => d.key)).toEqual([1, 2, 3].map((n) => cube(n).key));
    expect(viaMap[1].node.args.slice(1)).toEqual([2]);
    expect(await sum(viaMap).compute({ executor: pool })).toBe(36);
  });

  test('arguments a function can see are all passed, as in a plain call', async () => {
    const withIndex = delayed((x: number, i: number) => x * 10 + i, { name: 'withIndex' });
    const rest = delayed((...xs: unknown[]) => xs.length, { name: 'rest' });
    // biome-ignore lint/complexity/noArguments: the test is about functions that read `arguments`
    const args = delayed(function () { return arguments.length; } as (...xs: number[]) => number, { name: 'args' });
    const defaulted = delayed((n: number, step = 100) => n + step, { name: 'defaulted' });
    const [a, b, c, d] = await compute(sum([5, 6].map(withIndex)), rest(1, 2, 3), args(1, 2), sum([1, 2].map(defaulted)), { executor: pool });
    // what plain JS gives: map passes the index, which fills `i` and `step`
    expect([a, b, c, d]).toEqual([50 + 61, 3, 2, (1 + 0) + (2 + 1)]);
    expect([withIndex.taskFunction.params, rest.taskFunction.params, args.taskFunction.params, defaulted.taskFunction.params]).toEqual([2, null, null, 2]);
  });

  test("a task's error carries the worker's stack", async () => {
    const check = delayed((x: number) => {
      if (x < 0) throw new RangeError(`negative: ${x}`);
      return x;
    }, { name: 'check' });
    const err = (await check(-1).compute({ executor: pool }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('RangeError');
    expect(err.message).toBe('negative: -1');
    expect(err.stack).toMatch(/floe-delayed-function:check/);
    expect(err.stack).toMatch(/task check-[0-9a-f]+ on worker \d+/);
  });

  test("a task's error keeps its own fields that can cross a thread: objects and arrays too (only strings, numbers and booleans crossed)", async () => {
    const fail = delayed(() => {
      throw Object.assign(new Error('request failed'), { status: 503, details: { retry: [1, 2], at: new Date(0) }, big: 2n ** 70n, notify() {} });
    }, { name: 'fail' });
    const err = (await fail().compute({ executor: pool }).catch((e: unknown) => e)) as Error & Record<string, unknown>;
    expect([err.message, err.status, err.details, err.big, err.notify]).toEqual(['request failed', 503, { retry: [1, 2], at: new Date(0) }, 2n ** 70n, undefined]);
  });

  test('CPU-bound functions run truly in parallel on two threads', async () => {
    const block = delayed(fns.blockFor, { module: here });
    await compute(block(50), block(51), { executor: pool }); // both threads up, the module imported: not what is timed
    const [a, b] = await compute(block(400), block(401), { executor: pool });
    expect(a.thread).not.toBe(b.thread);
    // their blocked spans overlap (no wall-clock bound: it would fail on a loaded machine)
    expect(Math.max(a.start, b.start)).toBeLessThan(Math.min(a.end, b.end));
  });

  test('method shorthand and async functions compile from source', async () => {
    const obj = { twice(x: number) { return x * 2; }, async later(x: number) { return x + 0.5; } };
    expect(await delayed(obj.twice)(4).compute({ executor: pool })).toBe(8);
    expect(await delayed(obj.later)(4).compute({ executor: pool })).toBe(4.5);
  });

  test("a method sent alone runs in strict mode, as it was written: reading `this` is a TypeError that says why (it read the worker's globalThis: NaN)", async () => {
    const acct = { rate: 3, scale(x: number) { return x * (this as unknown as { rate: number }).rate; } };
    await expect(delayed(acct.scale)(2).compute({ executor: pool })).rejects.toThrow(/Cannot read properties of undefined \(reading 'rate'\) in delayed function 'scale', which reads `this`: a method sent to a worker goes without its object/);
  });

  test('a function reading globalThis.X that the program set fails on a worker with the reason (it was a bare "Cannot read properties of undefined")', async () => {
    const reads = delayed((x: number) => x * (globalThis as unknown as { floeTestConfig: { m: number } }).floeTestConfig.m, { name: 'config' });
    (globalThis as unknown as { floeTestConfig: { m: number } }).floeTestConfig = { m: 7 };
    await expect(reads(2).compute({ executor: pool })).rejects.toThrow(/in delayed function 'config', which reads globalThis\.floeTestConfig: a global the calling thread set, which worker threads do not have; pass it as an argument/);
  });

  test('built-in and bound functions run on the calling thread', async () => {
    const max = delayed(Math.max);
    expect(max.taskFunction.local).toBe(true);
    const half = delayed(((d: number, x: number) => x / d).bind(null, 2));
    expect(await compute(max(1, 5, 3), half(9), { executor: pool })).toEqual([5, 4.5]);
  });

  test('classes are refused when wrapped', () => {
    expect(() => delayed(class Foo {} as never)).toThrow("delayed function 'Foo' is a class; pass a function");
  });

  test('a function is refused as an argument of a worker task, and accepted by a local one', async () => {
    expect(() => inc((() => 1) as unknown as number)).toThrow('a function cannot be an argument of a task that runs on a worker (it cannot cross a thread); call it inside the task, or pass a delayed value');
    const offset = 1;
    const apply = delayed((f: (x: number) => number, x: number) => f(x) + offset, { name: 'apply' });
    expect(await apply((x) => x * 2, 5).compute({ executor: pool })).toBe(11);
  });

  test('computing inside a worker (a module that computes at its top level) is explained', async () => {
    const nested = delayed(fns.nestedCompute, { module: here });
    await expect(nested().compute({ executor: pool })).rejects.toThrow(/inside a floe worker thread/);
  });

  test('a future is accepted as an argument, as in Dask: the task gets its result (it failed with "#<Promise> could not be cloned")', async () => {
    const client = new Client({ executor: pool, current: false });
    const f = client.submit((x: number) => x * 10, 4);
    expect(await inc(f as never).compute({ executor: pool })).toBe(41);
    expect(await sum([f, inc(1), { n: 1 }.n] as never).compute({ executor: pool })).toBe(43);
    await client.close();
  });

  test("a result buffer a source function keeps (a worker-side cache) is copied back, not moved out of it", async () => {
    const cached = delayed(function cached(n: number) {
      const g = globalThis as { floeTestCache?: Float64Array };
      g.floeTestCache ??= new Float64Array(n).fill(7);
      return g.floeTestCache;
    });
    const one = new LocalPool({ workers: 1 });
    try {
      expect([...await cached(3).compute({ executor: one })]).toEqual([7, 7, 7]);
      expect([...await cached(3).compute({ executor: one })]).toEqual([7, 7, 7]);
    } finally {
      await one.close();
    }
  });

  test('a relative import() in a function sent as source is explained, with the fix (it named a file inside floe)', async () => {
    // built with new Function: the test runner rewrites an import() written in this file
    const source = new Function('x', "return import('./floe-no-such-helper.mjs').then((m) => m.triple(x));") as (x: number) => Promise<number>;
    const rel = delayed(source, { name: 'rel' });
    await expect(rel(2).compute({ executor: pool })).rejects.toThrow(
      "a relative import() inside delayed function 'rel', which is sent to a worker as source, resolves against floe's runner, not your file; import an absolute URL (new URL('./helper.mjs', import.meta.url).href, passed as an argument)");
  });

  test('a Node Buffer argument or result stays a Buffer through a worker (it became a Uint8Array: "104,101,…")', async () => {
    const text = delayed((b: Buffer) => b.toString('utf8'));
    expect(await text(Buffer.from('hello')).compute({ executor: pool })).toBe('hello');
    const bytes = delayed((s: string) => Buffer.from(s, 'utf8'));
    const out = await bytes('héllo').compute({ executor: pool });
    expect(Buffer.isBuffer(out)).toBe(true);
    expect(out.toString('utf8')).toBe('héllo');
  });
});
