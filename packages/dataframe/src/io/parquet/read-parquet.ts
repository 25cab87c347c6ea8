/**
 * Reads one Parquet partition in a worker: row group by row group (so a task holds one row
 * group's decoded columns at a time), only the projected columns' chunks (one read each),
 * decoded page by page with hyparquet's decoders (and hyparquet-compressors for zstd, gzip,
 * brotli, lz4) straight into floe's column layouts (decode-column-chunk.ts), then emitted in
 * batches. A column read as calendar fields (parquet-source.ts `parts`) is not read at all in a
 * row group whose statistics settle them (constantParts); elsewhere it is decoded and the
 * fields taken from it. A file that changed since planning is an error, never a wrong answer.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Compressors, FileMetaData } from 'hyparquet';
import type { Batch } from '../../kernels/batch.js';
import { sliceColumn, type Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import type { PartitionRead } from '../open-partition.js';
import { ColumnPool } from './column-pool.js';
import { ReusedBytes } from './reused-bytes.js';
import { decodeColumnChunk } from './decode-column-chunk.js';
import { hyparquetPages } from './hyparquet-pages.js';
import { ParquetError, readFooter, topLevel, type CalendarParts, type ParquetPartition } from './parquet-source.js';
import type { DtField } from '../../plan/expr-node.js';
import { partColumnName } from '../../plan/logical-plan.js';
import { dtField } from '../../kernels/eval-expr.js';
import { civilFromDays, MS_PER_DAY } from '../../kernels/civil-time.js';

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
  const { path, fields } = partition;
  const { meta, size, mtimeMs } = readFooter(path);
  if (size !== partition.planned.size || mtimeMs !== partition.planned.mtimeMs) {
    throw new ParquetError(`${path} changed while the query ran (size ${partition.planned.size} → ${size}); run the query again`);
  }
  const fd = openSync(path, 'r');
  let bytesRead = 0;
  const byteLength = fstatSync(fd).size;
  const pages = await hyparquetPages();
  const compressors = await compressorsFor(meta);
  const root = meta.schema[0];
  // top level only: a nested column's field of the same name must not stand for the column
  const elements = new Map(topLevel(meta).map((el) => [el.name, el]));
  const groupAt = new Map<number, number>();
  let at = 0;
  meta.row_groups.forEach((rg, k) => { groupAt.set(at, k); at += Number(rg.num_rows); });
  let rows = 0;
  const pool = threadPool;
  try {
    for (const g of partition.groups) {
      const n = g.rowEnd - g.rowStart;
      const k = groupAt.get(g.rowStart);
      const rg = k === undefined ? undefined : meta.row_groups[k];
      if (!rg || Number(rg.num_rows) !== n) throw new ParquetError(`${path}: no row group holds exactly rows ${g.rowStart}–${g.rowEnd}; the file changed or is corrupt`);
      const chunkOf = (name: string) => {
        const md = rg.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === name)?.meta_data;
        const element = elements.get(name);
        if (!md || !element) throw new ParquetError(`${path}: row group ${k} has no column chunk for ${JSON.stringify(name)}`);
        return { md, element };
      };
      // `slot`: the pooled array it is decoded into (one a column: a column read for its calendar parts has its own)
      const read = (f: Field, slot = f.name): Column => {
        const { md, element } = chunkOf(f.name);
        const dict = md.dictionary_page_offset !== undefined ? Number(md.dictionary_page_offset) : 0;
        const data = Number(md.data_page_offset);
        const start = dict > 0 && dict < data ? dict : data;
        const length = Number(md.total_compressed_size);
        if (start + length > byteLength) throw new ParquetError(`${path}: column ${JSON.stringify(f.name)} of row group ${k} ends at byte ${start + length}, past the end of the ${byteLength}-byte file (truncated or corrupt)`);
        const bytes = chunkBuffer.take(length);
        const got = readSync(fd, bytes, 0, length, start);
        if (got !== length) throw new ParquetError(`${path}: expected ${length} bytes at offset ${start}, read ${got} (truncated?)`);
        bytesRead += got;
        try {
          return decodeColumnChunk(pages, { field: f, element, root, codec: md.codec, compressors, bytes, rows: n, pool: { pool, slot } });
        } catch (err) {
          throw new ParquetError(`${path}: cannot read column ${JSON.stringify(f.name)} of row group ${k} (rows ${g.rowStart}–${g.rowEnd}): ${(err as Error).message}`);
        }
      };
      const names = fields.map((f) => f.name);
      const columns = fields.map((f) => read(f));
      for (const c of partition.parts ?? []) {
        const { md, element } = chunkOf(c.name);
        const known = constantParts(c, element.type, md.statistics);
        const whole = known === null ? read({ name: c.name, dtype: c.dtype }, `${c.name}\u0000parts`) : null;
        c.parts.forEach((part, j) => {
          names.push(partColumnName(c.name, part));
          columns.push(whole !== null ? dtField(whole, part, n) : filled(pool, partColumnName(c.name, part), part, known![j], n));
        });
      }
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

async function compressorsFor(meta: FileMetaData): Promise<Compressors | undefined> {
  if (loaded !== undefined || meta.row_groups.every((rg) => rg.columns.every((c) => c.meta_data === undefined || c.meta_data.codec === 'UNCOMPRESSED' || c.meta_data.codec === 'SNAPPY'))) return loaded;
  loaded = (await import('hyparquet-compressors')).compressors;
  return loaded;
}

/**
 * The calendar fields of a row group's column when its min/max statistics prove each is one
 * value for all its rows (min and max in the same year for `year`, the same month of it for
 * `month`, the same day for `day`, …, and no nulls), else null. Only INT64 timestamps and INT32
 * dates: INT96 statistics have no defined order.
 */
