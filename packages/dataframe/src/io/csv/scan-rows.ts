/**
 * The CSV hot path: parses rows from bytes straight into typed column builders.
 *
 * Owns: the RFC 4180 row grammar (same as tokenize.ts) with a one-byte delimiter and quote,
 * literal quotes inside unquoted fields (unless strictQuotes), an optional trailing delimiter,
 * short rows padded with nulls (onBadLines 'pad'), numbers with spaces around them or with
 * decimal/thousands separators, null tokens, type checks against the schema, and skipping
 * unprojected fields without looking at their values. Everything beyond plain RFC 4180 costs
 * only on the rows that use it: the per-byte loops are the same.
 * Never: creates a string for a number or a timestamp, allocates per row, or reads files.
 *
 * Protocol: `scan(buf, pos, end, eof, stopAt)` parses complete rows starting at `pos` until the
 * batch is full (status FULL), the next row would start at or after `stopAt` / the data ends
 * (DONE), or the buffer ends inside a row (NEED: the caller refills the buffer keeping the
 * bytes from the returned position, and calls again). A row cut off by the buffer's end is
 * never half-kept: its values are overwritten when the row is parsed again.
 */
import { I64_MAX, I64_MIN, type DType } from '../../types/dtype.js';
import type { DtField } from '../../plan/expr-node.js';
import { partColumnName } from '../../plan/logical-plan.js';
import type { Column } from '../../kernels/column.js';
import { civilFromDays, daysFromCivil, isValidCivil, MS_PER_DAY, weekdayOfDays } from '../../kernels/civil-time.js';
import { ByteDictionary } from './byte-dictionary.js';
import { RowStrings, type TextValues } from './row-strings.js';
import { InternBatch } from './intern-batch.js';
import { scanQuoted } from './tokenize.js';
import { dictionaryKey, giveDictionary, isDistinct, markDistinct, MAX_DICT_ENTRIES, takeDictionary } from './dictionary-cache.js';
import { AFTER_QUOTE_HINT, CR, LF, QUOTE, afterSpaces, matchesNullToken, nullTokenLengths, type CsvDialect } from './dialect.js';
import { DIGIT, isNanText, parseBigInt, parseFloatBytes, parseSmallInt, POW10 } from './parse-number.js';
import { K_BIGINT, K_BOOL, K_DATE, K_FLOAT, K_FORMAT, K_INT, K_SKIP, K_STRING, K_TS, K_TSPARTS } from './field-kind.js';
import { parseTimestampParts, partsToMs, tsParts } from './parse-timestamp.js';
import { dateFormatParser } from './parse-date-format.js';
import { compileFastRows, fastTables, primeTables, type FastRows, type FastTables } from './fast-rows.js';
import { buildStructuralIndex, structuralIndexAvailable, type StructuralIndex } from './structural-index.js';
import { anchorShape } from '../../kernels/shape-anchor.js';

export const ST_FULL = 0;
export const ST_NEED = 1;
export const ST_DONE = 2;

/** What the scan produces from one CSV field. */
export interface ScanFieldSpec {
  /** Position of the field in the row. */
  index: number;
  /** Column name in the header. */
  name: string;
  dtype: DType;
  /** Instead of the value, emit these calendar parts of a timestamp/date field (pushdown). */
  parts?: DtField[];
  /** A text column's distinct values in all the files, as readCsv's sample estimated them: sizes its dictionary. */
  distinct?: number;
  /** Entries past which its dictionary goes one a batch (dictionaryBound; MAX_DICT_ENTRIES if not given). */
  maxDictionary?: number;
  /** The caller gave the type (dtypes), not the sample: a date column then takes a timestamp's date, as a cast would. */
  given?: boolean;
  /**
   * Nothing downstream compares this text column, it is only carried to the output
   * (optimizer/carried-columns.ts): past its dictionary's bound (mostly distinct values) each batch
   * keeps its rows' strings in row order (row-strings.ts) instead of interning them.
   */
  carried?: boolean;
}

export interface ScanOutput {
  name: string;
  dtype: DType;
  column: Column;
}

/** Thrown for a bad field; the partition reader adds file and line. */
export class FieldError extends Error {
  constructor(
    readonly problem: string,
    readonly rowStart: number,
    readonly column: string | undefined,
    readonly value: string | undefined,
    readonly hint: string | undefined,
    /** For a type mismatch: the type that would hold the value. */
    readonly widenTo?: DType,
  ) {
    super(problem);
  }
}

const utf8 = new TextDecoder('utf-8');

interface Builder {
  name: string;
  dtype: DType;
  f64: Float64Array | null;
  i32: Int32Array | null;
  u8: Uint8Array | null;
  big: BigInt64Array | null;
  valid: Uint8Array;
  hasNull: boolean;
  dict: TextValues | null;
  /** A text column's interning deferred by the fast row parser (intern-batch.ts). */
  later: InternBatch | null;
  /**
   * Mostly distinct values (its dictionary passed `maxDictionary`): a small dictionary, cleared
   * at every batch — interning into a table the size of a batch stays in cache and never
   * rehashes, where one grown to the bound did both for values seen once.
   */
  distinct: boolean;
  /** Entries past which the dictionary goes one a batch (ScanFieldSpec.maxDictionary). */
  maxDictionary: number;
  /** ScanFieldSpec.carried: once `distinct`, its batches' values in row order. */
  carried: boolean;
  /** The dictionary cache's key of this column, when it shares dictionaries across partitions. */
  key: string | null;
  part: DtField | null;
  /** K_FORMAT: the format, its parser, and the milliseconds of each dictionary code (NaN: not a date). */
  fmt: { format: string; parse: (text: string) => number; ms: number[] } | null;
}

export interface ScanRowsOptions {
  nFields: number;
  fields: readonly ScanFieldSpec[];
  delimiter: number;
  nullTokens: readonly Uint8Array[];
  batchRows: number;
  /** Unparseable dates become null instead of an error. */
  dateErrorsNull: boolean;
  /** Rows with the wrong number of fields are dropped (and counted) instead of an error. */
  skipBadLines?: boolean;
  /** Invalid UTF-8 is replaced by U+FFFD instead of an error. */
  lossyUtf8?: boolean;
  /** Timestamp/date columns written in another format than ISO: column name → dayjs format. */
  dateFormats?: Readonly<Record<string, string>>;
  /** Quote, number format, strict quotes, trailing delimiter (the delimiter is `delimiter` above). */
  dialect?: CsvDialect;
  /** Rows with too few fields get nulls for the missing ones (onBadLines 'pad'). */
  padShortRows?: boolean;
  /**
   * String columns intern into the thread's dictionaries kept across partitions
   * (dictionary-cache.ts); the caller must call `release()` when the scan is done.
   */
  shareDictionaries?: boolean;
  /**
   * false: no parser specialised to the field kinds (fast-rows.ts), only the general loop; 'plain' /
   * 'indexed': that variant of it (default: indexed when two or more fields are skipped). Tests
   * compare them.
   */
  specialise?: boolean | 'plain' | 'indexed';
}

