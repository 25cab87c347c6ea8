/** Streams a task's rows to its own CSV part file (under a temporary directory until the query commits). */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { csvHeader, formatCsvRows } from '../../io/csv/write-csv.js';
import type { Sink } from '../pipeline-spec.js';
import type { SinkRunner } from './sink-runner.js';

export function writeSink(sink: Extract<Sink, { kind: 'write' }>, index: number): SinkRunner {
  const name = `part-${String(index).padStart(5, '0')}.csv`;
  const path = join(sink.dir, name);
  const tmpPath = join(sink.tmpDir, name);
  const fd = openSync(tmpPath, 'w');
  let closed = false;
  let rows = 0;
  writeSync(fd, csvHeader(sink.fields, sink.delimiter));
  return {
    push(b) {
      if (b.length > 0) writeSync(fd, formatCsvRows(sink.fields.map((f) => b.columns.get(f.name)!), b.length, sink.delimiter));
      rows += b.length;
      return true;
    },
    finish() {
      closeSync(fd);
      closed = true;
      return { kind: 'write', tmpPath, path, rows };
    },
    abort() {
      if (!closed) closeSync(fd);
    },
  };
}
