import { describe, expect, test } from 'vitest';
import { ProgressBar, formatDuration } from './progress-bar.js';
import type { SchedulerEvent } from './events.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 100, write: (s: string) => writes.push(s) } };
}

const start = (graphId: number, bytes: number[]): SchedulerEvent => ({
  type: 'graph-start', graphId, time: 0, tasks: bytes.map((b, i) => ({ key: `t-${i}`, group: 't', bytes: b })),
});
const done = (graphId: number, key: string, bytes: number): SchedulerEvent => ({
  type: 'task-done', graphId, key, group: 't', worker: 1, start: 0, end: 1, bytes,
});

describe('ProgressBar', () => {
  test('counts tasks, with rate and ETA, when tasks have no bytes', () => {
    let now = 0;
    const { stream } = fakeStream(true);
    const bar = new ProgressBar(stream, { now: () => now, timer: false });
    bar.update(start(1, [0, 0, 0, 0]));
    now = 2000;
    bar.update(done(1, 't-0', 0));
    bar.update(done(1, 't-1', 0));
    const line = bar.render();
    expect(line).toContain(' 50%');
    expect(line).toContain('2/4 tasks');
    expect(line).toContain('1.0 tasks/s');
    expect(line).toContain('ETA 2s');
    expect(line).not.toContain('MB');
    expect(line.startsWith('█'.repeat(15))).toBe(true);
  });

  test('weighs the tasks that declare bytes by their bytes, and the others one each', () => {
    let now = 0;
    const { stream } = fakeStream(true);
    const bar = new ProgressBar(stream, { now: () => now, timer: false });
    bar.update(start(1, [30e6, 10e6, 0]));
    now = 1000;
    bar.update(done(1, 't-0', 30e6));
    const line = bar.render();
    // two file tasks, three quarters of their bytes read: 1.5 of 3 tasks
    expect(line).toContain(' 50%');
    expect(line).toContain('1/3 tasks');
    expect(line).toContain('30.0/40.0 MB');
    expect(line).toContain('30.0 MB/s');
    expect(line).toContain('ETA 1s');
    // every byte read, a merge still running: not full (by bytes alone it was 100 %)
    now = 2000;
    bar.update(done(1, 't-1', 10e6));
    expect(bar.render()).toContain(' 66%');
    bar.update(done(1, 't-2', 0));
    expect(bar.render()).toContain('100%');
  });

  test('draws on a terminal after the delay, at most every interval, and erases on finish', () => {
    let now = 0;
    const { stream, writes } = fakeStream(true);
    const bar = new ProgressBar(stream, { now: () => now, timer: false, delayMs: 300, intervalMs: 100 });
    bar.update(start(1, [0, 0, 0]));
    now = 100;
    bar.update(done(1, 't-0', 0));
    expect(writes).toHaveLength(0); // still within the delay
    now = 400;
    bar.update(done(1, 't-1', 0));
    now = 450;
    bar.update(done(1, 't-2', 0));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^\r\x1b\[2K.*2\/3 tasks/);
    bar.finish();
    expect(writes[1]).toBe('\r\x1b[2K');
  });

  test('draws nothing when the stream is not a terminal', () => {
    let now = 0;
    const { stream, writes } = fakeStream(false);
    const bar = new ProgressBar(stream, { now: () => now, timer: false, delayMs: 0 });
    bar.update(start(1, [0]));
    now = 1000;
    bar.update(done(1, 't-0', 0));
    bar.finish();
    expect(writes).toEqual([]);
  });

  test("a failed graph's unfinished tasks leave the total", () => {
    const { stream } = fakeStream(true);
    const bar = new ProgressBar(stream, { now: () => 1000, timer: false });
    bar.update(start(1, [0, 0, 0, 0]));
    bar.update(done(1, 't-0', 0));
    bar.update({ type: 'task-error', graphId: 1, key: 't-1', group: 't', message: 'x', time: 0 });
    bar.update({ type: 'graph-done', graphId: 1, ok: false, time: 0 });
    expect(bar.render()).toContain('1/1 tasks');
    expect(bar.render()).toContain('1 failed');
  });

  test('formatDuration', () => {
    expect(formatDuration(0.2)).toBe('1s');
    expect(formatDuration(75)).toBe('1m15s');
    expect(formatDuration(3700)).toBe('1h01m');
  });
});
