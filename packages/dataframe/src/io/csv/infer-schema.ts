/**
 * Reads every file's header and samples its rows (the head and the tail of each file) to infer
 * column types. Types widen across all samples: int64 → float64 → string; bool, dates and
 * timestamps stay themselves only when every sampled value agrees. Files whose headers differ
 * are an error naming both files.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { DType, Field } from '../../types/dtype.js';
import { DEFAULT_NULL_VALUES } from './dialect.js';
import { hasBom, tokenizeRows, type TokenizedRow } from './tokenize.js';
import { sniffDelimiter } from './sniff.js';
import { isDateOnly, parseTimestampParts } from './parse-timestamp.js';
import { checkDateFormat } from './parse-date-format.js';
import { closestName } from '../../plan/closest-name.js';
import { fileChanged } from './file-changed.js';

export interface CsvFileInfo {
  path: string;
  size: number;
  /** Modification time when the schema was inferred: a file that changes after that is an error, never a wrong answer. */
  mtimeMs: number;
  /** Byte offset of the first data row (after BOM and header). */
  dataStart: number;
}

export interface CsvSource {
  files: CsvFileInfo[];
  schema: Field[];
  delimiter: number;
  nullValues: string[];
  dateErrorsNull: boolean;
  /** Rows with the wrong number of fields: an error, dropped silently, or dropped with a warning. */
  onBadLines: 'error' | 'skip' | 'warn';
  lossyUtf8: boolean;
  /** A value that contradicts its column's type: an error, or re-run with the wider type. */
  onTypeMismatch: 'error' | 'widen';
  /** Timestamp/date columns in a non-ISO format: column → dayjs format (parse-date-format.ts). */
  dateFormats: Record<string, string>;
}

export interface InferOptions {
  delimiter?: string;
  nullValues?: readonly string[];
  dtypes?: Readonly<Record<string, DType>>;
  parseDates?: readonly string[] | boolean;
  /** Bytes sampled from the head of each file (and a quarter of that from its tail); grown to hold whole rows. */
  sampleBytes?: number;
  dateErrors?: 'error' | 'null';
  onBadLines?: 'error' | 'skip' | 'warn';
  encoding?: 'utf8' | 'utf8-lossy';
  onTypeMismatch?: 'error' | 'widen';
  /** Columns written in another date format than ISO: column → dayjs format; read as timestamps (or dates, with dtypes). */
  dateFormats?: Readonly<Record<string, string>>;
}

const enc = new TextEncoder();
const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INF = /^[+-]?(inf|infinity)$/i;
const BOOL = /^(true|false)$/i;

