/**
 * The 1-based line number of a byte offset in an uncompressed file, found by counting the
 * line ends before it ("\n", or a lone "\r" as read-lines.ts reads it). Only on the error path (a malformed line): partitions do not count lines
 * while they read, so reading stays one pass over the bytes of the range alone.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export function lineNumberAt(path: string, offset: number): number {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let line = 1;
    // a "\r" at the end of one read is a line end unless the next read starts with "\n"
    let crBefore = false;
    for (let pos = 0; pos < offset; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, offset - pos), pos);
      if (n === 0) break;
      if (crBefore && buf[0] !== 10) line++;
      for (let i = buf.indexOf(10, 0); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) line++;
      for (let i = buf.indexOf(13, 0); i >= 0 && i < n - 1; i = buf.indexOf(13, i + 1)) if (buf[i + 1] !== 10) line++;
      crBefore = buf[n - 1] === 13;
      pos += n;
    }
    // the byte at `offset` starts a line, so a "\r" just before it ended one
    if (crBefore) line++;
    return line;
  } finally {
    closeSync(fd);
  }
}
