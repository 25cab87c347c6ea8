/**
 * Splits text files into byte ranges of about `blocksize` bytes (a range owns the lines that
 * start inside it: read-lines.ts decides where); a compressed file cannot be entered in the
 * middle, so a .gz file is one range, read whole and streamed.
 */
import { statSync } from 'node:fs';

export interface TextRange {
  path: string;
  start: number;
  end: number;
  gzip: boolean;
}

/**
 * 64 MiB: a keyed aggregation pays per partition (its table grows from empty, is split into
 * buckets, serialized and merged again), so fewer, larger ranges cost less CPU; reading streams
 * 4 MiB blocks, so memory does not grow with it.
 */
export const DEFAULT_BLOCKSIZE = 64 * 1024 * 1024;

export function planRanges(files: readonly string[], blocksize: number): TextRange[] {
  if (!(blocksize >= 1) || !Number.isFinite(blocksize)) throw new RangeError(`blocksize must be a positive number of bytes, got ${blocksize}`);
  const out: TextRange[] = [];
  for (const path of files) {
    const size = statSync(path).size;
    const gzip = /\.gz$/i.test(path);
    if (gzip || size === 0) {
      out.push({ path, start: 0, end: size, gzip });
      continue;
    }
    const n = Math.max(1, Math.ceil(size / blocksize));
    const step = Math.ceil(size / n);
    for (let start = 0; start < size; start += step) out.push({ path, start, end: Math.min(size, start + step), gzip: false });
  }
  return out;
}
