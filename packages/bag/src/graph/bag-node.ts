/**
 * What a lazy Bag is underneath: a number of partitions, where each partition's elements come
 * from (plain data, or tasks an upstream stage adds to the graph), and the element steps fused
 * after them. Immutable; building one never reads data or runs anything.
 */
import type { BuildContext } from './build-context.js';
import type { Source, Step } from './spec.js';

export interface BagNode {
  /** Unique per node: task keys are made from it, so a node shared by two results runs once. */
  readonly id: number;
  /** Task group of its partition tasks, e.g. `read-text`, `frequencies`. */
  readonly name: string;
  readonly npartitions: number;
  /** Each partition's source; may add the tasks that produce them (once per context). */
  readonly sources: (ctx: BuildContext) => Source[];
  readonly steps: readonly Step[];
  /** Some step's function captures variables: partition tasks run on the calling thread. */
  readonly local: boolean;
  /** Bytes each partition reads, for progress. */
  readonly bytes?: readonly number[];
  /** Keeps the user's functions (and upstream nodes) alive while the bag exists. */
  readonly keep: readonly unknown[];
}

let nextId = 1;

export function newNodeId(): number {
  return nextId++;
}
