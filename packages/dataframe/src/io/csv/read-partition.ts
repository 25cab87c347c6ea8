/**
 * Reads one partition — the rows that START inside a byte range of a file — and hands them
 * to `onBatch` as typed columns, a batch at a time. Runs inside a worker.
 *
 * Row alignment is quote-aware. The caller says whether the range starts inside a quoted
 * field (`startInQuotes`: the parity of `"` bytes before the range). A quote-free file, or a
 * range whose preceding quote count is even, starts outside quotes; the partition then begins
 * after the first newline that is outside quotes. This reader also counts the `"` bytes
 * inside [start, end) so that the driver can check each partition's assumption and re-run
 * the rare partition whose range began inside a quoted field (see physical/execute.ts).
 *
 * Files are read with readSync into one reused buffer (libuv's thread pool is shared by all
 * workers, and the data is consumed synchronously anyway). Memory per reader: the buffer plus
 * one batch of columns, whatever the partition size.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CsvError } from './csv-error.js';
import { checkUnchanged, fileChanged, type FileVersion } from './file-changed.js';
import { CR, LF, QUOTE } from './dialect.js';
import { FieldError, RowScanner, ST_DONE, ST_FULL, type ScanOutput, type ScanRowsOptions } from './scan-rows.js';

export interface PartitionRange {
  path: string;
  /** First byte of the range (bytes of rows starting here or later belong to it). */
  start: number;
  /** End of the range (exclusive); rows starting at or after it belong to the next one. */
  end: number;
  /** Offset of the first data row of the file (after the header). */
  dataStart: number;
  startInQuotes: boolean;
  /** The file's size and mtime when the query was planned; a read that finds them changed fails (file-changed.ts). */
  planned?: FileVersion;
}

export interface ReadResult {
  quotes: number;
  rows: number;
  bytes: number;
  /** Rows dropped by onBadLines, and `file:line` of the first few. */
  skipped: number;
  skippedLines: string[];
}

const CHUNK = 1 << 20;
// A Buffer (not a plain Uint8Array): its indexOf is a native memchr, which makes counting
// quotes in a range nearly free. allocUnsafeSlow: never a slice of Node's shared pool.
let shared: Uint8Array = Buffer.allocUnsafeSlow(CHUNK);

/** `onBatch` returns false to stop early (a satisfied limit). */
export function readPartition(range: PartitionRange, scan: ScanRowsOptions, onBatch: (cols: ScanOutput[], n: number) => boolean | void): ReadResult {
  const fd = openSync(range.path, 'r');
  try {
    return new PartitionReader(fd, range, scan).run(onBatch);
  } finally {
    closeSync(fd);
  }
}

class PartitionReader {
  private buf = shared;
  private winOff = 0;
  private winLen = 0;
  private countedTo: number;
  quotes = 0;
  private readonly size: number;
  private readonly version: FileVersion;

  constructor(private readonly fd: number, private readonly range: PartitionRange, private readonly scan: ScanRowsOptions) {
    const st = fstatSync(fd);
    this.version = { size: st.size, mtimeMs: st.mtimeMs };
    checkUnchanged(range.path, range.planned, this.version);
    if (st.size < range.end) throw fileChanged(range.path, `it is ${st.size} bytes, shorter than when the query was planned`);
    this.size = st.size;
    this.countedTo = range.start;
  }

  run(onBatch: (cols: ScanOutput[], n: number) => boolean | void): ReadResult {
    const { start, end } = this.range;
    const first = this.firstRowStart();
    let rows = 0;
    let skipped = 0;
    const skippedAt: number[] = [];
    if (first >= 0 && first < end) {
      const scanner = new RowScanner(this.scan);
      let pos = first;
      for (;;) {
        if (pos < this.winOff || pos >= this.winOff + this.winLen) this.load(pos);
        const eof = this.winOff + this.winLen >= this.size;
        let p: number;
        try {
          p = scanner.scan(this.buf, pos - this.winOff, this.winLen, eof, end - this.winOff);
        } catch (err) {
          throw this.locate(err, scanner.rowStart + this.winOff);
        }
        pos = this.winOff + p;
        for (const at of scanner.skippedAt.splice(0)) if (skippedAt.length < 5) skippedAt.push(at + this.winOff);
        skipped += scanner.skipped;
        scanner.skipped = 0;
        const status = scanner.status;
        if (status === ST_FULL || (status === ST_DONE && scanner.n > 0)) {
          rows += scanner.n;
          const more = onBatch(scanner.takeBatch(), scanner.n);
          scanner.resetBatch();
          if (more === false) break;
        }
        if (status === ST_DONE) break;
        if (status !== ST_FULL) this.load(pos, true); // NEED: keep the partial row, read more
      }
    }
    this.countRest();
    // a file rewritten while this partition was read (same size or not) must not yield rows
    const st = fstatSync(this.fd);
    checkUnchanged(this.range.path, this.version, { size: st.size, mtimeMs: st.mtimeMs });
    const skippedLines = skippedAt.map((at) => `${this.range.path}:${lineOfOffset(this.fd, at)}`);
    return { quotes: this.quotes, rows, bytes: end - start, skipped, skippedLines };
  }

