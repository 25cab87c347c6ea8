/**
 * A row parser specialised to one scan's field kinds: straight-line code for the rows that need
 * nothing unusual, compiled once per shape of scan (cached per thread) and run by RowScanner
 * before its general loop.
 *
 * Why: the general loop (scan-rows.ts) dispatches on each field's kind, looks its output array up
 * by index and asks, at every byte, whether the buffer has ended and which field is the last —
 * about 100 ns per row of the seed's six fields. Here each field's code is inlined in field
 * order, its output arrays are locals, and the only bound is the last line feed in the buffer:
 * every loop stops at a line feed, so none reads past it.
 *
 * Owns: plain rows — integers of up to 15 digits, decimals with a point (or the dialect's
 * decimal byte), `YYYY-MM-DD HH:MM:SS` timestamps (with `T`, or a date alone), dates, true/false,
 * text (an unquoted null token is null; a quoted value on one line without doubled quotes is
 * taken as it is), skipped fields (quoted the same way or not), empty fields as nulls, LF or CRLF
 * line ends, a trailing delimiter when the dialect allows one. Any other row (a quoted number, a
 * quoted newline or doubled quote, a number or date spelt as a null token such as `NA`, a fraction
 * of a second, a ragged row, a bad value) "bails": the function returns that row's start and
 * RowScanner's general loop parses it, with the general loop's errors and dialect rules — so this
 * file adds no grammar and no error of its own.
 * Never: throws for bad input, reads past `end`, or counts a row it did not finish.
 *
 * The generated code holds only numbers decided here (field positions, kinds, byte values);
 * column names and any user text stay data (the builders passed in at each call).
 */
import type { DtField } from '../../plan/expr-node.js';
import type { TextValues } from './row-strings.js';
import type { InternBatch } from './intern-batch.js';
import { daysFromCivil, isValidCivil, MS_PER_DAY, weekdayOfDays } from '../../kernels/civil-time.js';
import { matchesNullToken } from './dialect.js';
import { DIGIT, parseFloatBytes, POW10 } from './parse-number.js';
import { K_BOOL, K_DATE, K_FLOAT, K_INT, K_SKIP, K_STRING, K_TS, K_TSPARTS } from './field-kind.js';
import { parseTimestampParts, partsToMs } from './parse-timestamp.js';
import { generateIndexed } from './fast-rows-indexed.js';

/** The parts of a scanner's output column that the generated code writes. */
export interface FastBuilder {
  f64: Float64Array | null;
  i32: Int32Array | null;
  u8: Uint8Array | null;
  valid: Uint8Array;
  hasNull: boolean;
  dict: TextValues | null;
  /** A text column's deferred interning (with `dict`). */
  later: InternBatch | null;
  part: DtField | null;
}

/**
 * Parses plain rows from `p` while `n < cap`, rows start before `stopAt` and before `end` (just
 * after a line feed); returns where it stopped, and the row count in `out[0]`. A row it cannot
 * parse is left for the caller at the returned position (its values may be half-written: the
 * caller's parse overwrites them, and it must reset the row's validity).
 */
export type FastRows = (
  byField: readonly (FastBuilder | null)[],
  partsByField: readonly (FastBuilder[] | null)[],
  buf: Uint8Array, p: number, end: number, stopAt: number, n: number, cap: number, out: Int32Array,
  tables: FastTables,
  /** Indexed variant only: the structural positions (relative to `base`), and the first one at or after p; out[1] gets the next. */
  positions?: Int32Array, k?: number, base?: number,
) => number;

/** The scan's byte tables, passed at each call (the compiled function is shared by every scan of its shape). */
export interface FastTables {
  /** 1 for the bytes that end an unquoted field: the delimiter, CR, LF and the quote. */
  stop: Uint8Array;
  /** 1 at each length some null token has (scan-rows.ts's nullLens). */
  nullLens: Uint8Array;
  nullTokens: readonly Uint8Array[];
  /**
   * Indexed variant: the last position from which a number's digits are read eight bytes at a
   * time (digitsCode); past it, and within 8 bytes of the buffer's end, they go through the digit
   * loops. A parser's first call lowers it (primeTables, below), so that the loops run once
   * before V8 compiles the parser: otherwise they first run near a buffer's end, after the
   * compile, and with no type feedback the compiled code bails out there and is compiled again
   * (db-benchmark q3: twice a worker, ~35 ms each).
   */
  wordsUpTo: number;
  /**
   * Days of a month that every month has (28): a later day is checked against its month and year
   * (isValidCivil). A first call sets 0, so that the check runs on its rows: in a file sorted by
   * time the 29th comes a month of rows in, after the compile (the seed: ~2.4 M rows), and the
   * compiled parser bailed out at the call it had never made.
   */
  sureDays: number;
}

