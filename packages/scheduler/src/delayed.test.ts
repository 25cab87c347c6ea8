import { afterAll, describe, expect, test } from 'vitest';
import { compute, delayed, Delayed } from './delayed.js';
import { LocalPool } from './local-pool.js';
import type { SchedulerEvent } from './events.js';
import * as fns from './testing/delayed-fns.js';

const pool = new LocalPool({ workers: 2, tasksPerWorker: 4 });
afterAll(() => pool.close());
const here = new URL('./testing/delayed-fns.ts', import.meta.url).href;

const inc = delayed((x: number) => x + 1, { name: 'inc' });
const sum = delayed((xs: number[]) => xs.reduce((a, b) => a + b, 0), { name: 'sum' });

describe('delayed', () => {
  test('calling a delayed function records a task and runs nothing', () => {
    const explode = delayed((): never => { throw new Error('ran'); }, { name: 'explode' });
    const d = explode();
    expect(d).toBeInstanceOf(Delayed);
    expect(d.key).toMatch(/^explode-[0-9a-f]{10}$/);
    expect(d.group).toBe('explode');
  });

  test('keys are stable: the same call is the same task, a different one is not', () => {
    expect(inc(1).key).toBe(inc(1).key);
    expect(inc(1).key).not.toBe(inc(2).key);
    const other = delayed((x: number) => x + 2, { name: 'inc' });
    expect(other(1).key).not.toBe(inc(1).key);
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

  test('compute(a, b, c) runs work they share once and returns each value', async () => {
    const shared = inc(100);
    const events: SchedulerEvent[] = [];
    const [a, b, c] = await compute(inc(shared), sum([shared, 1]), shared, { executor: pool, onEvent: (e) => events.push(e) });
    expect([a, b, c]).toEqual([102, 102, 101]);
    const done = events.filter((e) => e.type === 'task-done').map((e) => (e as { key: string }).key);
    expect(done.filter((k) => k === shared.key)).toHaveLength(1);
    expect(done).toHaveLength(3);
  });

  test('pure: false makes every call its own task', () => {
    const roll = delayed(() => Math.random(), { name: 'roll', pure: false });
    expect(roll().key).not.toBe(roll().key);
  });

  test('a function exported from a module runs there by reference and may use its imports', async () => {
    const slowCube = delayed(fns.slowCube, { module: here });
    expect(slowCube.taskFunction.op).toEqual({ module: here, export: 'slowCube' });
    expect(await slowCube(3, 10).compute({ executor: pool })).toBe(27);
    // an exported delayed wrapper is unwrapped in the worker
    expect(await fns.cube(4, 10).compute({ executor: pool })).toBe(64);
  });

  test('a module reference without a name says how to give one', () => {
    expect(() => delayed((x: number) => x, { module: here })).toThrow(/name: '<export name>'/);
  });

  test('a source function that uses a closure variable fails with a clear message', async () => {
    const factor = 3;
    const scale = delayed((x: number) => x * factor, { name: 'scale' });
    await expect(scale(2).compute({ executor: pool })).rejects.toThrow(
      "delayed function 'scale' uses 'factor', a variable from its closure; pass it as an argument or define the function in a module and use delayed(fn, { module: import.meta.url })",
    );
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

  test('CPU-bound functions run truly in parallel on two threads', async () => {
    const block = delayed(fns.blockFor, { module: here });
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

  test('built-in and bound functions are refused when wrapped', () => {
    expect(() => delayed(Math.max)).toThrow(/built in or bound/);
    expect(() => delayed(((x: number) => x).bind(null))).toThrow(/built in or bound/);
  });

  test('a function passed as an argument is refused', () => {
    expect(() => inc((() => 1) as unknown as number)).toThrow(/cannot be a task argument/);
  });

  test('computing inside a worker (a module that computes at its top level) is explained', async () => {
    const nested = delayed(fns.nestedCompute, { module: here });
    await expect(nested().compute({ executor: pool })).rejects.toThrow(/inside a floe worker thread/);
  });
});