  /** The file offset of the first row this partition owns, or -1 if none. */
  private firstRowStart(): number {
    const { start, dataStart, startInQuotes } = this.range;
    if (start <= dataStart) return dataStart;
    this.load(start - 1);
    let inQuotes = startInQuotes;
    // rows end at LF, CRLF, or a lone CR (outside quotes)
    const prev = this.byteAt(start - 1);
    if (!inQuotes && (prev === LF || (prev === CR && this.byteAt(start) !== LF))) return start;
    for (let pos = start; pos < this.size; pos++) {
      const c = this.byteAt(pos);
      if (c === QUOTE) inQuotes = !inQuotes;
      else if (!inQuotes && c === LF) return pos + 1;
      else if (!inQuotes && c === CR && this.byteAt(pos + 1) !== LF) return pos + 1;
    }
    return -1;
  }

  /** The byte at a file offset (-1 past the end), loading the window as needed. */
  private byteAt(pos: number): number {
    if (pos >= this.size) return -1;
    if (pos < this.winOff || pos >= this.winOff + this.winLen) this.load(pos);
    return this.buf[pos - this.winOff];
  }

  /**
   * Makes the window start at `pos`. With `grow`, the window is full of one unfinished row:
   * read more after it (doubling the buffer if the row alone fills it).
   */
  private load(pos: number, grow = false): void {
    const keep = pos >= this.winOff && pos < this.winOff + this.winLen ? this.winOff + this.winLen - pos : 0;
    if (keep > 0) {
      if (grow && pos === this.winOff && keep === this.buf.length) {
        const bigger = Buffer.allocUnsafeSlow(this.buf.length * 2);
        bigger.set(this.buf);
        this.buf = bigger;
        if (bigger.length <= 64 * CHUNK) shared = bigger;
      } else {
        this.buf.copyWithin(0, pos - this.winOff, this.winOff + this.winLen);
      }
    }
    this.winOff = pos;
    this.winLen = keep;
    while (this.winLen < this.buf.length) {
      const n = readSync(this.fd, this.buf, this.winLen, this.buf.length - this.winLen, pos + this.winLen);
      if (n === 0) {
        // before the size fstat gave: the file was truncated under us (reading on would spin forever)
        if (pos + this.winLen < this.size) throw fileChanged(this.range.path, `it was ${this.size} bytes when the read began, now ${fstatSync(this.fd).size}`);
        break;
      }
      this.count(pos + this.winLen, pos + this.winLen + n);
      this.winLen += n;
    }
  }

  /** Counts quotes of newly loaded file bytes [from, to) that fall in [countedTo, end). */
  private count(from: number, to: number): void {
    const a = Math.max(from, this.countedTo);
    const b = Math.min(to, this.range.end);
    if (a >= b) return;
    const buf = this.buf;
    const base = this.winOff;
    let k = buf.indexOf(QUOTE, a - base);
    while (k >= 0 && k < b - base) {
      this.quotes++;
      k = buf.indexOf(QUOTE, k + 1);
    }
    this.countedTo = b;
  }

  private countRest(): void {
    while (this.countedTo < this.range.end) this.load(this.countedTo);
  }

  /** Turns a field error into a CsvError naming the file and line. */
  private locate(err: unknown, rowOffset: number): unknown {
    if (!(err instanceof FieldError)) return err;
    return new CsvError(err.problem, {
      file: this.range.path,
      line: lineOfOffset(this.fd, rowOffset),
      column: err.column,
      value: err.value,
      hint: err.hint,
      widenTo: err.widenTo,
    });
  }
}

/** 1-based line number of a byte offset (counts newlines before it; only used for errors). */
export function lineOfOffset(fd: number, offset: number): number {
  const buf = new Uint8Array(CHUNK);
  let line = 1;
  for (let pos = 0; pos < offset;) {
    const n = readSync(fd, buf, 0, Math.min(CHUNK, offset - pos), pos);
    if (n === 0) break;
    let k = buf.indexOf(LF, 0);
    while (k >= 0 && k < n) { line++; k = buf.indexOf(LF, k + 1); }
    pos += n;
  }
  return line;
}
