/**
 * Reads one Parquet partition in a worker: row group by row group (so a task holds one row
 * group's decoded columns at a time), only the projected columns' chunks (one read each),
 * decoded page by page with hyparquet's decoders (and hyparquet-compressors for zstd, gzip,
 * brotli, lz4) straight into floe's column layouts (decode-column-chunk.ts), then emitted in
 * batches. Where the chunks lie comes with the partition (the driver read the footer; the
 * worker never does). A column read as calendar fields (parquet-source.ts `parts`) is not read
 * at all in a row group whose statistics settle them (constant-parts.ts, judged on the driver);
 * elsewhere it is decoded and the fields taken from it. A file whose size or modification time
 * changed since planning is an error, never a wrong answer.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Compressors } from 'hyparquet';
import type { Batch } from '../../kernels/batch.js';
import { markConstant, sliceColumn, type Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import type { PartitionRead } from '../open-partition.js';
import { ColumnPool } from './column-pool.js';
import { ReusedBytes } from './reused-bytes.js';
import { decodeColumnChunk } from './decode-column-chunk.js';
import { hyparquetPages } from './hyparquet-pages.js';
import { ParquetError, type ParquetPartition } from './parquet-source.js';
import type { DtField } from '../../plan/expr-node.js';
import { partColumnName } from '../../plan/logical-plan.js';
import { dtField } from '../../kernels/eval-expr.js';

const BATCH_ROWS = 32_768;

/** The thread's decode arrays, kept across partitions (column-pool.ts): 64 MB at most, 8 columns of a 1 M-row group. */
const threadPool = new ColumnPool(64 * 2 ** 20);

/**
 * The thread's buffer column chunks are read into (up to 16 MB kept): a new 115 kB array per
 * chunk was ~10 MB of dead external memory a file on the 2 GB seed, which set off a full
 * collection before nearly every task (scheduler threshold-gc.ts). Nothing keeps a view of a
 * chunk's bytes past its decoding: values are copied into the pooled columns, strings decoded.
 */
const chunkBuffer = new ReusedBytes(16 * 2 ** 20);

export async function readParquetPartition(partition: ParquetPartition, onBatch: (b: Batch) => boolean): Promise<PartitionRead> {
  const { path, fields, elements, root } = partition;
  const parts = partition.parts ?? [];
  const fd = openSync(path, 'r');
  let bytesRead = 0;
  let rows = 0;
  const pool = threadPool;
  try {
    const st = fstatSync(fd);
    if (st.size !== partition.planned.size || st.mtimeMs !== partition.planned.mtimeMs) {
      throw new ParquetError(`${path} changed while the query ran (size ${partition.planned.size} → ${st.size}); run the query again`);
    }
    const pages = await hyparquetPages();
    const compressors = await compressorsFor(partition);
    for (const g of partition.groups) {
      const n = g.rowEnd - g.rowStart;
      // the j-th chunk of the group (fields, then parts' columns), into the pooled array for `slot`
      const read = (j: number, f: Field, slot = f.name): Column => {
        const chunk = g.chunks[j];
        if (chunk === null) throw new ParquetError(`${path}: row group ${g.index} has no column chunk for ${JSON.stringify(f.name)}`);
        const { start, length, codec } = chunk;
        if (start + length > st.size) throw new ParquetError(`${path}: column ${JSON.stringify(f.name)} of row group ${g.index} ends at byte ${start + length}, past the end of the ${st.size}-byte file (truncated or corrupt)`);
        const bytes = chunkBuffer.take(length);
        const got = readSync(fd, bytes, 0, length, start);
        if (got !== length) throw new ParquetError(`${path}: expected ${length} bytes at offset ${start}, read ${got} (truncated?)`);
        bytesRead += got;
        try {
          return decodeColumnChunk(pages, { field: f, element: elements[j], root, codec, compressors, bytes, rows: n, pool: { pool, slot } });
        } catch (err) {
          throw new ParquetError(`${path}: cannot read column ${JSON.stringify(f.name)} of row group ${g.index} (rows ${g.rowStart}–${g.rowEnd}): ${(err as Error).message}`);
        }
      };
      const names = fields.map((f) => f.name);
      const columns = fields.map((f, j) => read(j, f));
      parts.forEach((c, i) => {
        const known = g.known[i];
        const whole = known === null ? read(fields.length + i, { name: c.name, dtype: c.dtype }, `${c.name}\u0000parts`) : null;
        c.parts.forEach((part, j) => {
          names.push(partColumnName(c.name, part));
          columns.push(whole !== null ? dtField(whole, part, n) : filled(pool, partColumnName(c.name, part), part, known![j], n));
        });
      });
      if (!emit(names, columns, n, onBatch)) return { rows: rows + n, bytes: bytesRead };
      rows += n;
    }
    return { rows, bytes: bytesRead };
  } finally {
    closeSync(fd);
  }
}

/**
 * hyparquet-compressors (zstd, gzip, brotli, lz4; ~40 ms to load, a WebAssembly module
 * instantiated on import), loaded by the first file with a column chunk in one of them. SNAPPY
 * pages are decoded by page-buffers.ts; hyparquet's own decoders fall back to its JS snappy.
 */
let loaded: Compressors | undefined;

async function compressorsFor(partition: ParquetPartition): Promise<Compressors | undefined> {
  if (loaded !== undefined || partition.groups.every((g) => g.chunks.every((c) => c === null || c.codec === 'UNCOMPRESSED' || c.codec === 'SNAPPY'))) return loaded;
  loaded = (await import('hyparquet-compressors')).compressors;
  return loaded;
}

/**
 * n rows of one calendar field's value (int64, or date for `date`), in the pool's array for
 * `slot`, marked as one value (markConstant). The slot's array is filled again only when it
 * holds another value or fewer rows: consecutive row groups mostly share their year.
 */
function filled(pool: ColumnPool, slot: string, part: DtField, value: number, n: number): Column {
  const values = part === 'date' ? pool.take(slot, Int32Array, n) : pool.take(slot, Float64Array, n);
  const was = filledWith.get(slot);
  if (was === undefined || was.buffer !== values.buffer || was.value !== value || was.rows < n) {
    values.fill(value);
    filledWith.set(slot, { buffer: values.buffer, value, rows: n });
  }
  return markConstant({ dtype: part === 'date' ? 'date' : 'int64', length: n, values, valid: null });
}

/** What filled() last wrote into each slot's array (the pool hands a slot only to its column). */
const filledWith = new Map<string, { buffer: ArrayBufferLike; value: number; rows: number }>();

function emit(names: readonly string[], cols: Column[], n: number, onBatch: (b: Batch) => boolean): boolean {
  for (let lo = 0; lo < n; lo += BATCH_ROWS) {
    const hi = Math.min(n, lo + BATCH_ROWS);
    const columns = new Map<string, Column>();
    names.forEach((name, k) => columns.set(name, lo === 0 && hi === n ? cols[k] : sliceColumn(cols[k], lo, hi)));
    if (!onBatch({ length: hi - lo, columns })) return false;
  }
  return true;
}