/** FastTables' values for a parser's first call on a thread (`priming`, from position p) or any other. */
export function primeTables(tables: FastTables, priming: boolean, p: number): void {
  tables.wordsUpTo = priming ? p + PRIME_WORD_BYTES : WORDS_ANYWHERE;
  tables.sureDays = priming ? 0 : SURE_DAYS;
}

/** A first call's rows whose numbers are read a word at a time (FastTables.wordsUpTo): the rest take the digit loops. */
const PRIME_WORD_BYTES = 4096;
const WORDS_ANYWHERE = 0x7fffffff;
const SURE_DAYS = 28;

/** The scan's tables for its parser (primeTables sets their priming values at each call). */
export function fastTables(stop: Uint8Array, nullLens: Uint8Array, nullTokens: readonly Uint8Array[]): FastTables {
  return { stop, nullLens, nullTokens, wordsUpTo: WORDS_ANYWHERE, sureDays: SURE_DAYS };
}

export interface FastShape {
  /** Per CSV field, its kind (field-kind.ts). */
  kinds: Uint8Array;
  /** Per CSV field of kind K_TSPARTS, its parts in output order. */
  parts: readonly (readonly DtField[] | null)[];
  delimiter: number;
  quote: number;
  /** The decimal separator byte. */
  decimal: number;
  trailingDelimiter: boolean;
  /** The first byte of the comment prefix, or -1. */
  comment: number;
  /** The escape byte inside quoted fields, or -1 (quoted fields then always go to the general loop). */
  escape: number;
}

const HANDLED = new Set([K_SKIP, K_INT, K_FLOAT, K_STRING, K_TS, K_DATE, K_BOOL, K_TSPARTS]);

/**
 * Compiled parsers by source, for the life of the thread: every scan of a shape (each partition is
 * a scan) calls the same function, so V8 optimizes it once — a new function per scan was compiled
 * again in every partition of a pool worker (24 times for a 741 MB file, each partition starting
 * in the interpreter), whose collection between tasks let go of the last one's code.
 */
const cache = new Map<string, FastRows>();

interface Helpers {
  matchesNullToken: typeof matchesNullToken;
  parseFloatBytes: typeof parseFloatBytes;
  parseTimestampParts: typeof parseTimestampParts;
  partsToMs: typeof partsToMs;
  POW10: Float64Array;
  DIGIT: Uint8Array;
  daysFromCivil: typeof daysFromCivil;
  isValidCivil: typeof isValidCivil;
  weekdayOfDays: typeof weekdayOfDays;
}

/**
 * The fast parser for a scan of this shape, or null when some field's kind has none. `indexed`:
 * the variant that finds fields through a structural index (fast-rows-indexed.ts).
 */
export function compileFastRows(shape: FastShape, indexed = false): FastRows | null {
  for (const k of shape.kinds) if (!HANDLED.has(k)) return null;
  if (shape.kinds.every((k) => k === K_SKIP)) return null;
  const src = indexed ? generateIndexed(shape) : generate(shape);
  let fast = cache.get(src);
  if (fast === undefined) {
    const helpers: Helpers = { matchesNullToken, parseFloatBytes, parseTimestampParts, partsToMs, POW10, DIGIT, daysFromCivil, isValidCivil, weekdayOfDays };
    fast = (new Function('H', src) as (h: Helpers) => FastRows)(helpers);
    cache.set(src, fast);
  }
  return fast;
}

