/**
 * Memory a thread keeps between the tasks of a query for the next one to borrow (a run's
 * buffered rows, a run's records), let go once nothing has borrowed it for a while: `busy()` when
 * it is lent, `idle()` when it is handed back; `release` runs after KEEP_IDLE_MS idle, on a timer
 * that does not keep the thread alive.
 */

/** Idle this long, kept memory is let go: a thread keeps it between the tasks of a query, not after it. */
export const KEEP_IDLE_MS = 1000;

export class IdleRelease {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly release: () => void, private readonly ms = KEEP_IDLE_MS) {}

  /** Lent again: the release is off. */
  busy(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
  }

  /** Handed back: released after `ms` unless lent before. */
  idle(): void {
    this.busy();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.release();
    }, this.ms);
    this.timer.unref();
  }
}
