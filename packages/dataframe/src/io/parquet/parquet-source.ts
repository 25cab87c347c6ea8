/**
 * Parquet behind the Source seam. On the driver: each file's footer is read (only the footer),
 * the column types are mapped (parquet-types.ts), and partitions are runs of consecutive row
 * groups of one file, about `blocksize` compressed bytes of the projected columns each. Row
 * groups whose min/max statistics prove the filter above the scan keeps none of their rows are
 * never read (prune.ts); explain() says how many were skipped and how many bytes are read.
 * A timestamp or date column used only through calendar fields (`col('Date').dt.year()`) is read
 * as those fields (dt-field pushdown): a row group whose min/max statistics fall in one year (one
 * month, one day, …) gets them without its column being read (read-parquet.ts).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CompressionCodec, FileMetaData, SchemaElement } from 'hyparquet';
import type { Field } from '../../types/dtype.js';
import { filesBytes } from '../files-bytes.js';
import { requireEsm } from '../require-esm.js';
import type { PlannedPartition, ScanRequest, Source, SourceInfo } from '../source.js';
import { constantParts, type CalendarParts } from './constant-parts.js';
import { decimalScale, PARSERS, parquetDType } from './parquet-types.js';
import { mayMatch, type ColumnStats, type StatValue } from './prune.js';

/**
 * hyparquet's footer parser, loaded by the first readParquet (a synchronous require() of its ES
 * module, the instance an import gets): a program that reads no Parquet never loads it. Its
 * metadata.js alone, not the package's index (readers, query, scan: ~30 ms against ~5 to load,
 * on the driver before the first task and in every worker), from the package's own folder as
 * hyparquet-pages.ts loads its page decoders (the version is pinned exactly in package.json).
 */
let metadataModule: Pick<typeof import('hyparquet'), 'parquetMetadata'> | null = null;

function hyparquetMetadata(): Pick<typeof import('hyparquet'), 'parquetMetadata'> {
  if (metadataModule === null) {
    const file = join(dirname(createRequire(import.meta.url).resolve('hyparquet')), 'metadata.js');
    metadataModule = requireEsm<Pick<typeof import('hyparquet'), 'parquetMetadata'>>(import.meta.url, file, 'hyparquet (Parquet files)');
    if (typeof metadataModule.parquetMetadata !== 'function') throw new Error(`hyparquet ${file}: parquetMetadata is missing; floe needs the hyparquet version pinned in its package.json`);
  }
  return metadataModule;
}

export interface ParquetRowGroup {
  /** First row of the group in its file. */
  rowStart: number;
  rows: number;
  /** Per schema field: compressed bytes, where its chunk lies, and min/max/null count when the writer recorded them. */
  columns: { bytes: number; chunk: ChunkAt | null; min: StatValue | null; max: StatValue | null; nullCount: number | null }[];
}

/** Where a column's chunk (its dictionary page, if any, and data pages) lies in its file. */
export interface ChunkAt {
  start: number;
  length: number;
  codec: CompressionCodec;
}

export interface ParquetFileInfo {
  path: string;
  size: number;
  mtimeMs: number;
  /** Per schema field: its element of the file's schema (physical and logical type, repetition). */
  elements: SchemaElement[];
  root: SchemaElement;
  rowGroups: ParquetRowGroup[];
}

export interface ParquetSource extends SourceInfo {
  format: 'parquet';
  files: ParquetFileInfo[];
}

/**
 * One task's share of a file: consecutive row groups, each [rowStart, rowEnd) rows of the file,
 * with what the worker needs from the footer (which it does not read: parsing DuckDB's 278 kB
 * footer cost each worker ~60 ms of its first task, its garbage included).
 */
export interface ParquetPartition {
  path: string;
  groups: PartitionGroup[];
  /** Projected columns, in schema order. */
  fields: Field[];
  /** Timestamp and date columns read as calendar fields instead (emitted as `name::field`, plan/logical-plan.ts partColumnName). */
  parts?: CalendarParts[];
  /** The schema elements of `fields`, then of `parts`' columns; and the schema's root. */
  elements: SchemaElement[];
  root: SchemaElement;
  planned: { size: number; mtimeMs: number };
}