function generate(shape: FastShape): string {
  const { kinds, delimiter: D, quote: Q, decimal: DEC } = shape;
  const nf = kinds.length;
  const bail = 'p = row; break rows;';
  const isTerm = (x: string): string => `(${x} === ${D} || ${x} === 10 || ${x} === 13)`;
  const body: string[] = [];
  // a quoted field (at p) on one line without doubled quotes: its text is [p + 1, q); any other goes back
  const quoted = (take: string): string => shape.escape >= 0 ? bail
    : `let q = p + 1; while (buf[q] !== ${Q} && buf[q] !== 10) q++; if (buf[q] !== ${Q} || buf[q + 1] === ${Q}) { ${bail} } ${take}`;
  const pre = outputDeclarations(shape);
  for (let f = 0; f < nf; f++) {
    const k = kinds[f];
    switch (k) {
      case K_SKIP:
        body.push(`if (buf[p] === ${Q}) { ${quoted('p = q + 1;')} } else { while (STOP[buf[p]] === 0) p++; if (buf[p] === ${Q}) { ${bail} } }`);
        break;
      case K_INT:
        body.push(`{
          let c = buf[p], neg = false;
          if (c === 45) { neg = true; c = buf[++p]; }
          let v = 0, nd = 0, d = c - 48;
          while (d >= 0 && d <= 9) { v = v * 10 + d; nd++; d = buf[++p] - 48; }
          if (nd > 0 && nd <= 15) O${f}[n] = neg ? 0 - v : v;
          else if (nd === 0 && !neg && ${isTerm('c')}) { ${setNull(f)} }
          else { ${bail} }
        }`);
        break;
      case K_FLOAT:
        body.push(`{
          const fs = p;
          let c = buf[p], neg = false;
          if (c === 45) { neg = true; c = buf[++p]; }
          let v = 0, nd = 0, frac = 0, d = c - 48;
          while (d >= 0 && d <= 9) { v = v * 10 + d; nd++; d = buf[++p] - 48; }
          if (buf[p] === ${DEC}) {
            d = buf[++p] - 48;
            while (d >= 0 && d <= 9) { v = v * 10 + d; frac++; d = buf[++p] - 48; }
          }
          let e = buf[p], exp = false;
          if ((e === 101 || e === 69) && nd + frac > 0) {
            // an exponent (1e-05, as Python writes small floats)
            e = buf[++p];
            if (e === 45 || e === 43) e = buf[++p];
            d = e - 48;
            if (d < 0 || d > 9) { ${bail} }
            while (d >= 0 && d <= 9) d = buf[++p] - 48;
            exp = true;
          }
          if (nd + frac > 0 && nd + frac <= 15 && !exp) { const x = frac === 0 ? v : v / POW10[frac]; O${f}[n] = neg ? -x : x; }
          else if (nd + frac > 0 && ${DEC === 46 ? 'true' : 'false'}) {
            // 16 or more digits (17 is how doubles print) or an exponent: the correctly rounded general parser
            const x = parseFloatBytes(buf, fs, p);
            if (x !== x) { ${bail} }
            O${f}[n] = x;
          }
          else if (nd === 0 && frac === 0 && !neg && ${isTerm('c')}) { ${setNull(f)} }
          else { ${bail} }
        }`);
        break;
      case K_STRING:
        body.push(`{
          const s = p;
          if (buf[p] === ${Q}) { ${quoted(`D${f}.add(n, s + 1, q, row, 0); p = q + 1;`)} }
          else {
            while (STOP[buf[p]] === 0) p++;
            if (buf[p] === ${Q}) { ${bail} }
            ${internOrNull(f, 's', 'p', '0')}
          }
        }`);
        break;
      case K_BOOL:
        // true/false in any case; anything else (a null token, spaces) goes to the general loop
        body.push(`{
          const s = p;
          while (STOP[buf[p]] === 0) p++;
          const len = p - s;
          ${trueOrFalse(f, 's')}
          else if (len === 0 && buf[p] !== ${Q}) { ${setNull(f)} }
          else { ${bail} }
        }`);
        break;
      case K_DATE:
        body.push(`{
          let ok = false;
          if (p + 10 < end) {
            const c10 = buf[p + 10];
            ok = ${isTerm('c10')} && buf[p + 4] === 45 && buf[p + 7] === 45 && ${DATE_DIGITS};
          }
          if (ok) {
            const len = 10;
            ${timestampFromText(bail, `O${f}[n] = daysFromCivil(y, mo, d);`)}
            p += 10;
          } else if (${isTerm('buf[p]')}) { ${setNull(f)} }
          else { ${bail} }
        }`);
        break;
      case K_TS:
      case K_TSPARTS: {
        const store = k === K_TS
          ? `O${f}[n] = daysFromCivil(y, mo, d) * ${MS_PER_DAY} + h * 3600000 + mi * 60000 + s * 1000;`
          : (shape.parts[f] ?? []).map((part, j) => `P${f}_${j}[n] = ${partExpr(part)};`).join(' ');
        // a timestamp column's other ISO forms (a fraction of a second, a zone): the general parser of the field's bytes
        const other = k === K_TS
          ? `else if (${isTerm('buf[p]')}) { ${setNull(f)} }
          else if (p + 19 < end && buf[p + 4] === 45) {
            let e = p;
            while (STOP[buf[e]] === 0) e++;
            if (buf[e] === ${Q}) { ${bail} }
            const off = parseTimestampParts(buf, p, e);
            if (off !== off) { ${bail} }
            O${f}[n] = partsToMs(off);
            p = e;
          }`
          : '';
        // a whole timestamp (19 bytes) or a date alone (10: midnight), then a terminator
        body.push(`{
          let len = 0;
          if (p + 10 < end && buf[p + 4] === 45 && buf[p + 7] === 45 && ${DATE_DIGITS}) {
            const sep = buf[p + 10];
            if (${isTerm('sep')}) len = 10;
            else if ((sep === 32 || sep === 84) && p + 19 < end && buf[p + 13] === 58 && buf[p + 16] === 58 && ${TIME_DIGITS}) {
              const c19 = buf[p + 19];
              if (${isTerm('c19')}) len = 19;
            }
          }
          if (len !== 0) {
            ${timestampFromText(bail, store)}
            p += len;
          } ${other}
          else { ${bail} }
        }`);
        break;
      }
    }
    if (f < nf - 1) {
      body.push(`if (buf[p] !== ${D}) { ${bail} } p++;`);
    } else {
      const trailing = shape.trailingDelimiter
        ? `else if (c === ${D} && buf[p + 1] === 10) p += 2; else if (c === ${D} && buf[p + 1] === 13 && buf[p + 2] === 10) p += 3;`
        : '';
      body.push(`{ const c = buf[p]; if (c === 10) p++; else if (c === 13 && buf[p + 1] === 10) p += 2; ${trailing} else { ${bail} } }`);
    }
  }
  return rowLoop(shape, false, pre, body);
}

