/**
 * Reads a task's input as batches, for inputs other than a CSV range: chunks of rows (an
 * exchange bucket), one bucket of a partitioned hash join, or one key range of an external
 * sort (read-sorted-range.ts), or its groups (sorted-aggregate.ts), or a window's bucket
 * (kernels/window.ts). Batches are at most `batchRows` long, so the stages after them stay small.
 */
import type { Batch } from '../kernels/batch.js';
import { sliceColumn, type Column } from '../kernels/column.js';
import { HashJoinBuild } from '../kernels/hash-join.js';
import type { Field } from '../types/dtype.js';
import type { TaskInput } from './pipeline-spec.js';
import { readSortedRange } from './read-sorted-range.js';
import { SortedAggregator } from './sorted-aggregate.js';
import { readRowChunk } from './row-chunk.js';
import { computeWindow } from '../kernels/window.js';
import { buildTable, rowsIn } from './run-stages.js';

export const BATCH_ROWS = 32_768;

/** Calls `onBatch` for each batch of the input, in order, until it returns false. */
export function readInput(input: Exclude<TaskInput, { kind: 'csv' } | { kind: 'sharedRanges' } | { kind: 'source' }>, onBatch: (b: Batch) => boolean): { rows: number } {
  let rows = 0;
  const emit = (fields: readonly Field[], cols: Column[], n: number): boolean => {
    for (let lo = 0; lo < n; lo += BATCH_ROWS) {
      const hi = Math.min(n, lo + BATCH_ROWS);
      const columns = new Map<string, Column>();
      fields.forEach((f, k) => columns.set(f.name, lo === 0 && hi === n ? cols[k] : sliceColumn(cols[k], lo, hi)));
      rows += hi - lo;
      if (!onBatch({ length: hi - lo, columns })) return false;
    }
    return true;
  };
  switch (input.kind) {
    case 'rows':
      for (const c of input.chunks) if (c.length > 0 && !emit(input.fields, readRowChunk(c, input.fields), c.length)) break;
      return { rows };
    case 'join': {
      const build = buildTable(input.buildFields, input.build.filter((c) => c.length > 0).map((c) => readRowChunk(c, input.buildFields)), rowsIn(input.build));
      const join = new HashJoinBuild(input.join, build.columns, build.length);
      const probeFields = input.probeFields;
      for (const c of input.probe) {
        if (c.length === 0) continue;
        const cols = readRowChunk(c, probeFields);
        for (let lo = 0; lo < c.length; lo += BATCH_ROWS) {
          const hi = Math.min(c.length, lo + BATCH_ROWS);
          const probe: Batch = { length: hi - lo, columns: new Map(probeFields.map((f, k) => [f.name, sliceColumn(cols[k], lo, hi)])) };
          if (!join.probeEach(probe, (out) => { rows += out.length; return onBatch(out); })) return { rows };
        }
      }
      const rest = join.unmatched();
      if (rest) { rows += rest.length; onBatch(rest); }
      return { rows };
    }
    case 'window': {
      const chunks = input.chunks.filter((c) => c.length > 0).map((c) => readRowChunk(c, input.fields));
      if (chunks.length === 0) return { rows };
      const table = buildTable(input.fields, chunks, rowsIn(input.chunks));
      emit(input.outFields, computeWindow(input.window, input.fields, table.columns, table.length), table.length);
      return { rows };
    }
    case 'sorted': {
      if (input.aggregate === undefined) return readSortedRange(input, BATCH_ROWS, emit);
      const groups = new SortedAggregator(input.aggregate);
      let going = true;
      readSortedRange(input, BATCH_ROWS, (fields, cols, n) => (going = groups.push({ length: n, columns: new Map(fields.map((f, k) => [f.name, cols[k]])) }, emit)));
      if (going) groups.finish(emit);
      return { rows };
    }
  }
}
