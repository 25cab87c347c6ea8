/**
 * The 1-based line number of a byte offset in an uncompressed file, found by counting the
 * newlines before it. Only on the error path (a malformed line): partitions do not count lines
 * while they read, so reading stays one pass over the bytes of the range alone.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export function lineNumberAt(path: string, offset: number): number {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let line = 1;
    for (let pos = 0; pos < offset; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, offset - pos), pos);
      if (n === 0) break;
      for (let i = buf.indexOf(10, 0); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) line++;
      pos += n;
    }
    return line;
  } finally {
    closeSync(fd);
  }
}
