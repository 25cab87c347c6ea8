/**
 * Reads every line of a gzip-compressed file, streamed through node:zlib (never the whole
 * file in memory). Lines as in read-lines.ts; the offset given is the line's byte offset in the
 * DECOMPRESSED text, and the line number is counted as it goes (no seeking in gzip).
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { emitLine } from './read-lines.js';

export async function readGzipLines(path: string, onLine: (line: string, lineNumber: number) => void): Promise<void> {
  let carry: Buffer | null = null;
  let lineNumber = 0;
  let first = true;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(createGunzip({ chunkSize: 1 << 20 }));
  const emit = (b: Buffer, from: number, to: number): void => {
    const stop = to > from && b[to - 1] === 13 ? to - 1 : to;
    emitLine(b.toString('utf8', from, stop), 0, (line) => onLine(line, ++lineNumber));
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const b: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      carry = null;
      let pos = 0;
      if (first) {
        first = false;
        if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) pos = 3;
      }
      for (;;) {
        const nl = b.indexOf(10, pos);
        if (nl < 0) break;
        emit(b, pos, nl);
        pos = nl + 1;
      }
      if (pos < b.length) carry = Buffer.from(b.subarray(pos));
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code?.startsWith('Z_')) throw new Error(`${path}: not a valid gzip file (${e.message})`);
    throw err;
  }
  if (carry && carry.length > 0) emit(carry, 0, carry.length);
}
