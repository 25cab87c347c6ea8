/**
 * A Future: the eventual result of a function submitted to a client (like Python's
 * `concurrent.futures.Future`). Awaitable; `status` moves pending → running → finished | error,
 * or to cancelled. A cancelled future rejects at once with a CancelledError; a task already
 * running is detached, not interrupted, when its thread is shared (see LocalPool).
 * Owns only its state; the client runs the work.
 */
export type FutureStatus = 'pending' | 'running' | 'finished' | 'error' | 'cancelled';

export class CancelledError extends Error {
  override readonly name = 'CancelledError';
}

export class Future<T> implements PromiseLike<T> {
  private state: FutureStatus = 'pending';
  private readonly promise: Promise<T>;
  private resolvePromise!: (value: T) => void;
  private rejectPromise!: (err: unknown) => void;
  private readonly abort = new AbortController();
  private readonly callbacks: (() => void)[] = [];

  constructor(
    /** The task's key, e.g. `sleep-3`. */
    readonly key: string,
    /** The task group (the function's name). */
    readonly group: string,
  ) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolvePromise = resolve;
      this.rejectPromise = reject;
    });
    // A failed future nobody awaits is not an unhandled rejection: its error waits in it.
    this.promise.catch(() => {});
  }

  get status(): FutureStatus {
    return this.state;
  }

  /** True once finished, failed or cancelled. */
  done(): boolean {
    return this.state === 'finished' || this.state === 'error' || this.state === 'cancelled';
  }

  // biome-ignore lint/suspicious/noThenProperty: a Future is awaitable on purpose (like a Promise)
  then<A = T, B = never>(onFulfilled?: ((value: T) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.promise.then(onFulfilled, onRejected);
  }

  /** The result (rejects with the task's error, or a CancelledError). */
  result(): Promise<T> {
    return this.promise;
  }

  /** The task's error, or null if it finished. */
  async exception(): Promise<unknown> {
    try {
      await this.promise;
      return null;
    } catch (err) {
      return err;
    }
  }

  /** Cancels the task unless it is done; true if it was cancelled. */
  cancel(reason = `future ${this.key} was cancelled`): boolean {
    if (this.done()) return false;
    const err = new CancelledError(reason);
    this.settle('cancelled', () => this.rejectPromise(err));
    this.abort.abort(err);
    return true;
  }

  /** Calls `fn` once the future is done (at once if it already is). */
  onDone(fn: () => void): void {
    if (this.done()) fn();
    else this.callbacks.push(fn);
  }

  /** @internal Aborted when the future is cancelled. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** @internal */
  markRunning(): void {
    if (this.state === 'pending') this.state = 'running';
  }

  /** @internal */
  resolve(value: T): void {
    if (!this.done()) this.settle('finished', () => this.resolvePromise(value));
  }

  /** @internal */
  reject(err: unknown): void {
    if (!this.done()) this.settle('error', () => this.rejectPromise(err));
  }

  private settle(state: FutureStatus, action: () => void): void {
    this.state = state;
    action();
    for (const fn of this.callbacks.splice(0)) fn();
  }
}
