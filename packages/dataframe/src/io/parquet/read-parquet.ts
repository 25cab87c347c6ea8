/**
 * Reads one Parquet partition in a worker: row group by row group (so a task holds one row
 * group's decoded columns at a time), only the projected columns, decoded by hyparquet (with
 * hyparquet-compressors for zstd, gzip, brotli, lz4) into floe's column layouts, then emitted in
 * batches. A file that changed since planning is an error, never a wrong answer.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parquetRead, type AsyncBuffer, type ColumnData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { Batch } from '../../kernels/batch.js';
import { sliceColumn, type Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import type { PartitionRead } from '../open-partition.js';
import { columnFromParquet } from './parquet-columns.js';
import { ParquetError, readFooter, type ParquetPartition } from './parquet-source.js';
import { PARSERS } from './parquet-types.js';

const BATCH_ROWS = 32_768;

export async function readParquetPartition(partition: ParquetPartition, onBatch: (b: Batch) => boolean): Promise<PartitionRead> {
  const { path, fields } = partition;
  const { meta, size, mtimeMs } = readFooter(path);
  if (size !== partition.planned.size || mtimeMs !== partition.planned.mtimeMs) {
    throw new ParquetError(`${path} changed while the query ran (size ${partition.planned.size} → ${size}); run the query again`);
  }
  const fd = openSync(path, 'r');
  let bytes = 0;
  const byteLength = fstatSync(fd).size;
  const file: AsyncBuffer = {
    byteLength,
    slice(start: number, end = byteLength) {
      const buf = new Uint8Array(end - start);
      const n = readSync(fd, buf, 0, buf.length, start);
      if (n !== buf.length) throw new ParquetError(`${path}: expected ${buf.length} bytes at offset ${start}, read ${n} (truncated?)`);
      bytes += n;
      return buf.buffer;
    },
  };
  let rows = 0;
  try {
    for (const g of partition.groups) {
      const chunks = new Map<string, ColumnData[]>(fields.map((f) => [f.name, []]));
      try {
        await parquetRead({
          file, metadata: meta, columns: fields.map((f) => f.name), rowStart: g.rowStart, rowEnd: g.rowEnd,
          compressors, parsers: PARSERS, utf8: true,
          onChunk: (c) => { chunks.get(c.columnName)?.push(c); },
        });
      } catch (err) {
        if (err instanceof ParquetError) throw err;
        throw new ParquetError(`${path}: cannot read rows ${g.rowStart}–${g.rowEnd}: ${(err as Error).message}`);
      }
      const n = g.rowEnd - g.rowStart;
      const columns = fields.map((f) => columnFromParquet(f, chunks.get(f.name)!, g.rowStart, g.rowEnd, path));
      if (!emit(fields, columns, n, onBatch)) return { rows: rows + n, bytes };
      rows += n;
    }
    return { rows, bytes };
  } finally {
    closeSync(fd);
  }
}

function emit(fields: readonly Field[], cols: Column[], n: number, onBatch: (b: Batch) => boolean): boolean {
  for (let lo = 0; lo < n; lo += BATCH_ROWS) {
    const hi = Math.min(n, lo + BATCH_ROWS);
    const columns = new Map<string, Column>();
    fields.forEach((f, k) => columns.set(f.name, lo === 0 && hi === n ? cols[k] : sliceColumn(cols[k], lo, hi)));
    if (!onBatch({ length: hi - lo, columns })) return false;
  }
  return true;
}
