/**
 * Zstandard-compressed CSV (`*.csv.zst`, `*.tsv.zst`), with fzstd (pure JavaScript; Node 20's
 * zlib has no zstd): a file of one or more frames, decompressed as a stream in chunks. Like gzip,
 * one partition per file, its schema inferred from the start of its decompressed text. fzstd
 * does not verify the optional content checksum: a truncated or malformed stream is an error,
 * a flipped bit inside literal bytes may not be.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { Decompress } from 'fzstd';

export function isZstdPath(path: string): boolean {
  return /\.zst$/i.test(path);
}

export class ZstdError extends Error {
  override name = 'ZstdError';
}

/** What fzstd's error means, for a person (its codes: 0 invalid data, 5 unexpected end). */
export function zstdProblem(err: unknown): string {
  const e = err as { code?: number; message?: string };
  if (e.code === 5) return 'the compressed data ends early (the file is truncated)';
  if (e.code === 0) return `it is not zstd data, or the data is corrupt (fzstd: ${e.message})`;
  return `the compressed data cannot be decoded (fzstd: ${e.message})`;
}

const CHUNK = 64 * 1024;

/** The first `want` or more bytes of the decompressed file (all of it if shorter: `whole`), decompressing only as far as that takes. */
export function unzstdHead(path: string, want: number, verb = 'readCsv'): { head: Uint8Array; whole: boolean; size: number; mtimeMs: number } {
  const fd = openSync(path, 'r');
  try {
    const { size, mtimeMs } = fstatSync(fd);
    const out: Uint8Array[] = [];
    let have = 0;
    const z = new Decompress((data) => { out.push(data.slice()); have += data.length; });
    let at = 0;
    while (have < want && at < size) {
      const buf = Buffer.allocUnsafe(CHUNK); // a fresh buffer each time: fzstd may keep an unfinished block's bytes by reference
      const n = readSync(fd, buf, 0, Math.min(CHUNK, size - at), at);
      if (n === 0) break;
      at += n;
      try {
        z.push(buf.subarray(0, n), at >= size);
      } catch (err) {
        throw new ZstdError(`${verb}: ${path}: cannot decompress it: ${zstdProblem(err)}, within its first ${at} compressed bytes`);
      }
    }
    if (size === 0) throw new ZstdError(`${verb}: ${path}: cannot decompress it: the file is empty (not zstd data)`);
    return { head: Buffer.concat(out), whole: at >= size, size, mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** A stream that decompresses zstd frames; `consumed` counts the compressed bytes taken so far (for error messages). */
export class ZstdDecompressStream extends Transform {
  consumed = 0;
  private readonly z = new Decompress((data) => { this.push(Buffer.from(data)); });

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.z.push(chunk);
      this.consumed += chunk.length;
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.z.push(new Uint8Array(0), true);
      done();
    } catch (err) {
      done(err as Error);
    }
  }
}
