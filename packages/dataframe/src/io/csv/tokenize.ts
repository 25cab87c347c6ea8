/**
 * The general RFC 4180 tokenizer: bytes → rows of field strings. Handles quoted fields with
 * escaped quotes (""), delimiters and newlines inside quotes, CRLF and LF, and a UTF-8 BOM.
 * Used where strings are wanted anyway (header, schema sampling, tests); the hot path
 * (scan-rows.ts) applies the same grammar without creating strings.
 */
import { CR, LF, QUOTE } from './dialect.js';
import { CsvError } from './csv-error.js';

const utf8 = new TextDecoder('utf-8');

export interface TokenizedRow {
  fields: string[];
  /** Which fields were quoted (quoted fields are values, never null tokens). */
  quoted: boolean[];
  /** Byte offset of the row start within the buffer. */
  start: number;
}

export function hasBom(buf: Uint8Array): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

/**
 * Tokenizes complete rows in buf[start, end). If `eof` is false, a trailing incomplete row is
 * left unparsed and its start is returned as `next`. Blank lines are skipped.
 */
export function tokenizeRows(
  buf: Uint8Array,
  start: number,
  end: number,
  delimiter: number,
  eof: boolean,
  maxRows = Infinity,
  where = '',
): { rows: TokenizedRow[]; next: number } {
  const rows: TokenizedRow[] = [];
  let p = start;
  while (p < end && rows.length < maxRows) {
    if (buf[p] === LF) { p++; continue; }
    if (buf[p] === CR && (p + 1 < end ? buf[p + 1] === LF : eof)) { p += p + 1 < end ? 2 : 1; continue; }
    const rowStart = p;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    let complete = false;
    for (;;) {
      if (p < end && buf[p] === QUOTE) {
        const r = scanQuoted(buf, p, end, eof);
        if (r < 0) {
          if (!eof) break;
          throw new CsvError('unterminated quoted field: a `"` opens a field that never closes', { where, line: lineAt(buf, rowStart), hint: 'close the quote, or double a literal quote inside a quoted field ("")' });
        }
        fields.push(unescapeQuotes(buf, p + 1, r - 1));
        quoted.push(true);
        p = r;
        if (p < end && buf[p] !== delimiter && buf[p] !== LF && buf[p] !== CR) {
          throw new CsvError(`unexpected character ${JSON.stringify(String.fromCharCode(buf[p]))} after a closing quote`, { where, line: lineAt(buf, rowStart), hint: 'a quoted field must end at a delimiter or the end of the line' });
        }
      } else {
        const fs = p;
        while (p < end) {
          const c = buf[p];
          if (c === delimiter || c === LF || c === CR) break;
          if (c === QUOTE) throw new CsvError('a quote inside an unquoted field', { where, line: lineAt(buf, rowStart), hint: 'quote the whole field and double the inner quote, e.g. "say ""hi"""' });
          p++;
        }
        fields.push(utf8.decode(buf.subarray(fs, p)));
        quoted.push(false);
      }
      if (p >= end) { complete = eof; break; }
      const c = buf[p];
      if (c === delimiter) { p++; continue; }
      if (c === CR) {
        if (p + 1 < end) { p += buf[p + 1] === LF ? 2 : 1; complete = true; break; }
        if (eof) { p++; complete = true; }
        break;
      }
      p++; // LF
      complete = true;
      break;
    }
    if (!complete) return { rows, next: rowStart };
    rows.push({ fields, quoted, start: rowStart });
  }
  return { rows, next: p };
}

/** From an opening quote at p, returns the index just past the closing quote, or -1 if the data ends first. */
export function scanQuoted(buf: Uint8Array, p: number, end: number, eof: boolean): number {
  let q = p + 1;
  for (;;) {
    const k = buf.indexOf(QUOTE, q);
    if (k < 0 || k >= end) return -1;
    if (k + 1 < end && buf[k + 1] === QUOTE) { q = k + 2; continue; }
    if (k + 1 >= end) return eof ? k + 1 : -1; // a quote at the buffer's end may be half of ""
    return k + 1;
  }
}

function unescapeQuotes(buf: Uint8Array, s: number, e: number): string {
  const text = utf8.decode(buf.subarray(s, e));
  return text.includes('""') ? text.replaceAll('""', '"') : text;
}

/** 1-based line of a byte offset, counting from the start of `buf` (the start of the file for the samples that report errors). */
function lineAt(buf: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = buf.indexOf(LF); i >= 0 && i < offset; i = buf.indexOf(LF, i + 1)) line++;
  return line;
}
