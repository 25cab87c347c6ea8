import { afterAll, describe, expect, test } from 'vitest';
import { TaskGraph } from './graph.js';
import { LocalPool } from './local-pool.js';
import { InlineExecutor } from './inline-executor.js';
import { runGraph } from './run-graph.js';
import { ref } from './task.js';
import type { SchedulerEvent } from './events.js';

const ops = new URL('./testing/sample-ops.ts', import.meta.url).href;
const op = (name: string) => ({ module: ops, export: name });
const pool = new LocalPool({ workers: 2 });
afterAll(() => pool.close());

describe('runGraph', () => {
  test('resolves references to other tasks, including inside arrays', async () => {
    const g = new TaskGraph();
    g.add({ key: 'a', op: op('add'), args: [1, 2] });
    g.add({ key: 'b', op: op('add'), args: [10, 20] });
    g.add({ key: 'total', op: op('sum'), args: [[ref('a'), ref('b'), 100]] });
    const out = await runGraph(g, { executor: pool });
    expect([...out]).toEqual([['total', 133]]);
  });

  test('an output that is not a task of the graph is an error (it came back undefined)', async () => {
    const g = new TaskGraph();
    g.add({ key: 'a', op: op('add'), args: [1, 2] });
    await expect(runGraph(g, { executor: new InlineExecutor(), outputs: ['aa'] })).rejects.toThrow('runGraph: output "aa" is not a task of the graph; its tasks: "a"');
    expect([...(await runGraph(g, { executor: new InlineExecutor(), outputs: ['a'] }))]).toEqual([['a', 3]]);
  });

  test('many tasks in flight, each listening to the run\'s signal, raise no listener-leak warning (11 workers or more did on every query)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      let started = 0;
      let release = (): void => {};
      const allIn = new Promise<void>((r) => { release = r; });
      // an executor of 16 slots whose tasks each listen to the signal (as piscina's run does) until all have started
      const wide = {
        concurrency: 16,
        close: async () => {},
        async run(call: { key: string }, signal?: AbortSignal) {
          const onAbort = (): void => {};
          signal?.addEventListener('abort', onAbort);
          if (++started === 16) release();
          await allIn;
          signal?.removeEventListener('abort', onAbort);
          return { value: call.key, worker: 1, start: 0, end: 0 };
        },
      };
      const g = new TaskGraph();
      for (let i = 0; i < 16; i++) g.add({ key: `t-${i}`, op: op('add'), args: [i, 1] });
      const out = await runGraph(g, { executor: wide });
      expect(out.size).toBe(16);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on a later tick
      expect(warnings.filter((m) => /MaxListeners|memory leak/.test(m))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('runs independent tasks on two threads at once', async () => {
    const g = new TaskGraph();
    for (let i = 0; i < 4; i++) g.add({ key: `s-${i}`, op: op('sleepSpan'), args: [300] });
    const out = await runGraph(g, { executor: pool });
    expect([...out.keys()]).toEqual(['s-0', 's-1', 's-2', 's-3']);
    const spans = [...out.values()] as { thread: number; start: number; end: number }[];
    expect(new Set(spans.map((s) => s.thread)).size).toBe(2);
    // some two tasks on different threads slept at the same time (no wall-clock bound: it
    // would fail on a loaded machine)
    const overlapping = spans.some((a) => spans.some((b) => a.thread !== b.thread && a.start < b.end && b.start < a.end));
    expect(overlapping).toBe(true);
  });

  test('typed arrays come back intact (moved, not cloned)', async () => {
    const g = new TaskGraph();
    g.add({ key: 'f', op: op('fill'), args: [1000, 2.5] });
    const out = await runGraph(g, { executor: pool });
    const { data } = out.get('f') as { data: Float64Array };
    expect(data).toBeInstanceOf(Float64Array);
    expect(data.length).toBe(1000);
    expect(data[999]).toBe(2.5);
  });

  test('a failing task rejects with its message and custom fields', async () => {
    const g = new TaskGraph();
    g.add({ key: 'x', op: op('boom'), args: ['bad row'] });
    g.add({ key: 'y', op: op('add'), args: [ref('x'), 1] });
    const err = await runGraph(g, { executor: pool }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('bad row');
    expect(err).toMatchObject({ file: 'a.csv', line: 7 });
    expect((err as Error).stack).toContain('sample-ops.ts');
  });

  test('emits start and done events for every task', async () => {
    const g = new TaskGraph();
    g.add({ key: 'a', op: op('add'), args: [1, 2], bytes: 10 });
    g.add({ key: 'b', op: op('add'), args: [ref('a'), 2], local: true });
    const events: SchedulerEvent[] = [];
    await runGraph(g, { executor: pool, onEvent: (e) => events.push(e) });
    expect(events.map((e) => e.type)).toEqual(['graph-start', 'task-start', 'task-done', 'task-start', 'task-done', 'graph-done']);
  });

  test('rejects cycles and unknown dependencies before running', async () => {
    const g = new TaskGraph();
    g.add({ key: 'a', op: op('add'), args: [ref('b'), 1] });
    g.add({ key: 'b', op: op('add'), args: [ref('a'), 1] });
    await expect(runGraph(g, { executor: new InlineExecutor() })).rejects.toThrow(/cycle: a -> b -> a/);
    const h = new TaskGraph();
    h.add({ key: 'a', op: op('add'), args: [ref('zzz'), 1] });
    await expect(runGraph(h, { executor: new InlineExecutor() })).rejects.toThrow(/unknown task 'zzz'/);
  });

  test('a task whose worker dies is re-run on a replacement thread', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const counter = join(mkdtempSync(join(tmpdir(), 'floe-crash-')), 'n');
    const g = new TaskGraph();
    g.add({ key: 'c', op: op('crashFirst'), args: [counter, 2, 42] });
    const events: SchedulerEvent[] = [];
    const out = await runGraph(g, { executor: pool, onEvent: (e) => events.push(e) });
    expect(out.get('c')).toBe(42);
    expect(events.filter((e) => e.type === 'task-retry').length).toBe(2);
  });

  test('a worker that keeps dying fails the run after its retries, with the cause', async () => {
    const limited = new LocalPool({ workers: 1, resourceLimits: { maxOldGenerationSizeMb: 16 } });
    try {
      const g = new TaskGraph();
      g.add({ key: 'oom', op: op('exhaustHeap'), args: [] });
      const events: SchedulerEvent[] = [];
      const err = await runGraph(g, { executor: limited, retries: 1, onEvent: (e) => events.push(e) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/memory|terminated|exit/i);
      expect(events.filter((e) => e.type === 'task-retry').length).toBe(1);
    } finally {
      await limited.close();
    }
  });

  test('an error thrown by the task is not retried', async () => {
    const g = new TaskGraph();
    g.add({ key: 'x', op: op('boom'), args: ['no retry'] });
    const events: SchedulerEvent[] = [];
    await expect(runGraph(g, { executor: pool, onEvent: (e) => events.push(e) })).rejects.toThrow('no retry');
    expect(events.some((e) => e.type === 'task-retry')).toBe(false);
  });

  test('an aborted signal stops the run', async () => {
    const g = new TaskGraph();
    for (let i = 0; i < 6; i++) g.add({ key: `s-${i}`, op: op('sleepThenEcho'), args: [200, i] });
    const ac = new AbortController();
    const started: string[] = [];
    const onEvent = (e: SchedulerEvent): void => {
      if (e.type === 'task-start') started.push(e.key);
      if (e.type === 'task-done') ac.abort(new Error('stop')); // mid-run, whatever the machine's speed
    };
    await expect(runGraph(g, { executor: pool, signal: ac.signal, onEvent })).rejects.toThrow('stop');
    await new Promise((r) => setTimeout(r, 300));
    expect(started.length).toBeGreaterThan(0);
    expect(started.length).toBeLessThan(6); // the rest never start
  });

  test('a failing task rejects the run at once while a task on the calling thread never settles (it hung)', async () => {
    const g = new TaskGraph();
    g.add({ key: 'slow', op: op('never'), args: [], local: true });
    g.add({ key: 'x', op: op('boom'), args: ['worker failed'] });
    await expect(runGraph(g, { executor: pool })).rejects.toThrow('worker failed');
  });

  test('an abort rejects the run at once while a task on the calling thread never settles (it hung)', async () => {
    const g = new TaskGraph();
    g.add({ key: 'slow', op: op('never'), args: [], local: true });
    const ac = new AbortController();
    const onEvent = (e: SchedulerEvent): void => {
      if (e.type === 'task-start') ac.abort(new Error('stop now'));
    };
    await expect(runGraph(g, { executor: pool, signal: ac.signal, onEvent })).rejects.toThrow('stop now');
  });
});
