/**
 * A counting semaphore with a FIFO queue: at most `size` holders at once. A waiter whose
 * signal aborts leaves the queue without taking a slot. Owns only counts, never work.
 */
export class Semaphore {
  private held = 0;
  private readonly queue: { grant: () => void; signal?: AbortSignal; onAbort: () => void }[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`semaphore size must be a positive integer, got ${size}`);
  }

  /** Slots taken now. */
  get inUse(): number {
    return this.held;
  }

  /** Waiters not yet granted a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.held < this.size && this.queue.length === 0) {
      this.held++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        signal,
        grant: () => {
          signal?.removeEventListener('abort', entry.onAbort);
          resolve();
        },
        onAbort: () => {
          const i = this.queue.indexOf(entry);
          if (i >= 0) this.queue.splice(i, 1);
          reject(abortError(signal!));
        },
      };
      signal?.addEventListener('abort', entry.onAbort, { once: true });
      this.queue.push(entry);
    });
  }

  release(): void {
    const next = this.queue.shift();
    if (next) next.grant(); // the slot passes straight to the next waiter
    else this.held = Math.max(0, this.held - 1);
  }
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error(reason === undefined ? 'aborted' : String(reason));
  err.name = 'AbortError';
  return err;
}
