/**
 * The seed chapter's parallelism examples, ported: `dask.delayed` (five one-second cubes that
 * take one second, then a multiply) and `concurrent.futures` (five sleeps; sleeps of
 * [1, 2, 3, 1, 2, 3] seconds with arguments, printed in completion order). Results are exact;
 * timings are asserted with generous bounds (they must hold on a loaded 2-core machine, and
 * only tell overlapping sleeps from sequential ones), on a client with just two worker threads: the
 * sleeps are asynchronous, so they overlap within a thread. Written both as a JS developer
 * writes them (`sleep` imported from node:timers/promises: the functions capture it, so they
 * run on the calling thread's event loop) and self-contained (they run on the workers).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asCompleted } from './as-completed.js';
import { Client } from './client.js';
import { delayed } from './delayed.js';

let client: Client;
beforeAll(async () => { client = await Client.start({ workers: 2 }); });
afterAll(() => client.close());

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

describe('seed chapter: dask.delayed', () => {
  test('as a JS developer writes it: imported sleep, xs.map(cube), no names given', async () => {
    const cube = delayed(async (n: number) => { await sleep(1000); return n ** 3; });
    const multiply = delayed((xs: number[]) => xs.reduce((a, b) => a * b, 1));
    const graph = multiply([1, 2, 3, 4, 5].map(cube));
    expect(graph.toGraph().list().map((t) => Boolean(t.local))).toEqual([true, true, true, true, true, false]);

    const t0 = performance.now();
    expect(await graph.compute()).toBe(1728000);
    const took = seconds(t0);
    expect(took).toBeGreaterThanOrEqual(0.95);
    expect(took).toBeLessThan(2.5); // the five sleeps overlap on the event loop
  });

  test('five one-second cubes and a multiply: 1728000 in about one second, not five', async () => {
    const cube = delayed(async (n: number) => {
      await new Promise((r) => setTimeout(r, 1000));
      return n ** 3;
    }, { name: 'cube' });
    const multiply = delayed((items: number[]) => items.reduce((a, b) => a * b, 1), { name: 'multiply' });
    const graph = multiply([1, 2, 3, 4, 5].map((n) => cube(n))); // builds a graph, runs nothing
    expect(graph.toGraph().size).toBe(6);

    const t0 = performance.now();
    expect(await graph.compute()).toBe(1728000);
    const took = seconds(t0);
    expect(took).toBeGreaterThanOrEqual(0.95);
    expect(took).toBeLessThan(4); // one after another would be 5 s
  });
});

describe('seed chapter: concurrent.futures', () => {
  test('submitted functions that use an imported sleep overlap on the calling thread', async () => {
    const sleepFunc = async (howLong: number): Promise<string> => {
      await sleep(howLong * 1000);
      return `Finished sleeping for ${howLong} seconds.`;
    };
    const t0 = performance.now();
    const out = [1, 2, 3, 1, 2, 3].map((s) => client.submit(sleepFunc, s));
    const printed: string[] = [];
    for await (const curr of asCompleted(out)) printed.push(await curr);
    const took = seconds(t0);
    expect(printed).toEqual([1, 1, 2, 2, 3, 3].map((s) => `Finished sleeping for ${s} seconds.`));
    expect(took).toBeGreaterThanOrEqual(2.95);
    expect(took).toBeLessThan(4.5); // timers, not CPU: overlapping they take 3 s, one after another 12 s; 1.5 s of slack holds on a loaded machine
    expect(await client.gather(client.map(async (n: number) => { await sleep(10); return n; }, [3, 1, 2]))).toEqual([3, 1, 2]);
  });

  test('five submitted one-second sleeps finish together in about one second', async () => {
    const sleepFunc = async (): Promise<string> => {
      await new Promise((r) => setTimeout(r, 1000));
      return 'Done.';
    };
    const t0 = performance.now();
    const out = [];
    for (let i = 0; i < 5; i++) out.push(client.submit(sleepFunc));
    const printed: string[] = [];
    for await (const curr of asCompleted(out)) printed.push(await curr);
    const took = seconds(t0);
    expect(printed).toEqual(['Done.', 'Done.', 'Done.', 'Done.', 'Done.']);
    expect(took).toBeGreaterThanOrEqual(0.95);
    expect(took).toBeLessThan(4); // one after another would be 5 s
  });

  test('sleeps of [1, 2, 3, 1, 2, 3] seconds complete in order of length, in about three seconds', async () => {
    const sleepFunc = async (howLong: number): Promise<string> => {
      await new Promise((r) => setTimeout(r, howLong * 1000));
      return `Finished sleeping for ${howLong} seconds.`;
    };
    const t0 = performance.now();
    const out = [1, 2, 3, 1, 2, 3].map((s) => client.submit(sleepFunc, s));
    const printed: string[] = [];
    for await (const curr of asCompleted(out)) printed.push(await curr);
    const took = seconds(t0);
    expect(printed).toEqual([1, 1, 2, 2, 3, 3].map((s) => `Finished sleeping for ${s} seconds.`));
    expect(took).toBeGreaterThanOrEqual(2.95);
    expect(took).toBeLessThan(9); // one after another would be 12 s
  });

  test('client.map is the same as submitting each', async () => {
    const sleepFunc = async (howLong: number): Promise<number> => {
      await new Promise((r) => setTimeout(r, howLong * 100));
      return howLong;
    };
    expect(await client.gather(client.map(sleepFunc, [1, 2, 3, 1, 2, 3]))).toEqual([1, 2, 3, 1, 2, 3]);
  });
});
