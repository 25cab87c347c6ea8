/**
 * Reads one partition — the rows that START inside a byte range of a file — and hands them
 * to `onBatch` as typed columns, a batch at a time. Runs inside a worker.
 *
 * Row alignment. Where the first row of a range starts is only known exactly from the range
 * before it: a newline may sit inside a quoted field, a quote may be a literal character of an
 * unquoted field, or sit in a comment line. So each read reports `firstRow` (where its rows
 * began) and `nextRow` (the first row start at or after its end, from its exact parse); the
 * driver checks that each range's firstRow equals the nextRow of the range before it and re-runs
 * the rare range that guessed wrong with the exact `firstRow` (physical/row-chain.ts). Without
 * a given firstRow the reader guesses: the first line start after `start` that is outside
 * quotes, where a quote opens a quoted field only at a field start.
 *
 * Dialects the hot path refuses (needsGeneralTokenizer) are read by the general tokenizer and
 * transcoded to canonical bytes for the same scanner (transcode-rows.ts).
 *
 * Files are read with readSync into one reused buffer (libuv's thread pool is shared by all
 * workers, and the data is consumed synchronously anyway). Memory per reader: the buffer plus
 * one batch of columns, whatever the partition size.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CsvError } from './csv-error.js';
import { CR, LF, QUOTE, dialectBytes, needsGeneralTokenizer } from './dialect.js';
import { checkUnchanged, fileChanged, type FileVersion } from './file-changed.js';
import { FieldError, RowScanner, ST_DONE, ST_FULL, type ScanOutput, type ScanRowsOptions } from './scan-rows.js';
import { tokenizeRows } from './tokenize.js';
import { CANONICAL_DELIMITER, RowTranscoder } from './transcode-rows.js';

export interface PartitionRange {
  path: string;
  /** First byte of the range (bytes of rows starting here or later belong to it). */
  start: number;
  /** End of the range (exclusive); rows starting at or after it belong to the next one. */
  end: number;
  /** Offset of the first data row of the file (after the header). */
  dataStart: number;
  /** The exact offset of this range's first row, when the range before it has told (else guessed). */
  firstRow?: number;
  /** The file's size and mtime when the query was planned; a read that finds them changed fails (file-changed.ts). */
  planned?: FileVersion;
}

export interface ReadResult {
  /** Where this range's rows began (the file size if none did). */
  firstRow: number;
  /** The first row start at or after the range's end (the file size if none); -1 if the read stopped early. */
  nextRow: number;
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

/**
 * `onBatch` returns false to stop early (a satisfied limit). `at.firstRow` is set before any row
 * is read, so a caller that catches an error still knows where the range began.
 */
export function readPartition(range: PartitionRange, scan: ScanRowsOptions, onBatch: (cols: ScanOutput[], n: number) => boolean | void, at: { firstRow: number } = { firstRow: -1 }, scanner?: RowScanner): ReadResult {
  const fd = openSync(range.path, 'r');
  try {
    return new PartitionReader(fd, range, scan, scanner).run(onBatch, at);
  } finally {
    closeSync(fd);
  }
}

/**
 * The scanner a partition's read makes, which a task reading several ranges may make once and
 * pass to each read (readPartition's `scanner`): its batch then goes on from one range into the
 * next, and the task hands over the last rows with flushScanner and releases it. A scanner's
 * column arrays are allocated for a whole batch (db-benchmark q3: 262 k rows), and a scanner a
 * range cost q3 ~0.3 s of CPU over 58 ranges of 8 MB (new pages, and garbage); a batch cut at
 * each range's end, ~0.3 s more over 234 ranges of 2 MB (each batch's fixed costs). String
 * dictionaries carry over to the worker's next partition either way (dictionary-cache.ts).
 */
export function partitionScanner(scan: ScanRowsOptions): RowScanner {
  return new RowScanner({ ...scan, shareDictionaries: true });
}

/** Hands over the rows a given scanner kept after the last range it read (see partitionScanner). */
export function flushScanner(scanner: RowScanner, onBatch: (cols: ScanOutput[], n: number) => boolean | void): void {
  if (scanner.n === 0) return;
  onBatch(scanner.takeBatch(), scanner.n);
  scanner.resetBatch();
}

class PartitionReader {
  private buf = shared;
  private winOff = 0;
  private winLen = 0;
  private readonly size: number;
  private readonly quote: number;
  private readonly version: FileVersion;