export function constantParts(c: CalendarParts, physical: string | undefined, stats: { min_value?: unknown; max_value?: unknown; null_count?: bigint } | undefined): number[] | null {
  if ((physical !== 'INT64' && physical !== 'INT32') || !stats || stats.null_count === undefined || stats.null_count !== 0n) return null;
  const lo = stats.min_value;
  const hi = stats.max_value;
  if (typeof lo !== 'number' || typeof hi !== 'number' || !Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  const ms = (v: number): number => (c.dtype === 'date' ? v * MS_PER_DAY : v);
  const ends: Column = { dtype: c.dtype, length: 2, values: c.dtype === 'date' ? Int32Array.of(lo, hi) : Float64Array.of(lo, hi), valid: null };
  const out: number[] = [];
  for (const part of c.parts) {
    if (unitOf(ms(lo), part) !== unitOf(ms(hi), part)) return null;
    out.push(dtField(ends, part, 2).values[0] as number);
  }
  return out;
}

const ymd = new Int32Array(3);

/** The calendar unit a field is constant within, numbered: the year, the month (of its year), the day, the hour, … */
function unitOf(ms: number, part: DtField): number {
  const days = Math.floor(ms / MS_PER_DAY);
  switch (part) {
    case 'year': civilFromDays(days, ymd); return ymd[0];
    case 'month': civilFromDays(days, ymd); return ymd[0] * 12 + ymd[1];
    case 'day': case 'date': case 'weekday': return days;
    case 'hour': return Math.floor(ms / 3_600_000);
    case 'minute': return Math.floor(ms / 60_000);
    case 'second': return Math.floor(ms / 1000);
  }
}

/** n rows of one calendar field's value (int64, or date for `date`), in the pool's array for `slot`. */
function filled(pool: ColumnPool, slot: string, part: DtField, value: number, n: number): Column {
  return part === 'date'
    ? { dtype: 'date', length: n, values: pool.take(slot, Int32Array, n).fill(value), valid: null }
    : { dtype: 'int64', length: n, values: pool.take(slot, Float64Array, n).fill(value), valid: null };
}

function emit(names: readonly string[], cols: Column[], n: number, onBatch: (b: Batch) => boolean): boolean {
  for (let lo = 0; lo < n; lo += BATCH_ROWS) {
    const hi = Math.min(n, lo + BATCH_ROWS);
    const columns = new Map<string, Column>();
    names.forEach((name, k) => columns.set(name, lo === 0 && hi === n ? cols[k] : sliceColumn(cols[k], lo, hi)));
    if (!onBatch({ length: hi - lo, columns })) return false;
  }
  return true;
}