/** Internal signals from a value's conversion back to the row loop (never leave the scanner). */
class RowSignal {
  constructor(readonly n: number, readonly found: number) {}
}

export class RowScanner {
  status = ST_DONE;
  /** Rows in the current batch. */
  n = 0;
  rowStart = 0;
  readonly capacity: number;
  private readonly nFields: number;
  private readonly delim: number;
  private readonly kinds: Uint8Array;
  /** Per CSV field: its builder (primary output) or null. */
  private readonly byField: (Builder | null)[];
  /** 1 for a field whose type the caller gave (ScanFieldSpec.given). */
  private readonly given: Uint8Array;
  /** Per CSV field: its float64 output array (an empty one for other kinds), for the hot loop. */
  private readonly f64s: Float64Array[];
  /** Per CSV field with K_TSPARTS: the builders of its parts. */
  private readonly partsByField: (Builder[] | null)[];
  private readonly builders: Builder[] = [];
  /** Dictionaries taken from the thread's cache, given back by release(). */
  private readonly shared: { key: string; dict: ByteDictionary; bound: number }[] = [];
  private readonly nullTokens: readonly Uint8Array[];
  private readonly dateErrorsNull: boolean;
  private readonly skipBadLines: boolean;
  private scratch = new Uint8Array(1024);
  /** 1 for the bytes that end an unquoted field's scan: the delimiter, CR, LF and `"` (an error). */
  private readonly stop: Uint8Array;
  /** 1 at each length some null token has. */
  private readonly nullLens: Uint8Array;
  private readonly lossyUtf8: boolean;
  private readonly quote: number;
  /** The escape character inside quoted fields (`\"`), or -1. */
  private readonly esc: number;
  /** Lines starting with these bytes are skipped (the dialect's comment prefix); null: none. */
  private readonly comment: Uint8Array | null;
  private readonly strictQuotes: boolean;
  /** The decimal separator byte (`.` unless decimal: ','). */
  private readonly dec: number;
  /** Thousands separator byte, or -1. */
  private readonly thousands: number;
  private readonly trailing: boolean;
  private readonly pad: boolean;
  /**
   * A file of one column reads a blank line as a row whose value is null (as DuckDB and Polars
   * do: written out, such a row is an empty line); with more columns blank lines are skipped.
   */
  private readonly blankRows: boolean;
  private numScratch = new Uint8Array(64);
  /** The buffer of the current scan() call (for re-reading a whole row when a value is bad). */
  private buf: Uint8Array = EMPTY_U8;
  private end = 0;
  private eof = false;
  /** The parser specialised to this scan's field kinds (fast-rows.ts), null when it has none or was turned off. */
  private fast: FastRows | null = null;
  private readonly fastOut = new Int32Array(2);
  /** The fast parser finds fields through a structural index (fast-rows-indexed.ts). */
  private readonly indexed: boolean;
  private readonly fastTables: FastTables;
  /** The row start the fast parser last gave back (the general loop parses that row). */
  private bailAt = -1;
  /** Rows the fast parser parsed, and rows it gave back: mostly given back turns it off. */
  private fastRows = 0;
  private fastBails = 0;

  /** Rows parsed by the specialised parser so far (the rest went through the general loop). */
  get rowsParsedFast(): number {
    return this.fastRows;
  }

  constructor(opts: ScanRowsOptions) {
    this.capacity = opts.batchRows;
    this.nFields = opts.nFields;
    this.delim = opts.delimiter;
    this.nullTokens = opts.nullTokens;
    this.dateErrorsNull = opts.dateErrorsNull;
    this.skipBadLines = opts.skipBadLines ?? false;
    this.lossyUtf8 = opts.lossyUtf8 ?? false;
    const d = opts.dialect;
    this.quote = d ? d.quote.charCodeAt(0) : QUOTE;
    this.comment = d?.comment ? new TextEncoder().encode(d.comment) : null;
    this.esc = d?.escape ? d.escape.charCodeAt(0) : -1;
    this.strictQuotes = d?.strictQuotes ?? false;
    this.dec = d?.decimal === ',' ? 0x2c : 0x2e;
    this.thousands = d?.thousands ? d.thousands.charCodeAt(0) : -1;
    this.trailing = d?.trailingDelimiter ?? false;
    this.pad = opts.padShortRows ?? false;
    this.blankRows = opts.nFields === 1;
    this.kinds = new Uint8Array(opts.nFields);
    this.nullLens = nullTokenLengths(opts.nullTokens);
    this.stop = new Uint8Array(256);
    for (const b of [opts.delimiter, LF, CR, this.quote]) this.stop[b] = 1;
    this.byField = new Array(opts.nFields).fill(null);
    this.given = new Uint8Array(opts.nFields);
    for (const spec of opts.fields) if (spec.given) this.given[spec.index] = 1;
    this.f64s = Array.from({ length: opts.nFields }, () => EMPTY_F64);
    this.partsByField = new Array(opts.nFields).fill(null);
    for (const spec of opts.fields) {
      if (spec.parts && spec.parts.length > 0) {
        this.kinds[spec.index] = K_TSPARTS;
        const src = { name: spec.name, dtype: spec.dtype };
        this.partsByField[spec.index] = spec.parts.map((part) => this.newBuilder(partColumnName(src.name, part), part === 'date' ? 'date' : 'int64', part, src.dtype));
        this.byField[spec.index] = this.newBuilder(spec.name, spec.dtype, null, spec.dtype, true);
      } else {
        this.kinds[spec.index] = kindOf(spec.dtype);
        const b = this.newBuilder(spec.name, spec.dtype, null, spec.dtype);
        b.carried = spec.carried === true;
        this.byField[spec.index] = b;
        if (b.dict !== null && opts.shareDictionaries) {
          const key = dictionaryKey(spec.name, spec.index, this.lossyUtf8);
          b.key = key;
          b.maxDictionary = spec.maxDictionary ?? MAX_DICT_ENTRIES;
          // a column estimated past its bound starts with a dictionary per batch (it grew one to
          // that bound, rehashing all the way, before its first partition was done)
          if (isDistinct(key) || (spec.distinct ?? 0) > b.maxDictionary) {
            b.distinct = true;
            b.dict = this.batchValues(b);
          } else {
            const dict = takeDictionary(key, this.lossyUtf8, spec.distinct, b.maxDictionary);
            b.dict = dict;
            this.shared.push({ key, dict, bound: b.maxDictionary });
          }
        }
        const format = opts.dateFormats?.[spec.name];
        if (format !== undefined && (spec.dtype === 'timestamp' || spec.dtype === 'date')) {
          this.kinds[spec.index] = K_FORMAT;
          b.dict = new ByteDictionary(1024, this.lossyUtf8);
          b.fmt = { format, parse: dateFormatParser(format), ms: [] };
        } else if (b.f64) this.f64s[spec.index] = b.f64;
      }
    }
    // the indexed variant where fields are skipped (each then costs one load); plain rows scan their bytes once anyway
    const skipped = this.kinds.reduce((n, k) => n + (k === K_SKIP ? 1 : 0), 0);
    this.indexed = opts.specialise === 'indexed' || (opts.specialise !== 'plain' && skipped >= 2 && structuralIndexAvailable());
    this.fast = opts.specialise === false ? null : compileFastRows({
      kinds: this.kinds,
      parts: opts.fields.reduce<(DtField[] | null)[]>((acc, spec) => { acc[spec.index] = spec.parts && spec.parts.length > 0 ? spec.parts : null; return acc; }, new Array(opts.nFields).fill(null)),
      delimiter: this.delim, quote: this.quote, decimal: this.dec, trailingDelimiter: this.trailing,
      comment: this.comment ? this.comment[0] : -1, escape: this.esc,
    }, this.indexed);
    this.fastTables = fastTables(this.stop, this.nullLens, this.nullTokens);
  }