export interface PartitionGroup {
  /** Its place among the file's row groups. */
  index: number;
  rowStart: number;
  rowEnd: number;
  /** Where the chunks of `fields`, then of `parts`' columns, lie; null where the row group has none (an error when read). */
  chunks: (ChunkAt | null)[];
  /** Per `parts` column: its fields when the row group's statistics settle them (constant-parts.ts), else null (the column is read). */
  known: (number[] | null)[];
}

export class ParquetError extends Error {
  override name = 'ParquetError';
}

/** Reads the footer of every file; all files must have the same columns and types. */
export function inferParquetSource(paths: readonly string[], only?: readonly string[]): ParquetSource {
  let schema: Field[] | null = null;
  let first = '';
  const files: ParquetFileInfo[] = paths.map((path) => {
    const { meta, size, mtimeMs } = readFooter(path);
    const all = topLevel(meta);
    if (only) {
      const names = all.map((el) => el.name);
      for (const c of only) if (!names.includes(c)) throw new ParquetError(`readParquet: ${path} has no column ${JSON.stringify(c)}; columns: ${names.join(', ')}`);
    }
    const top = only ? all.filter((el) => only.includes(el.name)) : all;
    const fields = top.map((el) => ({ name: el.name, dtype: parquetDType(el, path) }));
    if (schema === null) { schema = fields; first = path; }
    else if (fields.length !== schema.length || fields.some((f, k) => f.name !== schema![k].name || f.dtype !== schema![k].dtype)) {
      const show = (fs: Field[]) => fs.map((f) => `${f.name}: ${f.dtype}`).join(', ');
      throw new ParquetError(`readParquet: ${path} has columns (${show(fields)}) but ${first} has (${show(schema)}); read files with one schema together`);
    }
    const index = new Map(fields.map((f, k) => [f.name, k]));
    let rowStart = 0;
    const rowGroups = meta.row_groups.map((rg): ParquetRowGroup => {
      const columns = fields.map(() => ({ bytes: 0, chunk: null as ChunkAt | null, min: null as StatValue | null, max: null as StatValue | null, nullCount: null as number | null }));
      for (const cc of rg.columns) {
        const md = cc.meta_data;
        if (!md) continue;
        const k = index.get(md.path_in_schema[0]);
        if (k === undefined) continue;
        const c = columns[k];
        c.bytes += Number(md.total_compressed_size);
        if (md.path_in_schema.length !== 1) continue;
        const dict = md.dictionary_page_offset !== undefined ? Number(md.dictionary_page_offset) : 0;
        const data = Number(md.data_page_offset);
        c.chunk = { start: dict > 0 && dict < data ? dict : data, length: Number(md.total_compressed_size), codec: md.codec };
        const st = md.statistics;
        if (st) {
          c.min = statValue(st.min_value);
          c.max = statValue(st.max_value);
          const scale = decimalScale(top[k]);
          if (scale !== null) {
            c.min = decimalStat(c.min, scale, top[k].converted_type === 'DECIMAL', -1);
            c.max = decimalStat(c.max, scale, top[k].converted_type === 'DECIMAL', 1);
          }
          c.nullCount = st.null_count !== undefined ? Number(st.null_count) : null;
        }
      }
      const g = { rowStart, rows: Number(rg.num_rows), columns };
      rowStart += g.rows;
      return g;
    });
    return { path, size, mtimeMs, elements: top, root: meta.schema[0], rowGroups };
  });
  return { format: 'parquet', files, schema: schema ?? [], typeNotes: {}, onBadLines: 'error', onTypeMismatch: 'error' };
}

