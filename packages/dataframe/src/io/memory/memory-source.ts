/**
 * In-memory data behind the Source seam: columns already built on the driver, cut into
 * partitions of about `blocksize` bytes. Each partition travels to its task as a chunk of rows
 * (the same input an exchange bucket is), holding only the projected columns.
 */
import { columnsBytes } from '../../physical/row-chunk.js';
import { sliceColumn, type Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import type { PlannedPartition, Source, SourceInfo } from '../source.js';

export interface MemorySource extends SourceInfo {
  format: 'memory';
  /** What the data came from, for explain(): `fromRows`, `fromColumns`, `fromArrow`. */
  origin: string;
  length: number;
  /** One column per schema field, each `length` long. */
  columns: Column[];
}

export function memorySource(origin: string, schema: Field[], columns: Column[], length: number): MemorySource {
  return { format: 'memory', origin, files: [], schema, typeNotes: {}, onBadLines: 'error', onTypeMismatch: 'error', length, columns };
}

export const memoryFormat: Source<MemorySource> = {
  readsCalendarParts: false,
  singleStage: false,
  estimatedBytes: (source) => columnsBytes(source.columns),
  plan(source, req): PlannedPartition[] {
    const keep = source.schema.map((f, k) => ({ f, k })).filter(({ f }) => req.columns === null || req.columns.includes(f.name));
    const fields = keep.map(({ f }) => f);
    const columns = keep.map(({ k }) => source.columns[k]);
    const rowBytes = Math.max(1, columnsBytes(source.columns) / Math.max(1, source.length));
    const rowsPer = Math.max(1, Math.floor(req.blocksize / rowBytes));
    const out: PlannedPartition[] = [];
    for (let lo = 0; lo < source.length || (lo === 0 && out.length === 0); lo += rowsPer) {
      const hi = Math.min(source.length, lo + rowsPer);
      const cols = columns.map((c) => (lo === 0 && hi === source.length ? c : sliceColumn(c, lo, hi)));
      out.push({ input: { kind: 'rows', fields, chunks: [{ kind: 'mem', length: hi - lo, columns: cols }] }, scan: null, bytes: Math.ceil((hi - lo) * rowBytes) });
      if (hi >= source.length) break;
    }
    return out;
  },
  explain(source, req) {
    const cols = req.columns === null ? 'all columns' : `columns [${req.columns.join(', ')}]`;
    return `MemoryScan ${source.origin}: ${source.length} row(s), ${cols}, ${this.plan(source, req).length} partition(s)`;
  },
};
