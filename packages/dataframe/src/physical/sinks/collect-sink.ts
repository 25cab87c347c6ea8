/**
 * Collects a task's rows (up to `limit`), to be concatenated in task order on the driver. A
 * string column leaves with only the dictionary entries its rows use: its rows share their
 * source's whole dictionary (a scan partition's, a join's build side), and every entry sent is
 * copied to the driver and looked up there once more.
 */
import { compactDictionary } from '../../kernels/compact-dictionary.js';
import type { Sink } from '../pipeline-spec.js';
import { RowBuffer } from './row-buffer.js';
import type { SinkRunner } from './sink-runner.js';

export function collectSink(sink: Extract<Sink, { kind: 'collect' }>): SinkRunner {
  const rows = new RowBuffer(sink.fields);
  return {
    push(b) {
      if (sink.limit !== null && rows.length >= sink.limit) return false;
      // an empty batch (a filter that kept nothing) adds nothing and is not the end of the input
      const room = sink.limit === null ? b.length : Math.min(b.length, sink.limit - rows.length);
      rows.add({ length: room, columns: b.columns });
      return sink.limit === null || rows.length < sink.limit;
    },
    finish() {
      return { kind: 'collect', length: rows.length, columns: rows.columns().map(compactDictionary) };
    },
    abort() {},
  };
}
