/**
 * A single lazy value computed from a bag (count, sum, fold, topk, …): partial results in the
 * partition tasks, one combine step on the calling thread.
 */
import type { BuildContext } from '../graph/build-context.js';
import { runBag, type BagComputeOptions } from './run-bag.js';

export class Item<T> {
  /** @internal */ declare readonly __type?: T;

  /** @internal */
  constructor(
    /** Adds this value's tasks to a graph and returns the key of the one that yields it. */
    readonly build: (ctx: BuildContext) => string,
    /** Keeps the bag (and its functions) alive. */
    private readonly keep: readonly unknown[],
  ) {}

  async compute(options: BagComputeOptions = {}): Promise<T> {
    const [value] = await runBag((ctx) => [this.build(ctx)], options);
    void this.keep;
    return value as T;
  }
}
