import { describe, expect, it } from 'vitest';
import type { SchedulerEvent } from 'floe';
import type { OutStream } from './cli-io.js';
import { ProgressBar, formatDuration } from './progress-bar.js';

function fakeStream(columns = 100): OutStream & { text: string } {
  return { text: '', isTTY: true, columns, write(s: string) { this.text += s; return true; }, once() { return this; } };
}

const start = (bytes: number[]): SchedulerEvent => ({
  type: 'graph-start', graphId: 1, time: 0,
  tasks: [...bytes.map((b, i) => ({ key: `scan-${i}`, group: 'scan', bytes: b })), { key: 'combine', group: 'combine', bytes: 0 }],
});
const done = (i: number, bytes: number): SchedulerEvent => ({ type: 'task-done', graphId: 1, key: `scan-${i}`, group: 'scan', worker: 1, start: 0, end: 0, bytes });

describe('ProgressBar', () => {
  it('shows bytes done of the total, the rate, the ETA and the parts', () => {
    let now = 0;
    const out = fakeStream();
    const bar = new ProgressBar(out, { now: () => now, timer: false, delayMs: 0, intervalMs: 0 });
    bar.update(start([100e6, 100e6, 200e6]));
    now = 1000;
    bar.update(done(0, 100e6));
    expect(bar.line()).toMatch(/^█{8}░{22}  25%  100\.0\/400\.0 MB  100\.0 MB\/s  ETA 3s  \(1\/3 parts\)$/);
    expect(out.text).toBe(`\r\x1b[2K${bar.line()}`);
  });

  it('draws nothing for work that ends before the delay, and erases its line when finished', () => {
    let now = 0;
    const out = fakeStream();
    const bar = new ProgressBar(out, { now: () => now, timer: false, delayMs: 300, intervalMs: 0 });
    bar.update(start([10]));
    now = 100;
    bar.update(done(0, 10));
    bar.finish();
    expect(out.text).toBe('');
    const late = new ProgressBar(out, { now: () => now, timer: false, delayMs: 300, intervalMs: 0 });
    late.update(start([10, 10]));
    now = 500;
    late.update(done(0, 10));
    late.finish();
    expect(out.text.endsWith('\r\x1b[2K')).toBe(true);
    expect(out.text).toContain(' 50%');
  });

  it('redraws at most once per interval', () => {
    let now = 0;
    const out = fakeStream();
    const bar = new ProgressBar(out, { now: () => now, timer: false, delayMs: 0, intervalMs: 100 });
    bar.update(start([1, 1, 1, 1]));
    for (let i = 0; i < 4; i++) { now += 40; bar.update(done(i, 1)); }
    expect(out.text.split('\r\x1b[2K').length - 1).toBe(2);
  });

  it('fits a narrow terminal', () => {
    const bar = new ProgressBar(fakeStream(50), { now: () => 0, timer: false });
    bar.update(start([5e9]));
    expect(bar.line().length).toBeLessThan(50);
    expect(bar.line()).not.toContain('parts');
  });
});

describe('formatDuration', () => {
  it('reads as seconds, minutes or hours', () => {
    expect([formatDuration(4.2), formatDuration(75), formatDuration(7300)]).toEqual(['5s', '1m15s', '2h01m']);
  });
});