export const parquetFormat: Source<ParquetSource> = {
  readsCalendarParts: true,
  singleStage: false,
  // encoded and compressed columns: the seed's Parquet is a third of its CSV
  estimatedBytes: (source) => filesBytes(source, 3),
  plan(source, req) {
    return planParquet(source, req).partitions;
  },
  valueRange(source, column) {
    const k = source.schema.findIndex((f) => f.name === column);
    // INT96 timestamps' statistics have no defined order (as in constant-parts.ts)
    if (k < 0 || source.files.some((f) => !ORDERED_STATS.has(f.elements[k].type ?? '') || decimalScale(f.elements[k]) !== null)) return null;
    let min = Infinity;
    let max = -Infinity;
    let nulls = false;
    for (const file of source.files) {
      for (const g of file.rowGroups) {
        if (g.rows === 0) continue;
        const c = g.columns[k];
        if (c.nullCount === null) return null;
        if (c.nullCount > 0) nulls = true;
        if (c.nullCount === g.rows) continue;
        if (typeof c.min !== 'number' || typeof c.max !== 'number' || !Number.isFinite(c.min) || !Number.isFinite(c.max)) return null;
        min = Math.min(min, c.min);
        max = Math.max(max, c.max);
      }
    }
    return min <= max ? { min, max, nulls } : null;
  },
  explain(source, req) {
    const p = planParquet(source, req);
    const cols = req.columns === null ? 'all columns' : `columns [${req.columns.join(', ')}]`;
    const parts = calendarParts(source, req).map((c) => `${c.name} → ${c.parts.join('/')}`);
    const calendar = parts.length > 0 ? `, calendar parts: ${parts.join(', ')} (a row group's from its min/max statistics when they are one value)` : '';
    const pruned = req.predicate ? `, ${p.groups - p.read} of ${p.groups} row group(s) pruned by min/max statistics` : '';
    return `ParquetScan ${source.files.length} file(s), ${cols}${calendar}, ${p.read} row group(s) in ${p.partitions.length} partition(s)${pruned}, reads ${parts.length > 0 ? 'at most ' : ''}${p.bytes} of ${p.totalBytes} bytes`;
  },
};

/** Physical types whose min/max statistics are numbers in the column's order. */
const ORDERED_STATS = new Set(['INT32', 'INT64', 'FLOAT', 'DOUBLE']);

interface ParquetPlan { partitions: PlannedPartition[]; groups: number; read: number; bytes: number; totalBytes: number }

/** The timestamp and date columns the scan reads as calendar fields (dt-field pushdown). */
function calendarParts(source: ParquetSource, req: ScanRequest): CalendarParts[] {
  return source.schema.filter((f) => (f.dtype === 'timestamp' || f.dtype === 'date') && Object.hasOwn(req.parts, f.name))
    .map((f) => ({ name: f.name, dtype: f.dtype, parts: req.parts[f.name] }));
}

function planParquet(source: ParquetSource, req: ScanRequest): ParquetPlan {
  const parts = calendarParts(source, req);
  const wanted = (f: Field): boolean => req.columns === null || req.columns.includes(f.name);
  const fields = source.schema.filter(wanted);
  // a calendar-parts column is read where its statistics do not settle the fields: count its bytes
  const read = source.schema.map((f, k) => ({ f, k })).filter(({ f }) => wanted(f) || parts.some((c) => c.name === f.name));
  const index = new Map(source.schema.map((f, k) => [f.name, k]));
  // the chunks a task reads: its fields', then its calendar-parts columns'
  const partsAt = parts.map((c) => index.get(c.name)!);
  const chunkColumns = [...fields.map((f) => index.get(f.name)!), ...partsAt];
  const out: ParquetPlan = { partitions: [], groups: 0, read: 0, bytes: 0, totalBytes: 0 };
  for (const file of source.files) {
    let run: { groups: PartitionGroup[]; bytes: number } | null = null;
    const elements = chunkColumns.map((k) => file.elements[k]);
    const flush = () => {
      if (!run) return;
      const partition: ParquetPartition = { path: file.path, groups: run.groups, fields, ...(parts.length > 0 ? { parts } : {}), elements, root: file.root, planned: { size: file.size, mtimeMs: file.mtimeMs } };
      out.partitions.push({ input: { kind: 'source', format: 'parquet', partition }, scan: null, bytes: run.bytes });
      run = null;
    };
    for (const [at, g] of file.rowGroups.entries()) {
      out.groups++;
      out.totalBytes += g.columns.reduce((n, c) => n + c.bytes, 0);
      const stats = (name: string): ColumnStats | null => {
        const k = index.get(name);
        if (k === undefined) return null;
        const c = g.columns[k];
        return { dtype: source.schema[k].dtype, min: c.min, max: c.max, nullCount: c.nullCount, rows: g.rows };
      };
      if (g.rows === 0 || (req.predicate && !mayMatch(req.predicate, stats))) { flush(); continue; }
      out.read++;
      const bytes = read.reduce((n, { k }) => n + g.columns[k].bytes, 0);
      out.bytes += bytes;
      if (run && run.bytes + bytes > req.blocksize) flush();
      const group: PartitionGroup = {
        index: at,
        rowStart: g.rowStart,
        rowEnd: g.rowStart + g.rows,
        chunks: chunkColumns.map((k) => g.columns[k].chunk),
        known: parts.map((c, i) => constantParts(c, file.elements[partsAt[i]].type, g.columns[partsAt[i]])),
      };
      if (run) { run.groups.push(group); run.bytes += bytes; }
      else run = { groups: [group], bytes };
    }
    flush();
  }
  return out;
}