  /**
   * The row limit of a parser's first call on this thread (its next calls go on from there): the
   * code after its row loop (the text columns' interning, the results) then runs with type
   * feedback before V8 compiles the loop on the stack. Compiled during a long first call, that
   * code had none, and every later call entered the cached loop code and bailed out after it
   * ("insufficient type feedback", ~470 times in the lineitem benchmark) until the function was
   * compiled again: 3–4 compiles of 20–55 ms a worker for a 16-column file, where one for the
   * loop and one for the function do. V8 allocates a function's feedback only after it has run
   * about 8× its bytecode, so the first call parses some rows rather than none.
   */
  private primeFast(n: number, cap: number): number {
    primed.add(this.fast!);
    return Math.min(cap, n + FIRST_CALL_ROWS);
  }

  private newBuilder(name: string, dtype: DType, part: DtField | null, _src: DType, hidden = false): Builder {
    const cap = hidden ? 0 : this.capacity;
    const b: Builder = {
      name, dtype, part,
      f64: dtype === 'int64' || dtype === 'float64' || dtype === 'timestamp' ? new Float64Array(cap) : null,
      i32: dtype === 'string' || dtype === 'date' ? new Int32Array(cap) : null,
      u8: dtype === 'bool' ? new Uint8Array(cap) : null,
      big: null,
      valid: new Uint8Array(cap).fill(1),
      hasNull: false,
      dict: dtype === 'string' ? new ByteDictionary(1024, this.lossyUtf8) : null,
      later: dtype === 'string' ? new InternBatch() : null,
      distinct: false,
      maxDictionary: MAX_DICT_ENTRIES,
      carried: false,
      key: null,
      fmt: null,
    };
    if (!hidden) this.builders.push(b);
    return b;
  }

  /** The batch parsed so far, as columns (views valid until the next scan), then resets. */
  takeBatch(): ScanOutput[] {
    const n = this.n;
    const out: ScanOutput[] = [];
    for (const b of this.builders) {
      const values = b.big ? b.big.subarray(0, n) : b.f64 ? b.f64.subarray(0, n) : b.i32 ? b.i32.subarray(0, n) : b.u8!.subarray(0, n);
      const valid = b.hasNull ? b.valid.subarray(0, n) : null;
      out.push({ name: b.name, dtype: b.dtype, column: { dtype: b.dtype, length: n, values, valid, dict: b.dict && b.fmt === null ? b.dict.strings : undefined } });
    }
    return out;
  }

  /** Gives the shared dictionaries back to the thread's cache; the scanner is not used after. */
  release(): void {
    for (const { key, dict, bound } of this.shared) giveDictionary(key, dict, bound);
    this.shared.length = 0;
  }

  /**
   * Starts a new batch; call after the previous batch's columns are consumed. A string column's
   * dictionary is shared by the partition's batches, except past its bound (a column of
   * mostly distinct values: timestamps as text, ids): from then on each batch has its own small
   * one (`distinct`), so a partition holds at most that many strings, their bytes and their
   * hash table at once, and interning stays within a batch-sized table.
   */
  resetBatch(): void {
    for (const b of this.builders) {
      if (b.hasNull) { b.valid.fill(1); b.hasNull = false; }
      if (b.dict === null || b.fmt !== null) continue;
      if (b.distinct) b.dict.clear();
      else if (b.dict.size > b.maxDictionary) {
        b.distinct = true;
        b.dict = this.batchValues(b);
        if (b.key !== null) markDistinct(b.key);
      }
    }
    this.n = 0;
  }

  /** A `distinct` column's values of one batch: a batch-sized dictionary, or its rows' strings if nothing compares them. */
  private batchValues(b: Builder): TextValues {
    return b.carried ? new RowStrings(this.lossyUtf8) : new ByteDictionary(this.capacity, this.lossyUtf8);
  }

  scan(buf: Uint8Array, pos: number, end: number, eof: boolean, stopAt: number): number {
    this.buf = buf;
    this.end = end;
    this.eof = eof;
    let p = pos;
    for (;;) {
      try {
        return this.scanRows(buf, p, end, eof, stopAt);
      } catch (err) {
        if (!(err instanceof RowSignal)) throw err;
        // a bad value in a row that turned out to have the wrong number of fields
        this.n = err.n;
        this.rollback(err.n);
        const next = err.found < 0 ? -1 : skipRow(buf, this.rowStart, end, eof, this.delim, this.quote, this.esc);
        if (next < 0) { this.status = ST_NEED; return this.rowStart; }
        this.ragged(this.rowStart, err.found, buf, end, err.n);
        p = next;
      }
    }
  }

