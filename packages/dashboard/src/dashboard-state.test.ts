import { describe, expect, test } from 'vitest';
import type { SchedulerEvent } from '@floe/scheduler';
import { DashboardState } from './dashboard-state.js';

const graph = (graphId: number, keys: string[], group = 'g'): SchedulerEvent => ({
  type: 'graph-start', graphId, time: 0, tasks: keys.map((key) => ({ key, group, bytes: 1000 })),
});
const started = (graphId: number, key: string): SchedulerEvent => ({ type: 'task-start', graphId, key, group: 'g', time: 0 });
const done = (graphId: number, key: string, end: number): SchedulerEvent => ({
  type: 'task-done', graphId, key, group: 'g', worker: 7, start: end - 100, end, bytes: 1000,
});
const memory = { workers: new Map([[7, 5e6]]), ids: [7, 8] };

describe('DashboardState', () => {
  test('counts each group waiting → running → done, and keeps a bar per finished task', () => {
    let now = 10_000;
    const s = new DashboardState(() => now, 0);
    s.update(graph(1, ['a', 'b', 'c']));
    s.update(started(1, 'a'));
    s.update(started(1, 'b'));
    s.update(done(1, 'a', 9_900));
    const snap = s.snapshot(0, memory);
    expect(snap.busy).toBe(true);
    expect(snap.groups).toEqual([{ group: 'g', color: expect.stringMatching(/^#[0-9a-f]{6}$/), total: 3, waiting: 1, running: 1, done: 1, failed: 0 }]);
    expect(snap.stream).toEqual([{ seq: 1, key: 'a', group: 'g', worker: 7, start: 9_800, end: 9_900 }]);
    expect(snap.workers).toEqual([{ id: 7, heap: 5e6 }, { id: 8, heap: null }]);
    expect(snap.throughput.tasksDone).toBe(1);
    expect(snap.throughput.bytesDone).toBe(1000);
    expect(snap.throughput.history).toHaveLength(60);
    expect(snap.throughput.history.slice(-2)).toEqual([{ time: 9_000, tasks: 1, bytes: 1000 }, { time: 10_000, tasks: 0, bytes: 0 }]);
    now = 20_000;
    expect(s.snapshot(1, memory).stream).toEqual([]); // the viewer already has bar 1
  });

  test('a retried task waits again; an error counts as failed; a failed graph drops what never ran', () => {
    const s = new DashboardState(() => 0, 0);
    s.update(graph(1, ['a', 'b', 'c']));
    s.update(started(1, 'a'));
    s.update({ type: 'task-retry', graphId: 1, key: 'a', group: 'g', attempt: 1, message: 'died', time: 0 });
    expect(s.snapshot(0, memory).groups[0]).toMatchObject({ waiting: 3, running: 0 });
    s.update(started(1, 'a'));
    s.update(started(1, 'b'));
    s.update({ type: 'task-error', graphId: 1, key: 'a', group: 'g', message: 'bad', time: 0 });
    s.update({ type: 'graph-done', graphId: 1, ok: false, time: 0 });
    expect(s.snapshot(0, memory).groups[0]).toMatchObject({ total: 1, waiting: 0, running: 0, done: 0, failed: 1 });
    expect(s.busy).toBe(false);
  });

  test('groups add up across graphs (every future is a graph of one task)', () => {
    const s = new DashboardState(() => 0, 0);
    for (let i = 1; i <= 3; i++) {
      s.update(graph(i, [`f-${i}`]));
      s.update(started(i, `f-${i}`));
      s.update(done(i, `f-${i}`, 0));
      s.update({ type: 'graph-done', graphId: i, ok: true, time: 0 });
    }
    expect(s.snapshot(0, memory).groups[0]).toMatchObject({ total: 3, done: 3 });
    expect(s.snapshot(2, memory).stream.map((b) => b.key)).toEqual(['f-3']);
  });
});
