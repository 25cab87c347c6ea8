/**
 * The reduce side of a keyed aggregation: reduce task j merges bucket j of every map task, in
 * map order (spilled records first, then the in-memory tail), and returns the partition of the
 * resulting bag: [key, value] pairs (frequencies, groupBy, foldby) or keys (distinct), in
 * first-seen order. Holds one bucket's distinct keys: more buckets (npartitions) make each
 * smaller.
 */
import { deserialize } from 'node:v8';
import type { Bucket, KeyedSpec, PartitionResult } from '../graph/spec.js';
import { readRecords } from '../io/spill-file.js';
import { hashKey, type HashKey } from './hash-key.js';
import { keyedOps } from './keyed-map.js';

export async function reduceKeyed(spec: KeyedSpec, ...buckets: Bucket[]): Promise<PartitionResult<unknown[]>> {
  const ops = await keyedOps(spec);
  const table = new Map<HashKey, [unknown, unknown]>();
  const add = (entries: unknown[]): void => {
    for (const e of entries as [unknown, unknown][]) {
      const hk = hashKey(e[0]);
      const cur = table.get(hk);
      if (cur) cur[1] = ops.merge(cur[1], true, e[1]);
      else table.set(hk, [e[0], ops.merge(undefined, false, e[1])]);
    }
  };
  for (const b of buckets) {
    if (b.file) readRecords(b.file, add);
    if (b.mem) add(deserialize(b.mem) as unknown[]);
  }
  const value = spec.kind === 'distinct' ? [...table.values()].map((e) => e[0]) : [...table.values()];
  return { value, bad: null };
}
