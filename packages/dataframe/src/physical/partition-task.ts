/**
 * The fused partition task, run in a worker: scan one byte range, push each batch through the
 * row stages, and fold it into the sink. Returns the sink's small result plus the quote count
 * of the range (see io/csv/read-partition.ts for why).
 *
 * Errors are returned, not thrown, when the range's quote-parity assumption is unverified:
 * a range that really began inside a quoted field can look malformed, and the driver re-runs
 * it with the right parity before deciding whether the error is real.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { nullTokenBytes } from '../io/csv/dialect.js';
import { readPartition, type PartitionRange } from '../io/csv/read-partition.js';
import { formatCsvRows, csvHeader } from '../io/csv/write-csv.js';
import { createState, update } from '../kernels/aggregates.js';
import type { Batch } from '../kernels/batch.js';
import { concatColumns, type Column } from '../kernels/column.js';
import { evalExpr } from '../kernels/eval-expr.js';
import { GroupIndex } from '../kernels/group-index.js';
import { errorToData, type ErrorData } from '@floe/scheduler';
import type { PartitionResult, PipelineSpec } from './pipeline-spec.js';
import { runStages } from './run-stages.js';

export interface PartitionTaskArgs {
  spec: PipelineSpec;
  range: PartitionRange;
  index: number;
}

export interface PartitionOutput {
  index: number;
  quotes: number;
  rows: number;
  bytes: number;
  skipped: number;
  skippedLines: string[];
  result: PartitionResult | null;
  error: ErrorData | null;
}

export function runPartition(args: PartitionTaskArgs): PartitionOutput {
  const { spec, range, index } = args;
  const sink = createSink(spec, index);
  try {
    const scan = { ...spec.scan, nullTokens: nullTokenBytes(spec.scan.nullValues) };
    const r = readPartition(range, scan, (cols, n) => {
      const batch: Batch = { length: n, columns: new Map(cols.map((c) => [c.name, c.column])) };
      return sink.push(runStages(spec.stages, batch));
    });
    return { index, quotes: r.quotes, rows: r.rows, bytes: r.bytes, skipped: r.skipped, skippedLines: r.skippedLines, result: sink.finish(), error: null };
  } catch (err) {
    sink.abort();
    return { index, quotes: -1, rows: 0, bytes: range.end - range.start, skipped: 0, skippedLines: [], result: null, error: errorToData(err) };
  }
}

interface SinkRunner {
  push(b: Batch): boolean;
  finish(): PartitionResult;
  abort(): void;
}

function createSink(spec: PipelineSpec, index: number): SinkRunner {
  const sink = spec.sink;
  switch (sink.kind) {
    case 'aggregate': {
      const index = sink.keys.length > 0 ? new GroupIndex(sink.keyTypes, sink.keepNullKeys) : null;
      const states = sink.calls.map((c) => createState(c));
      let gids: Int32Array = new Int32Array(0);
      return {
        push(b) {
          const n = b.length;
          if (n === 0) return true;
          if (index) gids = index.map(sink.keys.map((k) => evalExpr(k, b)), n, gids);
          else if (gids.length < n) gids = new Int32Array(n);
          const ngroups = index ? index.size : 1;
          sink.calls.forEach((call, k) => update(states[k], call, gids, call.arg ? evalExpr(call.arg, b) : null, n, ngroups));
          return true;
        },
        finish() {
          return { kind: 'aggregate', ngroups: index ? index.size : 1, keys: index ? index.keyColumns() : [], states };
        },
        abort() {},
      };
    }
    case 'collect': {
      const parts: Column[][] = sink.fields.map(() => []);
      let length = 0;
      return {
        push(b) {
          let n = b.length;
          if (sink.limit !== null) n = Math.min(n, sink.limit - length);
          if (n <= 0) return false;
          sink.fields.forEach((f, k) => {
            const c = b.columns.get(f.name)!;
            parts[k].push({ ...c, length: n, values: c.values.slice(0, n), valid: c.valid ? c.valid.slice(0, n) : null });
          });
          length += n;
          return sink.limit === null || length < sink.limit;
        },
        finish() {
          return { kind: 'collect', length, columns: parts.map((p, k) => concatColumns(p, sink.fields[k].dtype)) };
        },
        abort() {},
      };
    }
    case 'write': {
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
  }
}
