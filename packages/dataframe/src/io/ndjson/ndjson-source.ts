/**
 * JSON lines (NDJSON) behind the Source seam. The schema is inferred from the head of every file
 * (like CSV's sample): columns in first-seen key order, each typed by the values it holds
 * (io/memory/from-values.ts rules: whole numbers → int64, other numbers → float64 — and so is a
 * column with a number written as a float, `1.0`, as Python, DuckDB and Polars write doubles; strings,
 * booleans; a column with only nulls is a string; parseDates: ndjson-dates.ts). A partition is one file; `.gz` and `.zst`
 * files are decompressed as they are read.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { DType, Field } from '../../types/dtype.js';
import { decompressHead, isCompressedPath } from '../csv/compressed.js';
import type { OnBadLines } from '../csv/infer-schema.js';
import { columnFromValues } from '../memory/from-values.js';
import { filesBytes } from '../files-bytes.js';
import type { PlannedPartition, Source, SourceInfo } from '../source.js';
import { withDateColumns } from './ndjson-dates.js';
import { floatSpelledKeys, NdjsonError, jsonColumnValues, parseLines } from './ndjson-lines.js';

export interface NdjsonSource extends SourceInfo {
  format: 'ndjson';
  files: { path: string; size: number; mtimeMs: number }[];
  /** Columns whose type was given (readNdjson's dtypes), not sampled. */
  declared: string[];
}

export interface NdjsonPartition {
  path: string;
  fields: Field[];
  /** Every column of the source (a key of none of them is an error: it would be dropped). */
  known: string[];
  declared: string[];
  skipBad: boolean;
  planned: { size: number; mtimeMs: number };
}

const SAMPLE = 256 * 1024;
/** A sample grows past SAMPLE until it holds a whole line, up to this (a longer first line is an error). */
const MAX_SAMPLE = 64 * 1024 * 1024;

export function inferNdjsonSource(paths: readonly string[], onBadLines: OnBadLines, parseDates: readonly string[] | boolean = false, dtypes: Readonly<Record<string, DType>> = {}): NdjsonSource {
  const names: string[] = [];
  const values = new Map<string, unknown[]>();
  // where each sampled value is, for errors: its file and line
  const places = new Map<string, { file: number; line: number }[]>();
  const skipBad = onBadLines === 'skip' || onBadLines === 'warn';
  // keys with a number written as a float somewhere in the samples (1.0 is a float to its writer)
  const floats = new Set<string>();
  const files = paths.map((path, file) => {
    const { buf, whole, size, mtimeMs } = sample(path);
    // whole lines only: a sample cut mid-line ends at its last newline
    const end = whole ? buf.length : buf.lastIndexOf(10) + 1;
    const text = buf.toString('utf8', 0, end);
    const { rows, lines } = parseLines(text, path, 1, skipBad);
    for (const k of floatSpelledKeys(text)) floats.add(k);
    for (const r of rows) {
      for (const k of Object.keys(r)) if (!values.has(k)) { values.set(k, []); places.set(k, []); names.push(k); }
    }
    rows.forEach((r, j) => {
      for (const k of names) { values.get(k)!.push(r[k]); places.get(k)!.push({ file, line: lines[j] }); }
    });
    return { path, size, mtimeMs };
  });
  if (names.length === 0) throw new NdjsonError(`readNdjson: no JSON objects with keys in the first ${SAMPLE / 1024} KiB of ${paths.join(', ')}`);
  const sampled = names.map((name): Field => {
    // a type given is not sampled (its sample may mix types: a string column of numbers and text)
    if (Object.hasOwn(dtypes, name)) return { name, dtype: dtypes[name] };
    const at = places.get(name)!;
    const field = columnFromValues(name, jsonColumnValues(values.get(name)!), 'readNdjson', (i) => `${paths[at[i].file]} line ${at[i].line}`).field;
    return field.dtype === 'int64' && floats.has(name) ? { ...field, dtype: 'float64' as const } : field;
  });
  const declared = Object.keys(dtypes);
  // a declared type replaces the sampled one; a key the samples never held becomes a column at the end
  const schema = [...withDateColumns(sampled, Array.isArray(parseDates) ? parseDates.filter((c) => !declared.includes(c)) : parseDates, values).map((f) => (Object.hasOwn(dtypes, f.name) ? { name: f.name, dtype: dtypes[f.name] } : f)),
    ...declared.filter((c) => !names.includes(c)).map((name) => ({ name, dtype: dtypes[name] }))];
  return { format: 'ndjson', files, schema, declared, typeNotes: {}, onBadLines, onTypeMismatch: 'error' };
}

/**
 * The first SAMPLE bytes of the file's text (decompressed for .gz / .zst), or more when they hold
 * no line end: a sample cut mid-line is cut back to its last whole line, and a first line longer
 * than SAMPLE left nothing — its keys went missing without a word.
 */
function sample(path: string): { buf: Buffer; whole: boolean; size: number; mtimeMs: number } {
  for (let want = SAMPLE; ; want *= 4) {
    const s = sampleOf(path, want);
    if (s.whole || s.buf.includes(10)) return s;
    if (want >= MAX_SAMPLE) throw new NdjsonError(`readNdjson: ${path}: its first line is longer than ${MAX_SAMPLE / 1024 / 1024} MiB; floe samples whole lines to find the columns`);
  }
}

function sampleOf(path: string, want: number): { buf: Buffer; whole: boolean; size: number; mtimeMs: number } {
  if (isCompressedPath(path)) {
    const { head, whole, size, mtimeMs } = decompressHead(path, want, 'readNdjson');
    const buf = Buffer.isBuffer(head) ? head : Buffer.from(head);
    return { buf: whole ? buf : buf.subarray(0, want), whole: whole && buf.length <= want, size, mtimeMs };
  }
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    const buf = Buffer.alloc(Math.min(st.size, want));
    readSync(fd, buf, 0, buf.length, 0);
    return { buf, whole: buf.length >= st.size, size: st.size, mtimeMs: st.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

export const ndjsonFormat: Source<NdjsonSource> = {
  readsCalendarParts: false,
  singleStage: false,
  estimatedBytes: (source) => filesBytes(source),
  plan(source, req): PlannedPartition[] {
    const fields = source.schema.filter((f) => req.columns === null || req.columns.includes(f.name));
    const skipBad = source.onBadLines === 'skip' || source.onBadLines === 'warn';
    return source.files.map((f) => {
      const partition: NdjsonPartition = { path: f.path, fields, known: source.schema.map((x) => x.name), declared: source.declared, skipBad, planned: { size: f.size, mtimeMs: f.mtimeMs } };
      return { input: { kind: 'source', format: 'ndjson', partition }, scan: null, bytes: f.size };
    });
  },
  explain(source, req) {
    const cols = req.columns === null ? 'all columns' : `columns [${req.columns.join(', ')}]`;
    return `NdjsonScan ${source.files.length} file(s), ${cols}, one partition per file`;
  },
};
