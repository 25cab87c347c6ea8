/**
 * The general tokenizer: bytes → rows of field strings, for any dialect (dialect.ts):
 * quoted fields with doubled or escaped quotes, delimiters (of one or more characters) and
 * newlines inside quotes, CRLF, LF and lone CR, comment lines, literal quotes inside unquoted
 * fields (unless strict). Used where strings are wanted anyway (header, schema sampling, tests)
 * and for the dialects the hot path refuses (read-partition.ts transcodes its rows); the hot
 * path (scan-rows.ts) applies the same grammar without creating strings.
 */
import { isAscii } from 'node:buffer';
import { AFTER_QUOTE_HINT, CR, LF, QUOTE, RFC4180_BYTES, afterSpaces, type DialectBytes } from './dialect.js';
import { CsvError } from './csv-error.js';

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

export interface TokenizedRow {
  fields: string[];
  /** Which fields were quoted (quoted fields are values, never null tokens). */
  quoted: boolean[];
  /** Byte offset of the row start within the buffer. */
  start: number;
}

export interface TokenizeOptions {
  /** The data ends at `end` (else a row cut by `end` is left for the next call). */
  eof: boolean;
  maxRows?: number;
  /** File name for errors. */
  where?: string;
  /** Stop before a row, blank or comment line that starts at or after this offset. */
  stopAt?: number;
  /** Line number of `start` (for errors; default: counted from the start of `buf`). */
  lineAtStart?: number;
  /** A blank line is a row of one empty field (a file of one column), not skipped. */
  blankRows?: boolean;
}

export function hasBom(buf: Uint8Array): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

/**
 * Tokenizes complete rows in buf[start, end). If `eof` is false, a trailing incomplete row is
 * left unparsed and its start is returned as `next`. Blank lines (unless `blankRows`) and comment
 * lines are skipped.
 */
export function tokenizeRows(
  buf: Uint8Array,
  start: number,
  end: number,
  dialect: DialectBytes | number,
  opts: TokenizeOptions,
): { rows: TokenizedRow[]; next: number } {
  const d = dialectBytesOf(dialect);
  const rows: TokenizedRow[] = [];
  // ASCII text (most CSV): one string for the whole range, each unquoted field a slice of it —
  // a decoder call per field cost more than the tokenizing (schema sampling: ~1 µs a field)
  const ascii = opts.maxRows === undefined && isAscii(buf.subarray(start, end)) ? latin1.decode(buf.subarray(start, end)) : null;
  const next = scanRowRanges(buf, start, end, d, opts, (r, rowStart) => {
    const fields = new Array<string>(r.n);
    const quoted = new Array<boolean>(r.n);
    for (let i = 0; i < r.n; i++) {
      quoted[i] = r.quoted[i] === 1;
      fields[i] = quoted[i] ? unescapeField(buf, r.starts[i], r.ends[i], d.quote, d.escape)
        : ascii !== null ? ascii.slice(r.starts[i] - start, r.ends[i] - start) : utf8.decode(buf.subarray(r.starts[i], r.ends[i]));
    }
    rows.push({ fields, quoted, start: rowStart });
  });
  return { rows, next };
}

/** One complete row's fields as byte ranges: [starts[i], ends[i]), a quoted field's without its quotes (and still escaped). */
export interface RowRanges {
  n: number;
  starts: Int32Array;
  ends: Int32Array;
  quoted: Uint8Array;
}

export function dialectBytesOf(dialect: DialectBytes | number): DialectBytes {
  return typeof dialect === 'number' ? { ...RFC4180_BYTES, delimiter: Uint8Array.of(dialect) } : dialect;
}

/**
 * The row grammar of tokenizeRows without making strings: `onRow` gets each complete row's
 * field ranges (the same object each time, valid until it returns). Returns where the rows
 * ended (the start of an unfinished row, when `eof` is false).
 */
