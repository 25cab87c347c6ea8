/**
 * The CSV dialect a scan runs with, as plain data for workers: delimiter, quote and escape
 * characters, comment prefix, number format, null tokens as bytes, and how strictly quotes and
 * row ends are read.
 *
 * Two tokenizers read a dialect. The hot path (scan-rows.ts) handles any one-byte delimiter and
 * quote, quotes escaped by doubling or by an escape character, literal quotes inside unquoted
 * fields, a trailing delimiter, comment lines and decimal/thousands separators. A
 * multi-character delimiter needs the general tokenizer (tokenize.ts): `needsGeneralTokenizer`.
 */
export const QUOTE = 0x22;
export const LF = 0x0a;
export const CR = 0x0d;

export const DEFAULT_NULL_VALUES: readonly string[] = [
  '', 'NA', 'N/A', 'n/a', 'NaN', 'nan', '-NaN', '-nan', 'NULL', 'null', 'None', '#N/A', '#NA', '<NA>', 'NA/NaN', '1.#QNAN', '-1.#QNAN',
];

export interface Dialect {
  delimiter: number;
  /** Unquoted fields equal to one of these are null (quoted fields are always values). */
  nullValues: string[];
}

/** How the text of a file is written (beyond null tokens): the user's options, resolved. */
export interface CsvDialect {
  /** One or more characters (`,` `;` `\t` `|` `||` `~|~`). */
  delimiter: string;
  /** One ASCII character that quotes a field (default `"`). */
  quote: string;
  /** Inside a quoted field, this character makes the next quote (or itself) literal; null: quotes are escaped by doubling. */
  escape: string | null;
  /** Lines starting with this prefix are skipped; null: no comment lines. */
  comment: string | null;
  /** A quote inside an unquoted field is an error (true) or a literal character (false, as DuckDB, Python csv and pandas). */
  strictQuotes: boolean;
  /** Decimal separator of numbers (`.` or `,`). */
  decimal: string;
  /** Thousands separator inside numbers, removed before parsing; null: none. */
  thousands: string | null;
  /** Each row may end with one extra delimiter (an empty last field that is not a column). */
  trailingDelimiter: boolean;
}

export const DEFAULT_DIALECT: CsvDialect = {
  delimiter: ',', quote: '"', escape: null, comment: null, strictQuotes: false, decimal: '.', thousands: null, trailingDelimiter: false,
};

/** Whether a dialect needs the general (string-making) tokenizer instead of the byte hot path. */
export function needsGeneralTokenizer(d: CsvDialect): boolean {
  return d.delimiter.length !== 1; // comments and escape characters: the hot path reads them
}

/** The options that would make the hot path refuse the dialect, for messages and `floe schema`. */
export function generalTokenizerReason(d: CsvDialect): string | null {
  if (d.delimiter.length !== 1) return `the ${d.delimiter.length}-character delimiter ${JSON.stringify(d.delimiter)}`;
  return null;
}

/** Null tokens as bytes, for byte-level matching without strings. */
export function nullTokenBytes(nullValues: readonly string[]): Uint8Array[] {
  const enc = new TextEncoder();
  return nullValues.filter((v) => v !== '').map((v) => enc.encode(v));
}

export function matchesNullToken(buf: Uint8Array, start: number, end: number, tokens: readonly Uint8Array[], emptyIsNull: boolean): boolean {
  const len = end - start;
  if (len === 0) return emptyIsNull;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    if (tok.length !== len) continue;
    let k = 0;
    while (k < len && buf[start + k] === tok[k]) k++;
    if (k === len) return true;
  }
  return false;
}

/** 1 at each length some null token has: most fields are told apart from every token by their length. */
export function nullTokenLengths(tokens: readonly Uint8Array[]): Uint8Array {
  const lens = new Uint8Array(1 + tokens.reduce((m, t) => Math.max(m, t.length), 0));
  for (const t of tokens) lens[t.length] = 1;
  return lens;
}

/**
 * 1 at `length × 256 + first byte` of each null token: a field is told apart from every token by
 * its length and first byte (the schema sample's numbers of 2–4 digits share a length with NA,
 * NaN and NULL, not a first byte).
 */
export function nullTokenHeads(tokens: readonly Uint8Array[]): Uint8Array {
  const heads = new Uint8Array(256 * (1 + tokens.reduce((m, t) => Math.max(m, t.length), 0)));
  for (const t of tokens) heads[t.length * 256 + t[0]] = 1;
  return heads;
}

/** A dialect's characters as bytes, for the tokenizers. */
export interface DialectBytes {
  delimiter: Uint8Array;
  quote: number;
  /** -1: none. */
  escape: number;
  comment: Uint8Array | null;
  strictQuotes: boolean;
}

export const RFC4180_BYTES: DialectBytes = { delimiter: Uint8Array.of(0x2c), quote: QUOTE, escape: -1, comment: null, strictQuotes: false };

export function dialectBytes(d: CsvDialect): DialectBytes {
  const enc = new TextEncoder();
  return {
    delimiter: enc.encode(d.delimiter),
    quote: d.quote.charCodeAt(0),
    escape: d.escape === null ? -1 : d.escape.charCodeAt(0),
    comment: d.comment === null ? null : enc.encode(d.comment),
    strictQuotes: d.strictQuotes,
  };
}

/** The fix for text after a closing quote: the file's quotes may be plain characters, or backslash-escaped. */
export const AFTER_QUOTE_HINT = "a quoted field must end at a delimiter or the end of the line; if quotes are plain characters in this file, pass quote: '' (--quote ''); if they are escaped with a backslash (\\\"), pass escape: '\\\\' (--escape '\\')";

/** The first position at or after p that is not a space or tab (a tab delimiter is not skipped): after a closing quote. */
export function afterSpaces(buf: Uint8Array, p: number, end: number, delim: number): number {
  while (p < end && (buf[p] === 0x20 || buf[p] === 0x09) && buf[p] !== delim) p++;
  return p;
}
