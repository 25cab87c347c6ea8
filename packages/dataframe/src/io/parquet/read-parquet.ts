/**
 * Reads one Parquet partition in a worker: row group by row group (so a task holds one row
 * group's decoded columns at a time), only the projected columns' chunks (one read each),
 * decoded page by page with hyparquet's decoders (and hyparquet-compressors for zstd, gzip,
 * brotli, lz4) straight into floe's column layouts (decode-column-chunk.ts), then emitted in
 * batches. A file that changed since planning is an error, never a wrong answer.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { compressors } from 'hyparquet-compressors';
import type { Batch } from '../../kernels/batch.js';
import { sliceColumn, type Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import type { PartitionRead } from '../open-partition.js';
import { decodeColumnChunk } from './decode-column-chunk.js';
import { hyparquetPages } from './hyparquet-pages.js';
import { ParquetError, readFooter, topLevel, type ParquetPartition } from './parquet-source.js';

const BATCH_ROWS = 32_768;

export async function readParquetPartition(partition: ParquetPartition, onBatch: (b: Batch) => boolean): Promise<PartitionRead> {
  const { path, fields } = partition;
  const { meta, size, mtimeMs } = readFooter(path);
  if (size !== partition.planned.size || mtimeMs !== partition.planned.mtimeMs) {
    throw new ParquetError(`${path} changed while the query ran (size ${partition.planned.size} → ${size}); run the query again`);
  }
  const fd = openSync(path, 'r');
  let bytesRead = 0;
  const byteLength = fstatSync(fd).size;
  const pages = await hyparquetPages();
  const root = meta.schema[0];
  // top level only: a nested column's field of the same name must not stand for the column
  const elements = new Map(topLevel(meta).map((el) => [el.name, el]));
  const groupAt = new Map<number, number>();
  let at = 0;
  meta.row_groups.forEach((rg, k) => { groupAt.set(at, k); at += Number(rg.num_rows); });
  let rows = 0;
  try {
    for (const g of partition.groups) {
      const n = g.rowEnd - g.rowStart;
      const k = groupAt.get(g.rowStart);
      const rg = k === undefined ? undefined : meta.row_groups[k];
      if (!rg || Number(rg.num_rows) !== n) throw new ParquetError(`${path}: no row group holds exactly rows ${g.rowStart}–${g.rowEnd}; the file changed or is corrupt`);
      const columns = fields.map((f) => {
        const chunk = rg.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === f.name);
        const md = chunk?.meta_data;
        const element = elements.get(f.name);
        if (!md || !element) throw new ParquetError(`${path}: row group ${k} has no column chunk for ${JSON.stringify(f.name)}`);
        const dict = md.dictionary_page_offset !== undefined ? Number(md.dictionary_page_offset) : 0;
        const data = Number(md.data_page_offset);
        const start = dict > 0 && dict < data ? dict : data;
        const length = Number(md.total_compressed_size);
        if (start + length > byteLength) throw new ParquetError(`${path}: column ${JSON.stringify(f.name)} of row group ${k} ends at byte ${start + length}, past the end of the ${byteLength}-byte file (truncated or corrupt)`);
        const bytes = new Uint8Array(length);
        const got = readSync(fd, bytes, 0, length, start);
        if (got !== length) throw new ParquetError(`${path}: expected ${length} bytes at offset ${start}, read ${got} (truncated?)`);
        bytesRead += got;
        try {
          return decodeColumnChunk(pages, { field: f, element, root, codec: md.codec, compressors, bytes, rows: n });
        } catch (err) {
          throw new ParquetError(`${path}: cannot read column ${JSON.stringify(f.name)} of row group ${k} (rows ${g.rowStart}–${g.rowEnd}): ${(err as Error).message}`);
        }
      });
      if (!emit(fields, columns, n, onBatch)) return { rows: rows + n, bytes: bytesRead };
      rows += n;
    }
    return { rows, bytes: bytesRead };
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