export function scanRowRanges(
  buf: Uint8Array,
  start: number,
  end: number,
  d: DialectBytes,
  opts: TokenizeOptions,
  onRow: (row: RowRanges, rowStart: number) => void,
): number {
  const { eof, where = '' } = opts;
  const maxRows = opts.maxRows ?? Infinity;
  const stopAt = opts.stopAt ?? Infinity;
  const quote = d.quote;
  const delim = d.delimiter;
  const d0 = delim[0];
  const oneByte = delim.length === 1;
  const stop = new Uint8Array(256);
  stop[LF] = 1;
  stop[CR] = 1;
  stop[d0] = 1;
  if (quote >= 0 && quote < 256) stop[quote] = 1;
  const r = rangesScratch;
  const line = (at: number): number => (opts.lineAtStart !== undefined ? opts.lineAtStart + linesBetween(buf, start, at) : 1 + linesBetween(buf, 0, at));
  const push = (s: number, e: number, q: number): void => {
    if (r.n === r.starts.length) growRanges(r);
    r.starts[r.n] = s;
    r.ends[r.n] = e;
    r.quoted[r.n] = q;
    r.n++;
  };
  let rows = 0;
  let p = start;
  const skipBlank = opts.blankRows !== true;
  while (p < end && rows < maxRows && p < stopAt) {
    if (buf[p] === LF && skipBlank) { p++; continue; }
    if (buf[p] === CR && skipBlank) {
      if (p + 1 < end) { p += buf[p + 1] === LF ? 2 : 1; continue; }
      if (!eof) break;
      p++;
      continue;
    }
    if (d.comment !== null) {
      const m = matchAt(buf, p, end, d.comment);
      if (m < 0 && !eof) break;
      if (m > 0) {
        const e = lineEnd(buf, p, end);
        if (e < 0 || (buf[e] === CR && e + 1 >= end && !eof)) { if (!eof) break; p = end; continue; }
        p = e + (buf[e] === CR && e + 1 < end && buf[e + 1] === LF ? 2 : 1);
        continue;
      }
    }
    const rowStart = p;
    r.n = 0;
    let complete = false;
    fieldLoop: for (;;) {
      if (p < end && buf[p] === quote) {
        // quote: '' stands as a NUL: one met here is binary data, not an opening quote
        if (quote === 0) throw new CsvError('a NUL byte (binary data, not text)', { where, line: line(rowStart), offset: rowStart, hint: 'the file is not CSV text past this point; check how it was written' });
        const q = scanQuoted(buf, p, end, eof, quote, d.escape);
        if (q < 0) {
          if (!eof) break;
          throw new CsvError(`unterminated quoted field: a \`${String.fromCharCode(quote)}\` opens a field that never closes`, { where, line: line(rowStart), offset: rowStart, hint: 'close the quote, or double a literal quote inside a quoted field ("")' });
        }
        push(p + 1, q - 1, 1);
        p = q;
        if (p < end && buf[p] !== LF && buf[p] !== CR && buf[p] !== d0) {
          // spaces between a closing quote and the delimiter (`"onions"  ,`) are dropped, as DuckDB does
          const t = afterSpaces(buf, p, end, d0);
          if (t >= end && !eof) break;
          if (t > p && (t >= end || buf[t] === LF || buf[t] === CR || buf[t] === d0)) p = t;
        }
        if (p < end && buf[p] !== LF && buf[p] !== CR) {
          const m = buf[p] === d0 ? matchAt(buf, p, end, delim) : 0;
          if (m < 0 && !eof) break;
          if (m <= 0) {
            throw new CsvError(`unexpected character ${JSON.stringify(String.fromCharCode(buf[p]))} after a closing quote`, { where, line: line(rowStart), offset: rowStart, hint: AFTER_QUOTE_HINT });
          }
        }
      } else {
        const fs = p;
        for (;;) {
          // the bytes that end nothing, passed in a loop of one load and one compare each
          while (p < end && stop[buf[p]] === 0) p++;
          if (p >= end) break;
          const c = buf[p];
          if (c === LF || c === CR) break;
          if (c === d0) {
            // a one-byte delimiter matched already (no call a field: this code runs once a sample, mostly unoptimized)
            const m = oneByte ? 1 : matchAt(buf, p, end, delim);
            if (m < 0 && !eof) break fieldLoop;
            if (m > 0) break;
          }
          if (c === quote && d.strictQuotes) {
            throw new CsvError('a quote inside an unquoted field', { where, line: line(rowStart), offset: rowStart, value: utf8.decode(buf.subarray(fs, Math.min(end, p + 1))), hint: 'quote the whole field and double the inner quote, e.g. "say ""hi""", or leave strictQuotes off (the default) to read it literally' });
          }
          p++;
        }
        push(fs, p, 0);
      }
      if (p >= end) { complete = eof; break; }
      const c = buf[p];
      if (c === CR) {
        if (p + 1 < end) { p += buf[p + 1] === LF ? 2 : 1; complete = true; break; }
        if (eof) { p++; complete = true; }
        break;
      }
      if (c === LF) { p++; complete = true; break; }
      p += delim.length; // a delimiter (checked above)
    }
    if (!complete) return rowStart;
    onRow(r, rowStart);
    rows++;
  }
  return p;
}