  constructor(private readonly fd: number, private readonly range: PartitionRange, private readonly scan: ScanRowsOptions, private readonly given?: RowScanner) {
    const st = fstatSync(fd);
    this.version = { size: st.size, mtimeMs: st.mtimeMs };
    checkUnchanged(range.path, range.planned, this.version);
    if (st.size < range.end) throw fileChanged(range.path, `it is ${st.size} bytes, shorter than when the query was planned`);
    this.size = st.size;
    this.quote = scan.dialect ? scan.dialect.quote.charCodeAt(0) : QUOTE;
  }

  run(onBatch: (cols: ScanOutput[], n: number) => boolean | void, at: { firstRow: number }): ReadResult {
    const { end } = this.range;
    const first = this.range.firstRow ?? this.guessFirstRow();
    at.firstRow = first;
    if (first < end && this.scan.dialect && needsGeneralTokenizer(this.scan.dialect)) return this.runGeneral(first, onBatch);
    let rows = 0;
    let skipped = 0;
    const skippedAt: number[] = [];
    let nextRow = first;
    if (first < end) {
      const scanner = this.given ?? partitionScanner(this.scan);
      // rows carried in from the range before (a given scanner's): counted there
      rows -= scanner.n;
      let pos = first;
      try {
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
          // a given scanner keeps the range's last rows for the next range's (its task flushes them)
          if (status === ST_FULL || (status === ST_DONE && scanner.n > 0 && this.given === undefined)) {
            rows += scanner.n;
            const more = onBatch(scanner.takeBatch(), scanner.n);
            scanner.resetBatch();
            if (more === false) { nextRow = -1; break; }
          }
          if (status === ST_DONE) { nextRow = pos; break; }
          if (status !== ST_FULL) this.load(pos, true); // NEED: keep the partial row, read more
        }
      } finally {
        if (this.given === undefined) scanner.release();
      }
      rows += scanner.n;
    }
    return this.result(first, nextRow, rows, skipped, skippedAt);
  }

  /**
   * The dialects of the general tokenizer: tokenize rows window by window, transcode them to
   * canonical bytes and type them with the same scanner.
   */
  private runGeneral(first: number, onBatch: (cols: ScanOutput[], n: number) => boolean | void): ReadResult {
    const { end, path } = this.range;
    const dialect = this.scan.dialect!;
    const bytes = dialectBytes(dialect);
    const canonical = { ...dialect, delimiter: String.fromCharCode(CANONICAL_DELIMITER), quote: '"', escape: null, comment: null, strictQuotes: false };
    const scanner = new RowScanner({ ...this.scan, delimiter: CANONICAL_DELIMITER, dialect: canonical });
    const transcoder = new RowTranscoder();
    let rows = 0;
    let skipped = 0;
    const skippedAt: number[] = [];
    let pos = first;
    let nextRow = -1;
    for (;;) {
      this.load(pos, true);
      const eof = this.winOff + this.winLen >= this.size;
      let r: ReturnType<typeof tokenizeRows>;
      try {
        r = tokenizeRows(this.buf, 0, this.winLen, bytes, { eof, where: path, stopAt: end - this.winOff, blankRows: this.scan.nFields === 1 });
      } catch (err) {
        if (!(err instanceof CsvError) || err.offset === undefined) throw err;
        throw new CsvError(err.problem, { file: path, line: lineOfOffset(this.fd, this.winOff + err.offset), value: err.value, hint: err.hint });
      }
      const text = transcoder.encode(r.rows, this.winOff);
      let p = 0;
      while (p < text.length) {
        try {
          p = scanner.scan(text, p, text.length, true, Infinity);
        } catch (err) {
          throw this.locate(err, transcoder.fileOffset(scanner.rowStart));
        }
        for (const a of scanner.skippedAt.splice(0)) if (skippedAt.length < 5) skippedAt.push(transcoder.fileOffset(a));
        skipped += scanner.skipped;
        scanner.skipped = 0;
        if (scanner.n > 0 && (scanner.status === ST_FULL || p >= text.length)) {
          rows += scanner.n;
          const more = onBatch(scanner.takeBatch(), scanner.n);
          scanner.resetBatch();
          if (more === false) return this.result(first, -1, rows, skipped, skippedAt);
        }
      }
      pos = this.winOff + r.next;
      if (r.next >= end - this.winOff || (eof && r.next >= this.winLen)) { nextRow = Math.min(pos, this.size); break; }
    }
    return this.result(first, nextRow, rows, skipped, skippedAt);
  }

