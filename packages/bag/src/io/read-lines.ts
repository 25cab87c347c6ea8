/**
 * Reads the lines of a byte range of an uncompressed file: the lines that START in
 * [start, end). A range that does not begin the file skips to the first line start at or after
 * `start` (the previous range owns the line it lands in); the last line is read to its end even
 * past `end`. So each line belongs to exactly one range. Lines are given without their "\n"
 * (or "\r\n"); a lone "\r" ends a line too (old Mac files; Python's universal newlines), though
 * ranges are cut only at "\n"; a final line without a newline is a line; a UTF-8 byte-order mark
 * is dropped.
 *
 * Reads in large blocks with readSync; never holds more than a block plus one line.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const BLOCK = 1 << 22;

/** `onLine(text, byteOffset)`; the offset locates errors (see locate-line.ts). */
export function readRangeLines(path: string, start: number, end: number, onLine: (line: string, offset: number) => void, block = BLOCK): void {
  if (start >= end) return;
  const fd = openSync(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(block);
    // bytes buf[0, len) are file bytes [base, base + len)
    let base = start === 0 ? 0 : start - 1;
    let len = readSync(fd, buf, 0, buf.length, base);
    let pos = 0;
    if (start === 0) {
      if (len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    } else {
      // the line containing byte start-1 belongs to the previous range, unless start-1 ends it
      let nl = buf.indexOf(10, 0);
      while (nl < 0 || nl >= len) {
        if (len === 0) return;
        base += len;
        len = readSync(fd, buf, 0, buf.length, base);
        if (len === 0) return;
        nl = buf.indexOf(10, 0);
      }
      pos = nl + 1;
    }
    // the first line of the file starts at 0 (before a byte-order mark) and is range 0's
    let firstOfFile = start === 0;
    for (;;) {
      if (!firstOfFile && base + pos >= end) return;
      let nl = buf.indexOf(10, pos);
      if (nl >= len) nl = -1;
      if (nl >= 0) {
        const stop = nl > pos && buf[nl - 1] === 13 ? nl - 1 : nl;
        emitLine(buf.toString('utf8', pos, stop), base + pos, onLine);
        firstOfFile = false;
        pos = nl + 1;
        continue;
      }
      // no newline in what is held: keep the partial line at the front and read more
      const rest = len - pos;
      if (rest === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, pos, len);
        buf = bigger;
      } else {
        buf.copy(buf, 0, pos, len);
      }
      base += pos;
      pos = 0;
      const got = readSync(fd, buf, rest, buf.length - rest, base + rest);
      len = rest + got;
      if (got === 0) {
        if (rest > 0) {
          const stop = buf[rest - 1] === 13 ? rest - 1 : rest;
          emitLine(buf.toString('utf8', 0, stop), base, onLine);
        }
        return;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Gives `text` (a line as cut at "\n", its "\r\n" taken off) to `onLine`, or each of its pieces
 * between lone carriage returns, each at its own byte offset.
 */
export function emitLine(text: string, offset: number, onLine: (line: string, offset: number) => void): void {
  let cr = text.indexOf('\r');
  if (cr < 0) {
    onLine(text, offset);
    return;
  }
  let from = 0;
  while (cr >= 0) {
    const piece = text.slice(from, cr);
    onLine(piece, offset);
    offset += Buffer.byteLength(piece) + 1;
    from = cr + 1;
    cr = text.indexOf('\r', from);
  }
  onLine(text.slice(from), offset);
}
