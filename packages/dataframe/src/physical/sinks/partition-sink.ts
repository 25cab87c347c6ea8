/**
 * The map side of a hash exchange: rows go to P buckets by the hash of their key columns,
 * keeping their order within a bucket; at the end each bucket is kept in memory or, past the
 * spill threshold, written as an Arrow IPC file. Bucket i of every map task feeds reduce task i.
 */
import { bucketsOf, splitByBucket } from '../../kernels/hash-partition.js';
import type { Sink } from '../pipeline-spec.js';
import { keepOrSpill } from '../row-chunk.js';
import { RowBuffer } from './row-buffer.js';
import type { SinkRunner } from './sink-runner.js';

export function partitionSink(sink: Extract<Sink, { kind: 'partition' }>, index: number): SinkRunner {
  const buffers = Array.from({ length: sink.p }, () => new RowBuffer(sink.fields));
  return {
    push(b) {
      const n = b.length;
      if (n === 0) return true;
      if (sink.p === 1) { buffers[0].add(b); return true; }
      const rows = splitByBucket(bucketsOf(sink.keys.map((k) => b.columns.get(k)!), n, sink.p), n, sink.p);
      rows.forEach((r, i) => buffers[i].add(b, r));
      return true;
    },
    finish() {
      return {
        kind: 'partitioned',
        buckets: buffers.map((buf, i) => keepOrSpill(sink.fields, buf.columns(), buf.length, sink.spill, `m${index}-b${i}`)),
      };
    },
    abort() {},
  };
}