  private scanRows(buf: Uint8Array, pos: number, end: number, eof: boolean, stopAt: number): number {
    const kinds = this.kinds;
    const nf = this.nFields;
    const delim = this.delim;
    const cap = this.capacity;
    const byField = this.byField;
    const f64s = this.f64s;
    const stop = this.stop;
    const quote = this.quote;
    const dec = this.dec;
    const comment = this.comment;
    const fast = this.fast;
    const blankRows = this.blankRows;
    // rows wholly before the last line feed can take the fast parser: none of its loops passes a line feed
    const safeEnd = fast === null || end === 0 ? 0 : buf.lastIndexOf(LF, end - 1) + 1;
    let n = this.n;
    let p = pos;
    let status = ST_DONE;
    // the structural index of buf[idxBase, idxEnd): whole rows, at most INDEX_BYTES, built when the fast
    // parser first needs it in this call (the buffer changes between scan calls)
    let idx: StructuralIndex | null = null;
    let idxBase = 0;
    let idxEnd = 0;
    let idxK = 0;
    let idxNext = -1;
    rows: for (;;) {
      if (n >= cap) { status = ST_FULL; break; }
      if (p >= stopAt) { status = ST_DONE; break; }
      if (p >= end) { status = eof ? ST_DONE : ST_NEED; break; }
      if (p < safeEnd && p !== this.bailAt && this.fast !== null) {
        // a parser's first call on this thread stops after a few rows (FIRST_CALL_ROWS), and
        // takes its rare paths too (primeTables)
        const priming = !primed.has(this.fast);
        const capNow = priming ? this.primeFast(n, cap) : cap;
        primeTables(this.fastTables, priming, p);
        let q = p;
        if (this.indexed) {
          if (idx === null || p >= idxEnd) {
            idxEnd = safeEnd - p > INDEX_BYTES ? buf.lastIndexOf(LF, p + INDEX_BYTES - 1) + 1 : safeEnd;
            // rows starting at stopAt or later are the next range's: index up to the line feed after it
            // (INDEX_BYTES past a range's end: db-benchmark q3 read as 116 ranges of 4 MB indexed ~60 ms more)
            if (stopAt < idxEnd) {
              const lf = buf.indexOf(LF, Math.max(p, stopAt - 1));
              if (lf >= 0 && lf + 1 < idxEnd) idxEnd = lf + 1;
            }
            idx = idxEnd > p ? buildStructuralIndex(buf, p, idxEnd, this.delim, this.quote) : null;
            idxBase = p;
            idxK = 0;
          } else if (p !== idxNext) idxK = lowerBound(idx.positions, idx.count, p - idxBase);
          // no line feed within INDEX_BYTES (a row that long): the general loop takes it
          if (idx !== null) {
            q = this.fast(this.byField, this.partsByField, buf, p, idxEnd, stopAt, n, capNow, this.fastOut, this.fastTables, idx.positions, idxK, idxBase);
            idxK = this.fastOut[1];
            idxNext = q;
          }
        } else {
          q = this.fast(this.byField, this.partsByField, buf, p, safeEnd, stopAt, n, capNow, this.fastOut, this.fastTables);
        }
        if (q !== p) {
          this.fastRows += this.fastOut[0] - n;
          n = this.fastOut[0];
          p = q;
          continue;
        }
        // a row the fast parser does not take: the general loop below parses it
        this.bailAt = p;
        this.rollback(n);
        if (++this.fastBails > 1024 && this.fastBails * 4 > this.fastRows) this.fast = null;
      }
      let c = buf[p];
      if (c === LF && !blankRows) { p++; continue; }
      if (c === CR && !blankRows) {
        if (p + 1 < end) { p += buf[p + 1] === LF ? 2 : 1; continue; }
        if (!eof) { status = ST_NEED; break; }
        p++;
        continue;
      }
      if (comment !== null && c === comment[0]) {
        const after = skipComment(buf, p, end, eof, comment);
        if (after < 0) { status = ST_NEED; break; }
        if (after > p) { p = after; continue; }
      }
      const rowStart = p;
      this.rowStart = rowStart;
      for (let f = 0; f < nf; f++) {
        const kind = kinds[f];
        if (kind === K_SKIP) {
          if (p < end && buf[p] === quote) {
            p = this.slowField(f, buf, p, end, eof, n);
            if (p < 0) { p = rowStart; status = ST_NEED; this.rollback(n); break rows; }
          } else {
            while (p < end && stop[buf[p]] === 0) p++;
            if (p < end && buf[p] === quote) p = this.literalQuotes(f, buf, p, end);
          }
        } else if (kind === K_INT) {
          const fs = p;
          let neg = false;
          if (p < end && buf[p] === 0x2d) { neg = true; p++; }
          let v = 0;
          let nd = 0;
          while (p < end) {
            const d = buf[p] - 48;
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
            p++;
            nd++;
          }
          if (nd > 0 && nd <= 15 && (p < end ? isTerm(buf[p], delim) : eof)) {
            f64s[f][n] = neg ? 0 - v : v; // an integer -0 is 0
          } else {
            p = this.slowField(f, buf, fs, end, eof, n);
            if (p < 0) { p = rowStart; status = ST_NEED; this.rollback(n); break rows; }
          }
        } else if (kind === K_FLOAT) {
          const fs = p;
          let neg = false;
          if (p < end && buf[p] === 0x2d) { neg = true; p++; }
          let v = 0;
          let nd = 0;
          let frac = 0;
          while (p < end) {
            const d = buf[p] - 48;
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
            p++;
            nd++;
          }
          if (p < end && buf[p] === dec) {
            p++;
            while (p < end) {
              const d = buf[p] - 48;
              if (d < 0 || d > 9) break;
              v = v * 10 + d;
              p++;
              frac++;
            }
          }
          if (nd + frac > 0 && nd + frac <= 15 && (p < end ? isTerm(buf[p], delim) : eof)) {
            const x = frac === 0 ? v : v / POW10[frac];
            f64s[f][n] = neg ? -x : x;
          } else {
            p = this.slowField(f, buf, fs, end, eof, n);
            if (p < 0) { p = rowStart; status = ST_NEED; this.rollback(n); break rows; }
          }
        } else if ((kind === K_TSPARTS || kind === K_TS) && p + 19 <= end && isPlainTimestamp(buf, p) && (p + 19 < end ? isTerm(buf[p + 19], delim) : eof)) {
          // digits are checked by isPlainTimestamp; DIGIT maps a byte to its value
          const y = DIGIT[buf[p]] * 1000 + DIGIT[buf[p + 1]] * 100 + DIGIT[buf[p + 2]] * 10 + DIGIT[buf[p + 3]];
          const mo = DIGIT[buf[p + 5]] * 10 + DIGIT[buf[p + 6]];
          const d = DIGIT[buf[p + 8]] * 10 + DIGIT[buf[p + 9]];
          const h = DIGIT[buf[p + 11]] * 10 + DIGIT[buf[p + 12]];
          const mi = DIGIT[buf[p + 14]] * 10 + DIGIT[buf[p + 15]];
          const s = DIGIT[buf[p + 17]] * 10 + DIGIT[buf[p + 18]];
          if (mo < 1 || mo > 12 || d < 1 || (d > 28 && !isValidCivil(y, mo, d)) || h > 23 || mi > 59 || s > 59) {
            p = this.slowField(f, buf, p, end, eof, n);
            if (p < 0) { p = rowStart; status = ST_NEED; this.rollback(n); break rows; }
          } else {
            tsParts[0] = y; tsParts[1] = mo; tsParts[2] = d; tsParts[3] = h; tsParts[4] = mi; tsParts[5] = s; tsParts[6] = 0; tsParts[7] = 0;
            if (kind === K_TS) byField[f]!.f64![n] = partsToMs(0);
            else this.storeParts(f, n, 0);
            p += 19;
          }
        } else {
          p = this.slowField(f, buf, p, end, eof, n);
          if (p < 0) { p = rowStart; status = ST_NEED; this.rollback(n); break rows; }
        }
        // the field's terminator
        if (p >= end) {
          if (!eof) { p = rowStart; status = ST_NEED; this.rollback(n); break rows; }
          if (f < nf - 1) {
            if (this.pad) { this.padRow(f + 1, n); n++; continue rows; }
            this.ragged(rowStart, f + 1, buf, end, n);
            continue rows; // skipped (onBadLines): p is at the end
          }
          break;
        }
        c = buf[p];
        if (f < nf - 1) {
          if (c === delim) { p++; continue; }
          p += c === CR && p + 1 < end && buf[p + 1] === LF ? 2 : 1;
          if (this.pad) { this.padRow(f + 1, n); n++; continue rows; }
          this.ragged(rowStart, f + 1, buf, end, n);
          continue rows;
        } else if (c === LF) {
          p++;
        } else if (c === CR) {
          p++;
          if (p < end && buf[p] === LF) p++;
        } else if (c === delim && this.trailing && (p + 1 >= end || buf[p + 1] === LF || buf[p + 1] === CR)) {
          // the row ends with a delimiter (trailingDelimiter): one empty field that is not a column
          if (p + 1 >= end && !eof) { p = rowStart; status = ST_NEED; this.rollback(n); break rows; }
          p++;
          if (p < end) p += buf[p] === CR && p + 1 < end && buf[p + 1] === LF ? 2 : 1;
        } else {
          if (!this.skipBadLines) this.raggedError(rowStart, -1, buf, end);
          const next = skipRow(buf, p, end, eof, delim, this.quote, this.esc);
          if (next < 0) { p = rowStart; status = ST_NEED; this.rollback(n); break rows; }
          this.ragged(rowStart, -1, buf, end, n);
          p = next;
          continue rows;
        }
      }
      n++;
    }
    this.n = n;
    this.status = status;
    return p;
  }

