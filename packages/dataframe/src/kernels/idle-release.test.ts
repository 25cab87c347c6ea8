import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleRelease, KEEP_IDLE_MS } from './idle-release.js';

describe('IdleRelease', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('releases once the memory has been idle for the whole wait, not while it is lent or lent again in time', () => {
    let released = 0;
    const r = new IdleRelease(() => { released++; });
    r.idle();
    vi.advanceTimersByTime(KEEP_IDLE_MS - 1);
    r.busy(); // lent again just in time
    vi.advanceTimersByTime(10 * KEEP_IDLE_MS);
    expect(released).toBe(0);
    r.idle();
    vi.advanceTimersByTime(KEEP_IDLE_MS / 2);
    r.idle(); // handed back again: the wait starts over
    vi.advanceTimersByTime(KEEP_IDLE_MS - 1);
    expect(released).toBe(0);
    vi.advanceTimersByTime(1);
    expect(released).toBe(1);
    vi.advanceTimersByTime(10 * KEEP_IDLE_MS);
    expect(released).toBe(1);
  });
});
