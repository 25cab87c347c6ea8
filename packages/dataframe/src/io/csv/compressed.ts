/**
 * Which compressed CSV files floe reads, and how: gzip (`.gz`, node:zlib) and Zstandard
 * (`.zst`, fzstd), told apart by the file name. Both are one partition per file, decompressed
 * as a stream (read-gzip-partition.ts); the schema comes from the start of the text.
 */
import type { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GzipError, gunzipHead, gzipProblem, isGzipPath } from './gzip.js';
import { isZstdPath, unzstdHead, ZstdDecompressStream, ZstdError, zstdProblem } from './zstd.js';

export function isCompressedPath(path: string): boolean {
  return isGzipPath(path) || isZstdPath(path);
}

/** The first `want` or more decompressed bytes (all of them if shorter: `whole`). */
export function decompressHead(path: string, want: number): { head: Uint8Array; whole: boolean; size: number; mtimeMs: number } {
  return isZstdPath(path) ? unzstdHead(path, want) : gunzipHead(path, want);
}

export interface Decompressor {
  stream: Transform;
  /** Compressed bytes taken so far. */
  consumed(): number;
  /** The error to throw for a failure of the stream. */
  error(path: string, err: unknown, size: number): Error;
}

export function decompressor(path: string): Decompressor {
  if (isZstdPath(path)) {
    const stream = new ZstdDecompressStream();
    return {
      stream,
      consumed: () => stream.consumed,
      error: (p, err, size) => new ZstdError(`readCsv: ${p}: cannot decompress it: ${zstdProblem(err)}, after ${stream.consumed} of its ${size} compressed bytes`),
    };
  }
  const stream = createGunzip();
  return {
    stream,
    consumed: () => stream.bytesWritten,
    error: (p, err, size) => new GzipError(`readCsv: ${p}: cannot decompress it: ${gzipProblem(err)}, after ${stream.bytesWritten} of its ${size} compressed bytes`),
  };
}