  private rollback(n: number): void {
    for (const b of this.builders) if (b.hasNull) b.valid[n] = 1;
  }

  /** The general path for one field: finds its extent (quote-aware) and stores its value. */
  private slowField(f: number, buf: Uint8Array, p: number, end: number, eof: boolean, n: number): number {
    const delim = this.delim;
    let s: number;
    let e: number;
    let quoted = false;
    let src = buf;
    const quote = this.quote;
    if (p < end && buf[p] === quote) {
      // quote: '' stands as a NUL: one met here is binary data, not an opening quote
      if (quote === 0) throw new FieldError('a NUL byte (binary data, not text)', this.rowStart, this.fieldName(f), undefined, 'the file is not CSV text past this point; check how it was written');
      let q = p + 1;
      let escaped = false;
      const esc = this.esc;
      for (;;) {
        const k = buf.indexOf(quote, q);
        if (esc >= 0) {
          // an escape character before the next quote: `\"` and `\\` are one character
          const x = buf.indexOf(esc, q);
          if (x >= 0 && x < end && (k < 0 || x < k)) {
            if (x + 1 >= end) {
              if (!eof) return -1;
              q = x + 1;
              continue;
            }
            if (buf[x + 1] === quote || buf[x + 1] === esc) { escaped = true; q = x + 2; continue; }
            q = x + 1;
            continue;
          }
        }
        if (k < 0 || k >= end) {
          if (!eof) return -1;
          throw new FieldError('unterminated quoted field: a `"` opens a field that never closes', this.rowStart, this.fieldName(f), undefined, 'close the quote, or double a literal quote inside a quoted field ("")');
        }
        if (k + 1 < end && buf[k + 1] === quote) { escaped = true; q = k + 2; continue; }
        if (k + 1 >= end && !eof) return -1;
        s = p + 1;
        e = k;
        p = k + 1;
        break;
      }
      if (p < end && !isTerm(buf[p], delim)) {
        // spaces between a closing quote and the delimiter (`"onions"  ,`) are dropped, as DuckDB does
        const t = afterSpaces(buf, p, end, delim);
        if (t >= end && !eof) return -1;
        if (t > p && (t >= end || isTerm(buf[t], delim))) p = t;
      }
      if (p < end && !isTerm(buf[p], delim)) {
        throw new FieldError(`unexpected character ${JSON.stringify(String.fromCharCode(buf[p]))} after a closing quote`, this.rowStart, this.fieldName(f), utf8.decode(buf.subarray(s, Math.min(end, p + 1))), AFTER_QUOTE_HINT);
      }
      quoted = true;
      if (escaped) {
        const len = e - s;
        if (this.scratch.length < len) this.scratch = new Uint8Array(len * 2);
        let j = 0;
        for (let i = s; i < e; i++) {
          const c = buf[i];
          if (c === esc && i + 1 < e && (buf[i + 1] === quote || buf[i + 1] === esc)) i++;
          this.scratch[j++] = buf[i];
          if (c === quote) i++;
        }
        src = this.scratch;
        s = 0;
        e = j;
      }
    } else {
      s = p;
      const stop = this.stop;
      while (p < end && stop[buf[p]] === 0) p++;
      if (p < end && buf[p] === quote) p = this.literalQuotes(f, buf, p, end);
      if (p >= end && !eof) return -1;
      e = p;
    }
    if (this.kinds[f] !== K_SKIP) this.store(f, src, s, e, quoted, n);
    return p;
  }

