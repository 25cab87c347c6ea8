/**
 * fromSequence(items, { npartitions | partitionSize }): a bag of the given values, cut into
 * contiguous partitions (at most 100 elements each by default, as Dask). The values travel to
 * the workers inside the tasks, so they must be structured-cloneable.
 */
import { newNodeId } from '../graph/bag-node.js';
import { Bag } from './bag.js';

export interface FromSequenceOptions {
  npartitions?: number;
  /** Elements per partition (instead of npartitions). */
  partitionSize?: number;
}

export function fromSequence<T>(items: Iterable<T>, options: FromSequenceOptions = {}): Bag<T> {
  if (items === null || typeof (items as Iterable<T>)?.[Symbol.iterator] !== 'function' || typeof items === 'string') {
    throw new TypeError('fromSequence() takes an array (or another iterable) of values');
  }
  const all = [...items];
  if (options.npartitions !== undefined && options.partitionSize !== undefined) throw new Error('fromSequence(): pass npartitions or partitionSize, not both');
  let size: number;
  if (options.npartitions !== undefined) {
    if (!Number.isInteger(options.npartitions) || options.npartitions < 1) throw new RangeError(`npartitions must be a positive whole number, got ${options.npartitions}`);
    size = Math.max(1, Math.ceil(all.length / options.npartitions));
  } else {
    size = options.partitionSize ?? 100;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`partitionSize must be a positive whole number, got ${size}`);
  }
  const parts: T[][] = [];
  for (let i = 0; i < all.length; i += size) parts.push(all.slice(i, i + size));
  // Dask keeps the asked-for count when it can; an empty sequence is one empty partition
  if (parts.length === 0) parts.push([]);
  return new Bag<T>({
    id: newNodeId(),
    name: 'from-sequence',
    npartitions: parts.length,
    sources: () => parts.map((p) => ({ kind: 'items', items: p })),
    steps: [],
    local: false,
    keep: [],
  });
}
