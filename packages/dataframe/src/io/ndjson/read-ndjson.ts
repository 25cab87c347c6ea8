/**
 * Reads one JSON-lines file in a worker, 4 MiB of text at a time (a .gz / .zst file decompressed
 * as a stream, never whole): each object's projected keys
 * become typed columns of the sampled types. A value of another type is an error naming the
 * file, the lines and the column (a float64 column takes whole numbers; an int64 column — one
 * whose sampled numbers were all written as integers — refuses a fraction).
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import type { Batch } from '../../kernels/batch.js';
import type { Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import { decompressor, isCompressedPath } from '../csv/compressed.js';
import { columnFromValues } from '../memory/from-values.js';
import type { PartitionRead } from '../open-partition.js';
import { timestampColumn } from './ndjson-dates.js';
import { NdjsonError, jsonColumnValues, parseLines } from './ndjson-lines.js';
import type { NdjsonPartition } from './ndjson-source.js';

const CHUNK = 4 << 20;

export async function readNdjsonPartition(partition: NdjsonPartition, onBatch: (b: Batch) => boolean): Promise<PartitionRead> {
  const { path, fields, planned } = partition;
  const known = new Set(partition.known);
  const declared = new Set(partition.declared);
  const st = statSync(path);
  if (st.size !== planned.size || st.mtimeMs !== planned.mtimeMs) throw new NdjsonError(`${path} changed while the query ran (size ${planned.size} → ${st.size}); run the query again`);
  let rows = 0;
  let line = 1;
  let carry = Buffer.alloc(0);
  let skipped = 0;
  const skippedLines: string[] = [];
  /** Parses the whole lines of carry + chunk (all of it at the end); false once the consumer wants no more. */
  const take = (chunk: Buffer, last: boolean): boolean => {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const end = last ? data.length : data.lastIndexOf(10) + 1;
    const text = data.toString('utf8', 0, end);
    carry = Buffer.from(data.subarray(end));
    if (text.length === 0) return true;
    const parsed = parseLines(text, path, line, partition.skipBad);
    const lines = countLines(text);
    skipped += parsed.skipped;
    for (const l of parsed.skippedLines) if (skippedLines.length < 5) skippedLines.push(l);
    line += lines;
    if (parsed.rows.length === 0) return true;
    const at = (i: number): string => `line ${parsed.lines[i]}`;
    checkKeys(parsed.rows, known, (i) => `${path} ${at(i)}`);
    const columns = new Map<string, Column>(fields.map((f) => [f.name, typedColumn(f, parsed.rows.map((r) => r[f.name]), `${path} lines ${line - lines}–${line - 1}`, at, declared.has(f.name))]));
    rows += parsed.rows.length;
    return onBatch({ length: parsed.rows.length, columns });
  };
  if (isCompressedPath(path)) {
    const codec = decompressor(path, 'readNdjson');
    const input = createReadStream(path);
    const text = input.pipe(codec.stream);
    input.on('error', (err) => text.destroy(err));
    let parsing = false; // an error while parsing or in the consumer is not a decompression error
    try {
      let pieces: Buffer[] = [];
      let pending = 0;
      for await (const piece of text as AsyncIterable<Buffer>) {
        pieces.push(piece);
        pending += piece.length;
        if (pending < CHUNK) continue;
        const chunk = Buffer.concat(pieces);
        pieces = [];
        pending = 0;
        parsing = true;
        if (!take(chunk, false)) return { rows, bytes: st.size, skipped, skippedLines };
        parsing = false;
      }
      parsing = true;
      take(Buffer.concat(pieces), true);
    } catch (err) {
      if (parsing || err instanceof NdjsonError) throw err;
      throw codec.error(path, err, st.size);
    } finally {
      input.destroy();
      text.destroy();
    }
    return { rows, bytes: st.size, skipped, skippedLines };
  }
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let pos = 0; ; ) {
      const n = readSync(fd, buf, 0, CHUNK, pos);
      pos += n;
      if (!take(buf.subarray(0, n), n === 0) || n === 0) break;
    }
    return { rows, bytes: st.size, skipped, skippedLines };
  } finally {
    closeSync(fd);
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

/**
 * A key that is no column is an error: the columns are the keys of each file's sampled head (or
 * given by dtypes), and its values would be dropped without a word (DuckDB: "unknown key").
 */
function checkKeys(rows: readonly Record<string, unknown>[], known: ReadonlySet<string>, where: (i: number) => string): void {
  for (let i = 0; i < rows.length; i++) {
    for (const k in rows[i]) {
      if (known.has(k)) continue;
      const type = valueType(rows[i][k]);
      const t = type === 'other' ? 'string' : type;
      throw new NdjsonError(`${where(i)}: key ${JSON.stringify(k)} is not a column (the columns are the keys in the first 256 KiB of each file: ${[...known].join(', ')}); its values would be lost — name it and its type to read it: dtypes: { ${JSON.stringify(k)}: '${t}' } (--dtype ${k}=${t})`);
    }
  }
}

/** A column of the declared type `f` (`declared`: given by dtypes, so numbers and booleans are taken as text by a string column). */
function typedColumn(f: Field, values: unknown[], where: string, locate: (i: number) => string, declared = false): Column {
  if (declared && f.dtype === 'string') values = values.map((v) => (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : v));
  const { field, column } = columnFromValues(f.name, jsonColumnValues(values), where, locate);
  if (field.dtype === f.dtype) return column;
  if (f.dtype === 'timestamp' && field.dtype === 'string') return timestampColumn(column, f.name, where);
  const n = values.length;
  if (column.valid !== null && column.valid.every((v) => v === 0)) {
    // only nulls here: an all-null column of the sampled type
    const empty = f.dtype === 'string' ? { values: new Int32Array(n), dict: [] } : { values: f.dtype === 'bool' ? new Uint8Array(n) : f.dtype === 'date' ? new Int32Array(n) : new Float64Array(n) };
    return { dtype: f.dtype, length: n, valid: new Uint8Array(n), ...empty };
  }
  if (f.dtype === 'float64' && field.dtype === 'int64') return { ...column, dtype: 'float64', values: Float64Array.from(column.values as ArrayLike<number | bigint>, Number) };
  const first = values.findIndex((v) => v !== null && v !== undefined && valueType(v) === field.dtype);
  const place = first >= 0 ? where.replace(/ lines \d+–\d+$/, ` ${locate(first)}`) : where;
  const given = declared ? `given as ${f.dtype}` : `sampled as ${f.dtype} from the first 256 KiB`;
  // whole numbers then a fraction: float64; a column sampled as text (or only nulls): the value's type; else text
  const fix = f.dtype === 'int64' && field.dtype === 'float64' ? 'float64' : f.dtype === 'string' ? field.dtype : 'string';
  throw new NdjsonError(`${place}: column ${JSON.stringify(f.name)} holds ${field.dtype} values (${JSON.stringify(values[first])}) but was ${given}; read it as ${fix}: dtypes: { ${JSON.stringify(f.name)}: '${fix}' } (--dtype ${f.name}=${fix})`);
}

/** The column type one JSON value alone reads as (from-values.ts rules). */
function valueType(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint') return typeof v === 'number' && !Number.isInteger(v) ? 'float64' : 'int64';
  return typeof v === 'boolean' ? 'bool' : typeof v === 'string' ? 'string' : 'other';
}