/** The field text of a row's range i (quoted fields unescaped). */
export function fieldText(buf: Uint8Array, r: RowRanges, i: number, d: DialectBytes): string {
  return r.quoted[i] === 1 ? unescapeField(buf, r.starts[i], r.ends[i], d.quote, d.escape) : utf8.decode(buf.subarray(r.starts[i], r.ends[i]));
}

const rangesScratch: RowRanges = { n: 0, starts: new Int32Array(64), ends: new Int32Array(64), quoted: new Uint8Array(64) };

function growRanges(r: RowRanges): void {
  const cap = r.starts.length * 2;
  const starts = new Int32Array(cap);
  starts.set(r.starts);
  const ends = new Int32Array(cap);
  ends.set(r.ends);
  const quoted = new Uint8Array(cap);
  quoted.set(r.quoted);
  r.starts = starts;
  r.ends = ends;
  r.quoted = quoted;
}

/**
 * From an opening quote at p, returns the index just past the closing quote, or -1 if the data
 * ends first. A doubled quote is a literal quote; with an escape character, so is an escaped
 * quote (and an escaped escape).
 */
export function scanQuoted(buf: Uint8Array, p: number, end: number, eof: boolean, quote = QUOTE, esc = -1): number {
  let q = p + 1;
  for (;;) {
    let k = buf.indexOf(quote, q);
    if (esc >= 0) {
      const x = buf.indexOf(esc, q);
      if (x >= 0 && x < end && (k < 0 || x < k)) {
        if (x + 1 >= end) return -1;
        if (buf[x + 1] === quote || buf[x + 1] === esc) { q = x + 2; continue; }
        q = x + 1;
        continue;
      }
    }
    if (k < 0 || k >= end) return -1;
    if (k + 1 < end && buf[k + 1] === quote) { q = k + 2; continue; }
    if (k + 1 >= end) return eof ? k + 1 : -1; // a quote at the buffer's end may be half of ""
    k++;
    return k;
  }
}

function unescapeField(buf: Uint8Array, s: number, e: number, quote: number, esc: number): string {
  const text = utf8.decode(buf.subarray(s, e));
  const q = String.fromCharCode(quote);
  let out = text.includes(q + q) ? text.replaceAll(q + q, q) : text;
  if (esc >= 0) {
    const x = String.fromCharCode(esc);
    if (out.includes(x)) out = out.replace(new RegExp(`${escapeRe(x)}([${escapeRe(q)}${escapeRe(x)}])`, 'g'), '$1');
  }
  return out;
}

function escapeRe(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&');
}

/** 1: `token` is at p; 0: it is not; -1: the buffer ends inside what could be it. */
export function matchAt(buf: Uint8Array, p: number, end: number, token: Uint8Array): number {
  for (let k = 0; k < token.length; k++) {
    if (p + k >= end) return -1;
    if (buf[p + k] !== token[k]) return 0;
  }
  return 1;
}

/** Index of the LF or CR that ends the line holding p, or -1 if the buffer ends first. */
function lineEnd(buf: Uint8Array, p: number, end: number): number {
  for (; p < end; p++) if (buf[p] === LF || buf[p] === CR) return p;
  return -1;
}

/** Line breaks (LF, CRLF or a lone CR) in buf[from, to). */
export function linesBetween(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c === LF) n++;
    else if (c === CR && (i + 1 >= buf.length || buf[i + 1] !== LF)) n++;
  }
  return n;
}
