/** Streams a task's rows to its own part file, in the sink's format (under a temporary directory until the query commits). */
import { join } from 'node:path';
import { partFileName, writeFormat } from '../../io/part-writer.js';
import type { Sink } from '../pipeline-spec.js';
import type { SinkRunner } from './sink-runner.js';

export function writeSink(sink: Extract<Sink, { kind: 'write' }>, index: number): SinkRunner {
  const name = partFileName(index, sink.format);
  const path = join(sink.dir, name);
  const tmpPath = join(sink.tmpDir, name);
  const out = writeFormat(sink.format).open(tmpPath, sink.fields, { delimiter: sink.delimiter });
  let rows = 0;
  return {
    push(b) {
      out.write(sink.fields.map((f) => b.columns.get(f.name)!), b.length); // every part writer skips an empty batch
      rows += b.length;
      return true;
    },
    finish() {
      out.finish();
      return { kind: 'write', tmpPath, path, rows };
    },
    abort() {
      out.abort();
    },
  };
}