export function inferCsvSource(paths: readonly string[], opts: InferOptions = {}): CsvSource {
  const sampleBytes = opts.sampleBytes ?? 256 * 1024;
  const nullValues = [...(opts.nullValues ?? DEFAULT_NULL_VALUES)];
  const nulls = new Set(nullValues);
  let delimiter = opts.delimiter !== undefined ? delimiterByte(opts.delimiter) : -1;
  let header: string[] | null = null;
  let headerFile = '';
  const files: CsvFileInfo[] = [];
  let stats: ColumnStats[] = [];

  for (const path of paths) {
    const { head, tail, size, mtimeMs } = readSamples(path, sampleBytes);
    if (size === 0) throw new Error(`readCsv: ${path} is empty (expected a header row)`);
    const bom = hasBom(head) ? 3 : 0;
    if (delimiter < 0) delimiter = sniffDelimiter(head.subarray(bom));
    const first = tokenizeRows(head, bom, head.length, delimiter, head.length === size, 1, path);
    if (first.rows.length === 0) throw new Error(`readCsv: ${path}: the header row is longer than ${sampleBytes} bytes or missing`);
    const names = first.rows[0].fields;
    checkHeader(names, path);
    if (header === null) {
      header = names;
      headerFile = path;
      stats = names.map(() => new ColumnStats());
    } else if (!sameHeader(header, names)) {
      throw new Error(`readCsv: files have different headers: ${headerFile} has [${header.join(', ')}] but ${path} has [${names.join(', ')}]`);
    }
    const dataStart = first.next;
    files.push({ path, size, mtimeMs, dataStart });
    const headRows = tokenizeRows(head, dataStart, head.length, delimiter, head.length === size, Infinity, path).rows;
    observe(headRows, stats, nulls, path);
    if (tail) observe(tailRows(tail, delimiter, header.length), stats, nulls, path);
  }
  if (header === null) throw new Error('readCsv: no files');

  const dateCols = opts.parseDates === true ? null : new Set(opts.parseDates === false ? [] : opts.parseDates ?? []);
  for (const name of dateCols ?? []) {
    if (!header.includes(name)) throw unknownColumn('parseDates', name, header);
  }
  for (const name of Object.keys(opts.dtypes ?? {})) {
    if (!header.includes(name)) throw unknownColumn('dtypes', name, header);
  }
  const dateFormats: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, format] of Object.entries(opts.dateFormats ?? {})) {
    if (!header.includes(name)) throw unknownColumn('dateFormats', name, header);
    const given = opts.dtypes?.[name];
    if (given !== undefined && given !== 'timestamp' && given !== 'date') throw new Error(`readCsv: dateFormats.${name} reads a timestamp or a date, but dtypes.${name} is ${given}`);
    dateFormats[name] = checkDateFormat(name, format);
  }
  const schema: Field[] = header.map((name, i) => {
    const given = opts.dtypes && Object.hasOwn(opts.dtypes, name) ? opts.dtypes[name] : undefined;
    if (given) return { name, dtype: given };
    if (dateFormats[name] !== undefined) return { name, dtype: 'timestamp' };
    const st = stats[i];
    if (dateCols === null) return { name, dtype: st.dateType() ?? st.plainType() };
    if (dateCols.has(name)) {
      if (st.dateType() === null && st.nonDate > 0 && opts.dateErrors !== 'null') {
        throw new Error(`readCsv: parseDates column ${JSON.stringify(name)} has values that are not ISO dates, e.g. ${JSON.stringify(st.nonDateExample)} in ${st.nonDateFile}; pass dateErrors: 'null' to read them as null`);
      }
      return { name, dtype: 'timestamp' };
    }
    return { name, dtype: st.plainType() };
  });
  return {
    files, schema, delimiter, nullValues,
    dateErrorsNull: opts.dateErrors === 'null',
    onBadLines: opts.onBadLines ?? 'error',
    lossyUtf8: opts.encoding === 'utf8-lossy',
    onTypeMismatch: opts.onTypeMismatch ?? 'error',
    dateFormats,
  };
}

/**
 * The head and tail samples of a file. Each covers whole rows: the head grows (doubling) until
 * it holds at least MIN_HEAD_ROWS complete rows (or the whole file), the tail until it holds
 * MIN_TAIL_ROWS (or reaches the head), so rows longer than `sampleBytes` are still sampled.
 */