/**
 * A decimal column's min (`side` −1) or max (1) statistic as a bound of its values. hyparquet
 * scales it (unscaled × 10^−scale) only for a column with the DECIMAL converted type; one with
 * the logical type alone comes unscaled (100 for 1.00: read as the value, `d < 5` pruned every
 * row group), and is scaled here. Either may be a few units in the last place off the doubles
 * the values are read as: widened by them, so a row group is never pruned for that.
 */
function decimalStat(v: StatValue | null, scale: number, scaledByHyparquet: boolean, side: -1 | 1): number | null {
  const x = typeof v === 'number' ? (scaledByHyparquet ? v : v / 10 ** scale) : typeof v === 'bigint' && !scaledByHyparquet ? Number(v) / 10 ** scale : null;
  if (x === null || !Number.isFinite(x)) return null;
  return x + side * (Math.abs(x) * 2 ** -48 + Number.MIN_VALUE);
}

function statValue(v: unknown): StatValue | null {
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean') return v;
  return null;
}

/** The top-level columns of the schema: a group's children, which may share a name with one, skipped (parquetDType refuses the group itself). */
export function topLevel(meta: FileMetaData): FileMetaData['schema'] {
  const out: FileMetaData['schema'] = [];
  const els = meta.schema;
  let i = 1;
  const skip = (at: number): number => {
    let next = at + 1;
    for (let c = 0; c < (els[at].num_children ?? 0); c++) next = skip(next);
    return next;
  };
  while (i < els.length) { out.push(els[i]); i = skip(i); }
  return out;
}

/**
 * Footers this thread has parsed, by path: a program reading the same files again (each
 * readParquet of them is planned afresh) parses them once (DuckDB's 2 GB seed file: 465 row
 * groups, a 278 kB footer, ~20 ms to parse). A parsed footer is reused only when the footer's
 * bytes read now equal the ones it was parsed from — not on the file's size and time alone.
 * Callers only read it. At most FOOTER_CACHE_BYTES of footers are kept.
 */
const footers = new Map<string, { bytes: Buffer; meta: FileMetaData }>();
let footerBytes = 0;
const FOOTER_CACHE_BYTES = 16 * 2 ** 20;

function parseFooter(path: string, buf: Buffer): FileMetaData {
  const had = footers.get(path);
  if (had !== undefined && had.bytes.equals(buf)) return had.meta;
  let meta: FileMetaData;
  try {
    meta = hyparquetMetadata().parquetMetadata(buf, { parsers: PARSERS });
  } catch (err) {
    throw new ParquetError(`${path}: corrupt Parquet footer: ${(err as Error).message}`);
  }
  if (had !== undefined) { footers.delete(path); footerBytes -= had.bytes.length; }
  if (footerBytes + buf.length > FOOTER_CACHE_BYTES) { footers.clear(); footerBytes = 0; }
  if (buf.length <= FOOTER_CACHE_BYTES) { footers.set(path, { bytes: buf, meta }); footerBytes += buf.length; }
  return meta;
}

/** The file's footer, read with two small reads (parsed once a thread while its bytes stay the same). */
export function readFooter(path: string): { meta: FileMetaData; size: number; mtimeMs: number } {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    const size = st.size;
    if (size < 12) throw new ParquetError(`${path}: not a Parquet file (${size} bytes; a Parquet file is at least 12)`);
    const tail = Buffer.alloc(8);
    readSync(fd, tail, 0, 8, size - 8);
    if (tail.toString('latin1', 4, 8) !== 'PAR1') throw new ParquetError(`${path}: not a Parquet file, or cut short (it does not end with the Parquet magic bytes "PAR1")`);
    const len = tail.readUInt32LE(0);
    if (len + 12 > size) throw new ParquetError(`${path}: Parquet footer of ${len} bytes does not fit in the ${size}-byte file (truncated or corrupt)`);
    const buf = Buffer.alloc(len + 8);
    readSync(fd, buf, 0, len + 8, size - len - 8);
    return { meta: parseFooter(path, buf), size, mtimeMs: st.mtimeMs };
  } finally {
    closeSync(fd);
  }
}