/**
 * The generated function around the fields' code: the loop over rows (blank lines skipped unless the
 * file has one column, a CR
 * line end or a comment line given back), then the text columns' interning and the give-back of
 * a row whose text is not UTF-8.
 * `indexed`: the variant's extra parameters, and its index position kept with the row.
 */
export function rowLoop(shape: FastShape, indexed: boolean, decls: string[], body: string[]): string {
  const comment = shape.comment >= 0 ? `if (c0 === ${shape.comment}) break;` : '';
  const k = (code: string): string => (indexed ? code : '');
  // a file of one column: a blank line is a row, its field empty (RowScanner.blankRows)
  const blank = shape.kinds.length === 1 ? '' : `if (c0 === 10) { p++; ${k('k++; ')}continue; }
    if (c0 === 13) break;`;
  return `
${HELPERS_PROLOGUE}
return function ${indexed ? 'fastRowsIndexed' : 'fastRows'}(byField, partsByField, buf, p, end, stopAt, n, cap, out, tables${k(', POS, k, base')}) {
  const STOP = tables.stop, NL = tables.nullLens, TOKENS = tables.nullTokens, SURE_DAYS = tables.sureDays;
  ${decls.join('\n  ')}
  let row = p${k(', rowK = k')};
  rows: for (;;) {
    if (n >= cap || p >= stopAt || p >= end) break;
    const c0 = buf[p];
    ${blank}
    ${comment}
    row = p;
    ${k('rowK = k;')}
    ${body.join('\n    ')}
    n++;
  }
  ${finishInterning(shape, indexed)}
  out[0] = n;
  ${k('out[1] = k;')}
  return p;
};`;
}

/**
 * After the loop: each text column's queued values interned (intern-batch.ts). A value that is not
 * UTF-8 gives its row, and those after it, back to the general loop, which reports it with its line.
 */
function finishInterning(shape: FastShape, indexed: boolean): string {
  const out: string[] = [];
  shape.kinds.forEach((kind, f) => {
    if (kind !== K_STRING) return;
    out.push(`if (!D${f}.finish() && D${f}.failN < n) { n = D${f}.failN; p = D${f}.failRow; ${indexed ? `k = D${f}.failK;` : ''} }`);
  });
  return out.join('\n  ');
}

/** The generated code's first line: the helpers as constants. */
const HELPERS_PROLOGUE = 'const { matchesNullToken, parseFloatBytes, parseTimestampParts, partsToMs, POW10, DIGIT, daysFromCivil, isValidCivil, weekdayOfDays } = H;';

/** A field's null: its validity, the column's flag, a zero value. */
export const setNull = (f: number): string => `V${f}[n] = 0; B${f}.hasNull = true; O${f}[n] = 0;`;