  private store(f: number, buf: Uint8Array, s: number, e: number, quoted: boolean, n: number): void {
    const kind = this.kinds[f];
    const b = this.byField[f]!;
    if (kind === K_STRING) {
      if (!quoted && this.isNullToken(buf, s, e)) return this.setNull(f, n);
      try {
        b.i32![n] = b.dict!.intern(buf, s, e);
      } catch (err) {
        if (!(err instanceof TypeError)) throw err;
        throw new FieldError('invalid UTF-8 bytes in a text value', this.rowStart, b.name, Buffer.from(buf.subarray(s, e)).toString('latin1'),
          "fix the file's encoding (floe reads UTF-8), or pass encoding: 'latin1' (--encoding latin1) for a Windows or Excel export (é as one byte), or encoding: 'utf8-lossy' (--encoding utf8-lossy) to replace invalid bytes with U+FFFD");
      }
      return;
    }
    if ((quoted && s === e) || (!quoted && this.isNullToken(buf, s, e)) || (quoted && s !== e && this.isNullToken(buf, s, e))) {
      return this.setNull(f, n);
    }
    if (kind === K_INT || kind === K_BIGINT || kind === K_FLOAT || kind === K_BOOL) {
      // "  5", "1.234,5" (decimal: ','), "1,234" (thousands: ','): the fast path left them here
      const ns = this.cleanNumber(buf, s, e, kind !== K_BOOL);
      if (ns >= 0) {
        if (ns === this.numEnd) return this.setNull(f, n);
        this.origin = buf; this.originS = s; this.originE = e;
        buf = this.numScratch; s = ns; e = this.numEnd;
      } else this.origin = null;
    }
    switch (kind) {
      case K_FORMAT: return this.storeFormatted(f, buf, s, e, n);
      case K_INT: case K_BIGINT: {
        const v = parseSmallInt(buf, s, e);
        if (!Number.isNaN(v)) {
          if (kind === K_INT) b.f64![n] = v;
          else b.big![n] = BigInt(v);
          return;
        }
        const big = parseBigInt(buf, s, e);
        if (big === null) throw this.typeError(f, buf, s, e, 'int64', n);
        if (big > I64_MAX || big < I64_MIN) {
          this.checkRowWidth(n);
          throw new FieldError('integer out of the int64 range', this.rowStart, b.name, utf8.decode(buf.subarray(s, e)), `read the column as float64 or string: dtypes: { ${JSON.stringify(b.name)}: 'float64' }, or onTypeMismatch: 'widen' (--on-type-mismatch widen)`, 'float64');
        }
        if (kind === K_INT) this.widen(f, n);
        b.big![n] = big;
        return;
      }
      case K_FLOAT: {
        const v = parseFloatBytes(buf, s, e);
        // `NaN` itself (a null token by default; a value when nullValues leaves it out)
        if (Number.isNaN(v) && !isNanText(buf, s, e)) throw this.typeError(f, buf, s, e, 'float64', n);
        b.f64![n] = v;
        return;
      }
      case K_BOOL: {
        const v = parseBool(buf, s, e);
        if (v < 0) throw this.typeError(f, buf, s, e, 'bool', n);
        b.u8![n] = v;
        return;
      }
      case K_TS: case K_DATE: case K_TSPARTS: {
        const off = parseTimestampParts(buf, s, e);
        if (Number.isNaN(off)) {
          if (this.dateErrorsNull) return this.setNull(f, n);
          throw new FieldError(`value is not an ISO date/time (${b.dtype})`, this.rowStart, b.name, utf8.decode(buf.subarray(s, e)),
            `dates must look like 2024-01-31 or 2024-01-31 13:45:00[.123][Z|+01:00]; pass dateErrors: 'null' (--date-errors null) to read unparseable dates as null, or read the column as a string`);
        }
        if (kind === K_TS) b.f64![n] = partsToMs(off);
        else if (kind === K_DATE) {
          // a time of day (or a zone) does not fit a date the sample inferred: dropping it was a silent loss
          if (this.given[f] === 0 && (off !== 0 || (tsParts[3] | tsParts[4] | tsParts[5] | tsParts[6] | tsParts[7]) !== 0)) throw this.typeError(f, buf, s, e, 'date', n, 'timestamp');
          b.i32![n] = daysFromCivil(tsParts[0], tsParts[1], tsParts[2]);
        }
        else this.storeParts(f, n, off);
        return;
      }
    }
  }

  /** A date in a user format: the text is interned, and parsed only the first time it is seen. */
  private storeFormatted(f: number, buf: Uint8Array, s: number, e: number, n: number): void {
    const b = this.byField[f]!;
    const fmt = b.fmt!;
    const code = b.dict!.intern(buf, s, e);
    if (code === fmt.ms.length) fmt.ms.push(fmt.parse(b.dict!.strings[code]));
    const ms = fmt.ms[code];
    if (Number.isNaN(ms)) {
      if (this.dateErrorsNull) return this.setNull(f, n);
      this.checkRowWidth(n);
      throw new FieldError(`value does not match the date format ${JSON.stringify(fmt.format)}`, this.rowStart, b.name, b.dict!.strings[code],
        `fix the format (dayjs tokens: YYYY YY M MM MMM D DD H HH h A mm ss SSS), or pass dateErrors: 'null' (--date-errors null) to read non-matching values as null`);
    }
    if (b.i32) b.i32[n] = Math.floor(ms / MS_PER_DAY);
    else b.f64![n] = ms;
  }

  private storeParts(f: number, n: number, offsetMinutes: number): void {
    const parts = this.partsByField[f]!;
    if (offsetMinutes !== 0 || tsParts[3] === 24) {
      // normalise to UTC (and 24:00 to the next midnight) before taking calendar parts
      const ms = partsToMs(offsetMinutes);
      const days = Math.floor(ms / MS_PER_DAY);
      const rem = ms - days * MS_PER_DAY;
      splitDays(days);
      tsParts[3] = Math.floor(rem / 3_600_000);
      tsParts[4] = Math.floor(rem / 60_000) % 60;
      tsParts[5] = Math.floor(rem / 1000) % 60;
    }
    for (let k = 0; k < parts.length; k++) {
      const b = parts[k];
      switch (b.part) {
        case 'year': b.f64![n] = tsParts[0]; break;
        case 'month': b.f64![n] = tsParts[1]; break;
        case 'day': b.f64![n] = tsParts[2]; break;
        case 'hour': b.f64![n] = tsParts[3]; break;
        case 'minute': b.f64![n] = tsParts[4]; break;
        case 'second': b.f64![n] = tsParts[5]; break;
        case 'weekday': b.f64![n] = weekdayOfDays(daysFromCivil(tsParts[0], tsParts[1], tsParts[2])); break;
        case 'date': b.i32![n] = daysFromCivil(tsParts[0], tsParts[1], tsParts[2]); break;
      }
    }
  }

