/**
 * Splits files into byte ranges of about `blocksize` bytes. A range owns the rows that start
 * inside it; where exactly a row starts is decided by the reader (read-partition.ts).
 */
import type { CsvFileInfo } from './infer-schema.js';

export interface CsvPartition {
  index: number;
  path: string;
  fileIndex: number;
  start: number;
  end: number;
  dataStart: number;
  /** The file's size and mtime at planning time, for the reader's changed-file check. */
  planned: { size: number; mtimeMs: number };
}

export const DEFAULT_BLOCKSIZE = 32 * 1024 * 1024;

export function planPartitions(files: readonly CsvFileInfo[], blocksize: number): CsvPartition[] {
  if (!(blocksize >= 1) || !Number.isFinite(blocksize)) throw new RangeError(`blocksize must be a positive number of bytes, got ${blocksize}`);
  const out: CsvPartition[] = [];
  files.forEach((f, fileIndex) => {
    const len = f.size - f.dataStart;
    if (len <= 0) return;
    const n = Math.max(1, Math.ceil(len / blocksize));
    const step = Math.ceil(len / n);
    for (let k = 0; k < n; k++) {
      const start = f.dataStart + k * step;
      const end = Math.min(f.size, start + step);
      if (start >= end) break;
      out.push({ index: out.length, path: f.path, fileIndex, start, end, dataStart: f.dataStart, planned: { size: f.size, mtimeMs: f.mtimeMs } });
    }
  });
  return out;
}

/** Parses sizes like 32MB, 512kB, 1GiB, or a plain number of bytes. */
export function parseByteSize(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*$/i.exec(v);
  if (!m) throw new RangeError(`cannot read ${JSON.stringify(v)} as a size (examples: 32MB, 512KB, 1GB)`);
  const unit = (m[2] ?? '').toLowerCase().replace(/i?b$/, '');
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[unit];
  if (mult === undefined) throw new RangeError(`unknown size unit in ${JSON.stringify(v)}`);
  return Math.round(Number(m[1]) * mult);
}
