/**
 * The user's dialect options (readCsv / CLI flags), checked and resolved into a CsvDialect.
 * A bad value is a TypeError naming the option (the CLI turns it into a usage error).
 */
import { DEFAULT_DIALECT, type CsvDialect } from './dialect.js';

export interface DialectOptions {
  /** One or more characters; `\t` or `tab` for a tab. Sniffed from `,` `;` tab `|` when omitted. */
  delimiter?: string;
  quote?: string;
  escape?: string;
  comment?: string;
  strictQuotes?: boolean;
  decimal?: string;
  thousands?: string;
  trailingDelimiter?: boolean;
}

/** The delimiter as text (`\t` and `tab` mean a tab); throws on an unusable one. */
export function delimiterText(d: string): string {
  const text = d === '\\t' || d.toLowerCase() === 'tab' ? '\t' : d;
  if (text.length === 0 || text.length > 8 || /[\r\n]/.test(text)) {
    throw new TypeError(`readCsv: delimiter must be 1 to 8 characters without a newline, got ${JSON.stringify(d)}`);
  }
  return text;
}

/** The quote character of `quote: ''`: no field is quoted (`"` is a plain character). */
export const NO_QUOTE = '\u0000';

function oneChar(option: string, v: unknown): string {
  if (typeof v !== 'string' || v.length !== 1 || v.charCodeAt(0) > 127 || v === '\n' || v === '\r') {
    throw new TypeError(`readCsv: ${option} must be one ASCII character other than a newline${option === 'quote' ? " (or '' for no quoting)" : ''}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Resolves the options with a delimiter (given or sniffed); throws TypeError on a conflict. */
export function resolveDialect(opts: DialectOptions, delimiter: string): CsvDialect {
  const d: CsvDialect = { ...DEFAULT_DIALECT, delimiter };
  // quote: '' — no quoting at all (pandas' QUOTE_NONE): a byte text never holds (a NUL is refused as binary) stands for it
  if (opts.quote !== undefined) d.quote = opts.quote === '' ? NO_QUOTE : oneChar('quote', opts.quote);
  if (opts.escape !== undefined) {
    const e = oneChar('escape', opts.escape);
    d.escape = e === d.quote ? null : e; // escape = quote is the RFC 4180 default ("")
  }
  if (opts.comment !== undefined) {
    if (typeof opts.comment !== 'string' || opts.comment === '' || /[\r\n]/.test(opts.comment)) throw new TypeError(`readCsv: comment must be a non-empty prefix without a newline, e.g. '#', got ${JSON.stringify(opts.comment)}`);
    d.comment = opts.comment;
  }
  if (opts.decimal !== undefined) {
    if (opts.decimal !== '.' && opts.decimal !== ',') throw new TypeError(`readCsv: decimal must be '.' or ',', got ${JSON.stringify(opts.decimal)}`);
    d.decimal = opts.decimal;
  }
  if (opts.thousands !== undefined) {
    const t = oneChar('thousands', opts.thousands);
    if (/[0-9+\-eE]/.test(t)) throw new TypeError(`readCsv: thousands cannot be a digit, sign or exponent letter, got ${JSON.stringify(t)}`);
    if (t === d.decimal) throw new TypeError(`readCsv: thousands and decimal are both ${JSON.stringify(t)}; pass decimal: '${t === ',' ? '.' : ','}'`);
    d.thousands = t;
  }
  for (const k of ['strictQuotes', 'trailingDelimiter'] as const) {
    const v = opts[k];
    if (v !== undefined && typeof v !== 'boolean') throw new TypeError(`readCsv: ${k} must be true or false, got ${JSON.stringify(v)}`);
    if (v !== undefined) d[k] = v;
  }
  if (d.delimiter.includes(d.quote)) throw new TypeError(`readCsv: the delimiter ${JSON.stringify(d.delimiter)} contains the quote character ${JSON.stringify(d.quote)}; pass another quote: '…'`);
  if (d.delimiter === d.decimal) throw new TypeError(`readCsv: decimal is ${JSON.stringify(d.decimal)}, which is also the delimiter; numbers like 1,5 need another delimiter, e.g. delimiter: ';'`);
  return d;
}