  /** An empty field or one of the null tokens (lengths checked first: most fields skip the compare). */
  private isNullToken(buf: Uint8Array, s: number, e: number): boolean {
    const len = e - s;
    if (len >= this.nullLens.length || this.nullLens[len] === 0) return len === 0;
    return matchesNullToken(buf, s, e, this.nullTokens, true);
  }

  private setNull(f: number, n: number): void {
    const list = this.kinds[f] === K_TSPARTS ? this.partsByField[f]! : [this.byField[f]!];
    for (const b of list) {
      b.valid[n] = 0;
      b.hasNull = true;
      if (b.f64) b.f64[n] = 0;
      else if (b.i32) b.i32[n] = 0;
      else if (b.u8) b.u8[n] = 0;
      if (b.big) b.big[n] = 0n;
    }
  }

  /** Switches an int64 column to exact BigInt storage once a value needs more than 53 bits. */
  private widen(f: number, n: number): void {
    const b = this.byField[f]!;
    b.big = new BigInt64Array(this.capacity);
    for (let i = 0; i < n; i++) b.big[i] = BigInt(b.f64![i]);
    this.kinds[f] = K_BIGINT;
    this.fast = null; // compiled for the int64 kind
  }

  /** Where the value being converted came from, when cleanNumber rewrote it. */
  private origin: Uint8Array | null = null;
  private originS = 0;
  private originE = 0;
  private numEnd = 0;

  /**
   * Trims spaces and tabs and (for numbers) applies the thousands and decimal separators into
   * numScratch[start, numEnd); returns start, or -1 when the value needs no change.
   */
  private cleanNumber(buf: Uint8Array, s: number, e: number, number: boolean): number {
    let a = s;
    let b = e;
    while (a < b && (buf[a] === 0x20 || buf[a] === 0x09)) a++;
    while (b > a && (buf[b - 1] === 0x20 || buf[b - 1] === 0x09)) b--;
    const fix = number && (this.thousands >= 0 || this.dec !== 0x2e);
    if (a === s && b === e && !fix) return -1;
    if (this.numScratch.length < b - a) this.numScratch = new Uint8Array(2 * (b - a));
    const out = this.numScratch;
    let j = 0;
    for (let i = a; i < b; i++) {
      const c = buf[i];
      if (!fix) out[j++] = c;
      else if (c === this.thousands) continue;
      else if (c === this.dec) out[j++] = 0x2e;
      else out[j++] = c === 0x2e ? 0x78 : c; // a point where the decimal is a comma: not a number
    }
    this.numEnd = j;
    return 0;
  }