function readSamples(path: string, sampleBytes: number): { head: Uint8Array; tail: Uint8Array | null; size: number; mtimeMs: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new Error(`readCsv: cannot open ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const { size, mtimeMs } = fstatSync(fd);
    let head = readAt(fd, path, 0, Math.min(size, sampleBytes));
    // the header row, then MIN_HEAD_ROWS data rows
    while (head.length < size && countRowEnds(head, 0, MIN_HEAD_ROWS + 1) <= MIN_HEAD_ROWS) {
      head = readAt(fd, path, 0, Math.min(size, head.length * 2));
    }
    let tail: Uint8Array | null = null;
    const room = size - head.length;
    let tailLen = Math.min(sampleBytes >> 2, room);
    while (tailLen > 0) {
      tail = readAt(fd, path, size - tailLen, tailLen);
      // the first row end may close a row cut by the sample's start: it does not count
      if (tailLen === room || countRowEnds(tail, 0, MIN_TAIL_ROWS + 1) > MIN_TAIL_ROWS) break;
      tailLen = Math.min(room, tailLen * 2);
    }
    return { head, tail, size, mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** Complete rows the head sample must hold (as Polars' infer_schema_length), unless the file has fewer. */
export const MIN_HEAD_ROWS = 100;
const MIN_TAIL_ROWS = 25;

/** Row ends (LF, CRLF or a lone CR outside quotes) in buf[from…], counting up to `limit`. */
function countRowEnds(buf: Uint8Array, from: number, limit: number): number {
  let n = 0;
  let inQ = false;
  for (let i = from; i < buf.length && n < limit; i++) {
    const c = buf[i];
    if (c === 0x22) inQ = !inQ;
    else if (!inQ && (c === 0x0a || (c === 0x0d && buf[i + 1] !== 0x0a))) n++;
  }
  return n;
}

function readAt(fd: number, path: string, pos: number, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  let off = 0;
  while (off < buf.length) {
    const n = readSync(fd, buf, off, buf.length - off, pos + off);
    if (n === 0) throw fileChanged(path, 'it became shorter while its sample was read');
    off += n;
  }
  return buf;
}

/** Rows of a tail sample: from the first newline on; rows that don't tokenize are ignored. */
function tailRows(tail: Uint8Array, delimiter: number, nFields: number): TokenizedRow[] {
  const nl = tail.indexOf(0x0a);
  if (nl < 0) return [];
  try {
    return tokenizeRows(tail, nl + 1, tail.length, delimiter, true).rows.filter((r) => r.fields.length === nFields);
  } catch {
    return []; // the sample began inside a quoted field; the head sample still counts
  }
}

function checkHeader(names: string[], path: string): void {
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    if (n.trim() === '') throw new Error(`readCsv: ${path}: header column ${i + 1} has an empty name`);
    const prev = seen.get(n);
    if (prev !== undefined) throw new Error(`readCsv: ${path}: header has the column name ${JSON.stringify(n)} twice (columns ${prev + 1} and ${i + 1})`);
    seen.set(n, i);
  });
}

function sameHeader(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function observe(rows: TokenizedRow[], stats: ColumnStats[], nulls: Set<string>, path: string): void {
  for (const row of rows) {
    if (row.fields.length !== stats.length) continue; // ragged rows are reported (or skipped) by the scan
    for (let i = 0; i < stats.length; i++) stats[i].add(row.fields[i], row.quoted[i], nulls, path);
  }
}

class ColumnStats {
  bool = 0;
  int = 0;
  float = 0;
  date = 0;
  ts = 0;
  str = 0;
  nonDate = 0;
  nonDateExample = '';
  nonDateFile = '';

  add(v: string, quoted: boolean, nulls: Set<string>, path: string): void {
    if (quoted ? v === '' : nulls.has(v)) return;
    if (v.length >= 10 && v.charCodeAt(4) === 0x2d && v.charCodeAt(7) === 0x2d) {
      const bytes = enc.encode(v);
      if (isDateOnly(bytes, 0, bytes.length)) { this.date++; return; }
      if (!Number.isNaN(parseTimestampParts(bytes, 0, bytes.length))) { this.ts++; return; }
    }
    if (this.nonDate++ === 0) { this.nonDateExample = v; this.nonDateFile = path; }
    if (INT.test(v)) {
      if (v.length > 18 && (BigInt(v) < -(1n << 63n) || BigInt(v) >= 1n << 63n)) this.float++;
      else this.int++;
    } else if (FLOAT.test(v) || INF.test(v)) this.float++;
    else if (BOOL.test(v)) this.bool++;
    else this.str++;
  }

  dateType(): DType | null {
    if (this.date + this.ts === 0 || this.nonDate > 0) return null;
    return this.ts > 0 ? 'timestamp' : 'date';
  }

  plainType(): DType {
    if (this.str > 0 || this.date + this.ts > 0) return 'string';
    if (this.bool > 0) return this.int + this.float > 0 ? 'string' : 'bool';
    if (this.float > 0) return 'float64';
    if (this.int > 0) return 'int64';
    return 'string'; // no values at all in the samples
  }
}

function delimiterByte(d: string): number {
  const name = d === '\\t' || d === 'tab' ? '\t' : d;
  if (name.length !== 1 || name.charCodeAt(0) > 127 || name === '"' || name === '\n' || name === '\r') {
    throw new Error(`readCsv: delimiter must be a single ASCII character other than a quote or newline, got ${JSON.stringify(d)}`);
  }
  return name.charCodeAt(0);
}

function unknownColumn(option: string, name: string, header: readonly string[]): Error {
  const near = closestName(name, header);
  return new Error(`readCsv: ${option} names the column ${JSON.stringify(name)}, which is not in the header${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; columns: ${header.join(', ')}`);
}
