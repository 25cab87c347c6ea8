/**
 * Gzip-compressed CSV (`*.csv.gz`, `*.tsv.gz`), with node:zlib. A compressed file cannot be
 * split into byte ranges, so it is one partition; its schema is inferred from the start of its
 * decompressed text (no tail sample: that would mean decompressing the whole file on the driver).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';

export function isGzipPath(path: string): boolean {
  return /\.gz$/i.test(path);
}

export class GzipError extends Error {
  override name = 'GzipError';
}

/** What zlib's message means, for a person. */
export function gzipProblem(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message)) return 'the compressed data ends early (the file is truncated)';
  if (e.code === 'Z_DATA_ERROR' && /header/i.test(e.message)) return `it is not gzip data (${e.message})`;
  return `the compressed data is corrupt (zlib: ${e.message})`;
}

/**
 * The first `want` or more bytes of the decompressed file (all of it if shorter: `whole`).
 * Decompresses a growing prefix of the compressed file, so a large file costs little.
 */
export function gunzipHead(path: string, want: number, verb = 'readCsv'): { head: Uint8Array; whole: boolean; size: number; mtimeMs: number } {
  const fd = openSync(path, 'r');
  try {
    const { size, mtimeMs } = fstatSync(fd);
    let len = Math.min(size, 16 * 1024);
    for (;;) {
      const buf = Buffer.allocUnsafe(len);
      const n = readSync(fd, buf, 0, len, 0);
      const whole = n >= size;
      let head: Buffer;
      try {
        head = whole ? gunzipSync(buf.subarray(0, n)) : gunzipSync(buf.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH });
      } catch (err) {
        throw new GzipError(`${verb}: ${path}: cannot decompress it: ${gzipProblem(err)}, within its first ${n} compressed bytes`);
      }
      if (whole || head.length >= want) return { head, whole, size, mtimeMs };
      len = Math.min(size, len * 4);
    }
  } finally {
    closeSync(fd);
  }
}