  private typeError(f: number, buf: Uint8Array, s: number, e: number, dtype: DType, n: number, wider?: DType): FieldError {
    this.checkRowWidth(n);
    const to: DType = wider ?? (dtype === 'int64' && !Number.isNaN(parseFloatBytes(buf, s, e)) ? 'float64' : 'string');
    if (this.origin) { buf = this.origin; s = this.originS; e = this.originE; }
    const name = this.byField[f]!.name;
    const value = utf8.decode(buf.subarray(s, e));
    let hint = `fix: readCsv(..., { dtypes: { ${JSON.stringify(name)}: '${to}' } }) or --dtype ${name}=${to}, or onTypeMismatch: 'widen' (--on-type-mismatch widen)`;
    // "1,102" in a column of numbers: a thousands separator the sample did not show
    const grouped = (dtype === 'int64' || dtype === 'float64') && this.thousands < 0 ? /^\s*-?\d{1,3}([,.' ])\d{3}(\1\d{3})*([.,]\d+)?\s*$/.exec(value) : null;
    if (grouped !== null && grouped[1] !== String.fromCharCode(this.dec)) hint = `it looks like a number with thousands separators: pass thousands: '${grouped[1]}' (--thousands '${grouped[1]}'); or ${hint}`;
    return new FieldError(`value does not match the column's type ${dtype} (${this.given[f] === 1 ? 'given in dtypes' : 'inferred from the sampled rows'})`, this.rowStart, name, value, hint, to);
  }

  /** A value that does not convert is only a type error in a row of the right width (else it is a ragged row). */
  private checkRowWidth(n: number): void {
    const found = countFields(this.buf, this.rowStart, this.end, this.eof, this.delim, this.quote, this.esc);
    if (found < 0) throw new RowSignal(n, -1);
    const nf = this.nFields;
    if (found === nf || (this.trailing && found === nf + 1) || (this.pad && found < nf)) return;
    throw new RowSignal(n, found);
  }

  /** At a quote inside an unquoted field: an error (strictQuotes), else the position after the field's literal quotes. */
  private literalQuotes(f: number, buf: Uint8Array, p: number, end: number): number {
    if (this.strictQuotes) {
      throw new FieldError('a quote inside an unquoted field', this.rowStart, this.fieldName(f), utf8.decode(buf.subarray(this.rowStart, Math.min(buf.length, p + 1))),
        'quote the whole field and double the inner quote, e.g. "say ""hi""", or leave strictQuotes off (the default) to read it literally');
    }
    const stop = this.stop;
    const quote = this.quote;
    while (p < end && buf[p] === quote) {
      p++;
      while (p < end && stop[buf[p]] === 0) p++;
    }
    return p;
  }

  private padRow(from: number, n: number): void {
    for (let f = from; f < this.nFields; f++) if (this.byField[f] !== null) this.setNull(f, n);
  }

  /** Rows dropped by onBadLines 'skip'/'warn' in this scanner, and where the first ones start. */
  skipped = 0;
  readonly skippedAt: number[] = [];

  /** A row with the wrong number of fields: an error, or (onBadLines) dropped and counted. */
  private ragged(rowStart: number, found: number, buf: Uint8Array, end: number, n: number): void {
    if (this.skipBadLines) {
      this.rollback(n);
      this.skipped++;
      if (this.skippedAt.length < 5) this.skippedAt.push(rowStart);
      return;
    }
    this.raggedError(rowStart, found, buf, end);
  }

  private raggedError(rowStart: number, found: number, buf: Uint8Array, end: number): never {
    if (found < 0) found = Math.max(1, countFields(buf, rowStart, end, true, this.delim, this.quote, this.esc));
    const nf = this.nFields;
    let problem = `expected ${nf} fields (as in the header), found ${found}`;
    let hint = "fix the row, or pass onBadLines: 'skip' (--on-bad-lines skip) to drop such rows";
    if (found < nf) hint += ", or 'pad' (--on-bad-lines pad) to fill the missing fields with nulls";
    if (found === nf + 1 && this.trailing) {
      // the header's empty last name was taken for a trailing delimiter (its rows all ended empty in the sample)
      problem += ': its last field has a value where the header ends with a delimiter, read as a trailing one';
      hint = 'pass trailingDelimiter: false (--no-trailing-delimiter) to read that last field as a column';
    } else if (found === nf + 1 && endsWithDelimiter(buf, rowStart, end, this.delim)) {
      problem += ': the row ends with a delimiter';
      hint = 'pass trailingDelimiter: true (--trailing-delimiter) to read rows that end with a delimiter';
    } else if (buf[rowStart] === 0x23 && this.comment === null) {
      problem += ': the line starts with #';
      hint = `if # starts a comment line, pass comment: '#' (--comment '#'); else ${hint}`;
    }
    throw new FieldError(problem, rowStart, undefined, undefined, hint);
  }

  private fieldName(f: number): string | undefined {
    return this.byField[f]?.name;
  }
}

/** The most bytes one structural index covers (its memory: five times that, kept by the thread). */
const INDEX_BYTES = 1 << 20;
/** The parsers this thread has called (primeFast), and the rows of a first call. */
const primed = new WeakSet<FastRows>();
const FIRST_CALL_ROWS = 1024;

/** The first index i < count with a[i] >= x (count if none). */
function lowerBound(a: Int32Array, count: number, x: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * At a line start: the position after the line if it is a comment line (starts with `prefix`),
 * `p` itself if it is not, -1 if the buffer ends before that is known.
 */
function skipComment(buf: Uint8Array, p: number, end: number, eof: boolean, prefix: Uint8Array): number {
  for (let k = 0; k < prefix.length; k++) {
    if (p + k >= end) return eof ? p : -1;
    if (buf[p + k] !== prefix[k]) return p;
  }
  for (let q = p + prefix.length; q < end; q++) {
    const c = buf[q];
    if (c === LF) return q + 1;
    if (c === CR) {
      if (q + 1 < end) return buf[q + 1] === LF ? q + 2 : q + 1;
      return eof ? q + 1 : -1;
    }
  }
  return eof ? end : -1;
}

/**
 * From inside a row (at a field start or in an unquoted field), the position after its end;
 * -1 if the buffer ends first. A quote opens a quoted field only at a field start.
 */
function skipRow(buf: Uint8Array, p: number, end: number, eof: boolean, delim: number, quote: number, esc: number): number {
  let atStart = true;
  for (; p < end; p++) {
    const c = buf[p];
    if (c === quote && atStart) {
      const close = scanQuoted(buf, p, end, eof, quote, esc);
      if (close < 0) return eof ? end : -1;
      p = close - 1;
      atStart = false;
    } else if (c === LF) return p + 1;
    else if (c === CR) return p + 1 < end && buf[p + 1] === LF ? p + 2 : p + 1 < end || eof ? p + 1 : -1;
    else atStart = c === delim;
  }
  return eof ? end : -1;
}

/** Fields in the row starting at p (same grammar as skipRow); -1 if the buffer ends first. */
function countFields(buf: Uint8Array, p: number, end: number, eof: boolean, delim: number, quote: number, esc: number): number {
  let n = 1;
  let atStart = true;
  for (; p < end; p++) {
    const c = buf[p];
    if (c === quote && atStart) {
      const close = scanQuoted(buf, p, end, eof, quote, esc);
      if (close < 0) return eof ? n : -1;
      p = close - 1;
      atStart = false;
    } else if (c === LF || c === CR) return n;
    else if (c === delim) { n++; atStart = true; } else atStart = false;
  }
  return eof ? n : -1;
}

function endsWithDelimiter(buf: Uint8Array, p: number, end: number, delim: number): boolean {
  let e = p;
  while (e < end && buf[e] !== LF && buf[e] !== CR) e++;
  return e > p && buf[e - 1] === delim;
}

function isTerm(c: number, delim: number): boolean {
  return c === delim || c === LF || c === CR;
}

function kindOf(dtype: DType): number {
  switch (dtype) {
    case 'int64': return K_INT;
    case 'float64': return K_FLOAT;
    case 'string': return K_STRING;
    case 'timestamp': return K_TS;
    case 'date': return K_DATE;
    case 'bool': return K_BOOL;
  }
}

const EMPTY_F64 = new Float64Array(0);
const EMPTY_U8 = new Uint8Array(0);


/** `YYYY-MM-DD HH:MM:SS` (or with `T`) with all digits where digits belong. */
function isPlainTimestamp(b: Uint8Array, p: number): boolean {
  if (b[p + 4] !== 0x2d || b[p + 7] !== 0x2d || b[p + 13] !== 0x3a || b[p + 16] !== 0x3a) return false;
  const sep = b[p + 10];
  if (sep !== 0x20 && sep !== 0x54) return false;
  const any = DIGIT[b[p]] | DIGIT[b[p + 1]] | DIGIT[b[p + 2]] | DIGIT[b[p + 3]] | DIGIT[b[p + 5]] | DIGIT[b[p + 6]]
    | DIGIT[b[p + 8]] | DIGIT[b[p + 9]] | DIGIT[b[p + 11]] | DIGIT[b[p + 12]] | DIGIT[b[p + 14]] | DIGIT[b[p + 15]]
    | DIGIT[b[p + 17]] | DIGIT[b[p + 18]];
  return (any & 0xf0) === 0;
}

const splitOut = new Int32Array(3);
function splitDays(days: number): void {
  // civil date of a day number into tsParts[0..2]
  civilFromDays(days, splitOut);
  tsParts[0] = splitOut[0];
  tsParts[1] = splitOut[1];
  tsParts[2] = splitOut[2];
}

/** true/false in any case → 1/0; -1 if not a boolean. */
export function parseBool(b: Uint8Array, s: number, e: number): number {
  const len = e - s;
  const lower = (i: number): number => b[s + i] | 0x20;
  if (len === 4 && lower(0) === 0x74 && lower(1) === 0x72 && lower(2) === 0x75 && lower(3) === 0x65) return 1;
  if (len === 5 && lower(0) === 0x66 && lower(1) === 0x61 && lower(2) === 0x6c && lower(3) === 0x73 && lower(4) === 0x65) return 0;
  return -1;
}

// keeps the scanner's and its builders' hidden classes across a worker's tasks (kernels/shape-anchor.ts)
anchorShape(new RowScanner({
  nFields: 2,
  fields: [{ index: 0, name: 'a', dtype: 'string' }, { index: 1, name: 'b', dtype: 'float64' }],
  delimiter: 0x2c, nullTokens: [], batchRows: 1, dateErrorsNull: false,
}));