  private result(firstRow: number, nextRow: number, rows: number, skipped: number, skippedAt: number[]): ReadResult {
    // a file rewritten while this partition was read (same size or not) must not yield rows
    const st = fstatSync(this.fd);
    checkUnchanged(this.range.path, this.version, { size: st.size, mtimeMs: st.mtimeMs });
    const skippedLines = skippedAt.map((at) => `${this.range.path}:${lineOfOffset(this.fd, at)}`);
    return { firstRow, nextRow, rows, bytes: this.range.end - this.range.start, skipped, skippedLines };
  }

  /**
   * A guess at the offset of the first row this range owns (the file size if none): the first
   * line start after `start` outside quotes, where a quote opens a quoted field only at a field
   * start (so the literal quote of `37°36'37.8"N` is not taken for one). The driver checks it.
   */
  private guessFirstRow(): number {
    const { start, dataStart } = this.range;
    if (start <= dataStart) return dataStart;
    this.load(start - 1);
    const prev = this.byteAt(start - 1);
    if (prev === LF || (prev === CR && this.byteAt(start) !== LF)) return start;
    const quote = this.quote;
    const delim = this.scan.dialect ? this.scan.dialect.delimiter.charCodeAt(0) : this.scan.delimiter;
    const esc = this.scan.dialect?.escape ? this.scan.dialect.escape.charCodeAt(0) : -1;
    let inQuotes = false;
    let atFieldStart = prev === delim;
    for (let pos = start; pos < this.size; pos++) {
      const c = this.byteAt(pos);
      if (inQuotes) {
        if (c === esc) pos++;
        else if (c === quote) {
          if (this.byteAt(pos + 1) === quote) pos++;
          else inQuotes = false;
        }
        continue;
      }
      if (c === quote && atFieldStart) inQuotes = true;
      else if (c === LF) return pos + 1;
      else if (c === CR && this.byteAt(pos + 1) !== LF) return pos + 1;
      atFieldStart = c === delim;
    }
    return this.size;
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
      this.winLen += n;
    }
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

/** 1-based line number of a byte offset (counts LF, CRLF and lone CR before it; only used for errors). */
export function lineOfOffset(fd: number, offset: number): number {
  const buf = Buffer.allocUnsafe(CHUNK + 1);
  let line = 1;
  for (let pos = 0; pos < offset;) {
    // one byte more than counted, to tell a lone CR from the CR of a CRLF
    const n = readSync(fd, buf, 0, Math.min(CHUNK, offset - pos) + 1, pos);
    if (n === 0) break;
    const m = Math.min(n, offset - pos);
    for (let k = buf.indexOf(LF, 0); k >= 0 && k < m; k = buf.indexOf(LF, k + 1)) line++;
    for (let k = buf.indexOf(CR, 0); k >= 0 && k < m; k = buf.indexOf(CR, k + 1)) if (k + 1 >= n || buf[k + 1] !== LF) line++;
    pos += m;
  }
  return line;
}