/** Locals for each field's output: builder B, values O, validity V, dictionary T, parts P (read once a call). */
export function outputDeclarations(shape: FastShape): string[] {
  const pre: string[] = [];
  shape.kinds.forEach((k, f) => {
    if (k === K_INT || k === K_FLOAT || k === K_TS) {
      pre.push(`const B${f} = byField[${f}], O${f} = B${f}.f64, V${f} = B${f}.valid;`);
    } else if (k === K_BOOL) {
      pre.push(`const B${f} = byField[${f}], O${f} = B${f}.u8, V${f} = B${f}.valid;`);
    } else if (k === K_STRING || k === K_DATE) {
      pre.push(`const B${f} = byField[${f}], O${f} = B${f}.i32, V${f} = B${f}.valid;`);
      // the column's values are interned in batches (intern-batch.ts), finished before the call returns
      if (k === K_STRING) pre.push(`const D${f} = B${f}.later; D${f}.begin(B${f}.dict, buf, O${f});`);
    } else if (k === K_TSPARTS) {
      const parts = shape.parts[f] ?? [];
      parts.forEach((part, j) => pre.push(`const P${f}_${j} = partsByField[${f}][${j}].${part === 'date' ? 'i32' : 'f64'};`));
    }
  });
  return pre;
}

/** Whether the bytes at these offsets from p are all ASCII digits (one test of their DIGIT values). */
function allDigits(offsets: readonly number[]): string {
  return `((${offsets.map((i) => `DIGIT[buf[p + ${i}]]`).join(' | ')}) & 0xf0) === 0`;
}

/** The digits of `YYYY-MM-DD` at p, and of `HH:MM:SS` after its separator. */
export const DATE_DIGITS = allDigits([0, 1, 2, 3, 5, 6, 8, 9]);
export const TIME_DIGITS = allDigits([11, 12, 14, 15, 17, 18]);

/** An unquoted text field [s, e): null if empty or a null token, else queued to be interned (`rowK`: the row's index position). */
export function internOrNull(f: number, s: string, e: string, rowK: string): string {
  return `const len = ${e} - ${s};
            if (len === 0 || (len < NL.length && NL[len] === 1 && matchesNullToken(buf, ${s}, ${e}, TOKENS, true))) { ${setNull(f)} }
            else D${f}.add(n, ${s}, ${e}, row, ${rowK});`;
}

/** A bool field of `len` bytes at s: true or false in any case (the caller's else-branches follow). */
export function trueOrFalse(f: number, s: string): string {
  const at = (i: number, c: string): string => `(buf[${s} + ${i}] | 32) === ${c.charCodeAt(0)}`;
  const word = (w: string): string => Array.from(w, (c, i) => at(i, c)).join(' && ');
  return `if (len === 4 && ${word('true')}) O${f}[n] = 1;
          else if (len === 5 && ${word('false')}) O${f}[n] = 0;`;
}

/**
 * A checked timestamp (or date alone, `len` 10) whose digits are known to be digits at p: its
 * fields y, mo, d, h, mi, s, then `store`; an impossible date or time gives the row back.
 */
export function timestampFromText(bail: string, store: string): string {
  return `const y = DIGIT[buf[p]] * 1000 + DIGIT[buf[p + 1]] * 100 + DIGIT[buf[p + 2]] * 10 + DIGIT[buf[p + 3]];
            const mo = DIGIT[buf[p + 5]] * 10 + DIGIT[buf[p + 6]], d = DIGIT[buf[p + 8]] * 10 + DIGIT[buf[p + 9]];
            let h = 0, mi = 0, s = 0;
            if (len === 19) { h = DIGIT[buf[p + 11]] * 10 + DIGIT[buf[p + 12]]; mi = DIGIT[buf[p + 14]] * 10 + DIGIT[buf[p + 15]]; s = DIGIT[buf[p + 17]] * 10 + DIGIT[buf[p + 18]]; }
            if (mo < 1 || mo > 12 || d < 1 || (d > SURE_DAYS && !isValidCivil(y, mo, d)) || h > 23 || mi > 59 || s > 59) { ${bail} }
            ${store}`;
}

export function partExpr(part: DtField): string {
  switch (part) {
    case 'year': return 'y';
    case 'month': return 'mo';
    case 'day': return 'd';
    case 'hour': return 'h';
    case 'minute': return 'mi';
    case 'second': return 's';
    case 'weekday': return 'weekdayOfDays(daysFromCivil(y, mo, d))';
    case 'date': return 'daysFromCivil(y, mo, d)';
  }
}
