/**
 * Which compressed files floe reads (CSV, and JSON lines), and how: gzip (`.gz`, node:zlib) and
 * Zstandard (`.zst`, fzstd), told apart by the file name. Both are one partition per file,
 * decompressed as a stream (read-gzip-partition.ts, ndjson/read-ndjson.ts); the schema comes
 * from the start of the text.
 */
import type { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GzipError, gunzipHead, gzipProblem, isGzipPath } from './gzip.js';
import { isZstdPath, unzstdHead, ZstdDecompressStream, ZstdError, zstdProblem } from './zstd.js';

export function isCompressedPath(path: string): boolean {
  return isGzipPath(path) || isZstdPath(path);
}

/** The first `want` or more decompressed bytes (all of them if shorter: `whole`); `verb` starts error messages. */
export function decompressHead(path: string, want: number, verb = 'readCsv'): { head: Uint8Array; whole: boolean; size: number; mtimeMs: number } {
  return isZstdPath(path) ? unzstdHead(path, want, verb) : gunzipHead(path, want, verb);
}

export interface Decompressor {
  stream: Transform;
  /** Compressed bytes taken so far. */
  consumed(): number;
  /** The error to throw for a failure of the stream. */
  error(path: string, err: unknown, size: number): Error;
}

/** `verb` starts its error messages (the reading function the user called). */
export function decompressor(path: string, verb = 'readCsv'): Decompressor {
  if (isZstdPath(path)) {
    const stream = new ZstdDecompressStream();
    return {
      stream,
      consumed: () => stream.consumed,
      error: (p, err, size) => new ZstdError(`${verb}: ${p}: cannot decompress it: ${zstdProblem(err)}, after ${stream.consumed} of its ${size} compressed bytes`),
    };
  }
  const stream = createGunzip();
  return {
    stream,
    consumed: () => stream.bytesWritten,
    error: (p, err, size) => new GzipError(`${verb}: ${p}: cannot decompress it: ${gzipProblem(err)}, after ${stream.bytesWritten} of its ${size} compressed bytes`),
  };
}
