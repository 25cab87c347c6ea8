/**
 * String literals as DuckDB reads them, rewritten before node-sql-parser sees them — each in
 * place and to the same length, so every position the parser reports stays true:
 * - `'…'`: a backslash is a backslash. The parser read C escapes there (`'c:\new'` became a line
 *   feed, `'x\'` a quote that swallowed the rest of the query); each backslash is handed to it as
 *   `mark`, a Unicode noncharacter the query does not hold, and restoreBackslashes puts them back.
 * - `E'…'` (PostgreSQL's and DuckDB's escape strings): `\n \t \r \b \f`, `\ooo` (octal),
 *   `\xHH`, `\uXXXX`, `\UXXXXXXXX`, `\'` or `''` for a quote, and `\c` for any other c, decoded
 *   into a plain `'…'` literal followed by spaces (a decoded literal is never longer).
 * Comments and double-quoted names are left alone.
 */
import { SqlError } from './sql-error.js';
import { positionAt } from './source-text.js';

export interface PlainLiterals {
  text: string;
  /** The character standing for a backslash inside string literals of `text`. */
  mark: string;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

export function plainStringLiterals(text: string): PlainLiterals {
  const mark = unusedNoncharacter(text);
  let out = '';
  let i = 0;
  let copied = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') { i = endOf(text, '\n', i + 2); continue; }
    if (c === '/' && text[i + 1] === '*') { i = endOf(text, '*/', i + 2); continue; }
    if (c === '"') { i = quotedEnd(text, '"', i); continue; }
    if (c !== "'") { i++; continue; }
    const escaped = (text[i - 1] === 'E' || text[i - 1] === 'e') && !/[\w$"]/.test(text[i - 2] ?? '');
    const end = quotedEnd(text, "'", i, escaped);
    if (end > text.length) break; // unclosed: the parser says where
    const start = escaped ? i - 1 : i;
    const body = text.slice(i + 1, end - 1);
    const value = escaped ? decodeEscapes(body, text, i + 1) : body.replace(/''/g, "'");
    const literal = `'${value.replace(/'/g, "''").replace(/\\/g, mark)}'`;
    out += text.slice(copied, start) + literal.padEnd(end - start, ' ');
    copied = end;
    i = end;
  }
  return { text: out + text.slice(copied), mark };
}

/** Every `mark` in the parsed query's strings back to a backslash. */
export function restoreBackslashes<T>(node: T, mark: string): T {
  const walk = (n: unknown): unknown => {
    if (typeof n === 'string') return n.includes(mark) ? n.split(mark).join('\\') : n;
    if (!n || typeof n !== 'object') return n;
    if (Array.isArray(n)) {
      for (let k = 0; k < n.length; k++) n[k] = walk(n[k]);
      return n;
    }
    const o = n as Record<string, unknown>;
    for (const key of Object.keys(o)) o[key] = walk(o[key]);
    return o;
  };
  return walk(node) as T;
}

/** Where a quote opened at `at` ends (past its closing quote; a doubled quote, or in an E-string a backslashed one, stays inside), or past the text. */
function quotedEnd(text: string, quote: string, at: number, backslashes = false): number {
  for (let j = at + 1; j < text.length; j++) {
    const c = text[j];
    if (backslashes && c === '\\') { j++; continue; }
    if (c !== quote) continue;
    if (text[j + 1] === quote) { j++; continue; }
    return j + 1;
  }
  return text.length + 1;
}

function endOf(text: string, closer: string, from: number): number {
  const k = text.indexOf(closer, from);
  return k < 0 ? text.length : k + closer.length;
}

/** The text of an E'…' literal's body, its escapes decoded; `offset`: where the body starts in the query. */
function decodeEscapes(body: string, query: string, offset: number): string {
  let out = '';
  for (let j = 0; j < body.length; j++) {
    const c = body[j];
    if (c === "'") { out += "'"; j++; continue; } // '' inside
    if (c !== '\\' || j + 1 >= body.length) { out += c; continue; }
    const e = body[++j];
    let code = -1;
    if (e in SIMPLE_ESCAPES) { out += SIMPLE_ESCAPES[e]; continue; }
    if (e >= '0' && e <= '7') {
      const m = /^[0-7]{1,3}/.exec(body.slice(j))![0];
      code = parseInt(m, 8);
      j += m.length - 1;
    } else if (e === 'x' && /^[0-9a-fA-F]/.test(body[j + 1] ?? '')) {
      const m = /^[0-9a-fA-F]{1,2}/.exec(body.slice(j + 1))![0];
      code = parseInt(m, 16);
      j += m.length;
    } else if (e === 'u' || e === 'U') {
      const width = e === 'u' ? 4 : 8;
      const hex = body.slice(j + 1, j + 1 + width);
      code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === width ? parseInt(hex, 16) : -2;
      if (code > 0x10ffff || code === -2) throw new SqlError(`invalid Unicode escape \\${e}${hex} in an E'…' string: write \\${e} and ${width} hex digits of a code point`, positionAt(query, offset + j - 1));
      j += width;
    } else {
      out += e;
      continue;
    }
    if (code === 0) throw new SqlError("a string cannot hold a NUL character (\\0 in an E'…' string)", positionAt(query, offset + j - 1));
    out += String.fromCodePoint(code);
  }
  return out;
}

/** A noncharacter (U+FDD0–U+FDEF: never text) that `text` does not hold. */
function unusedNoncharacter(text: string): string {
  for (let c = 0xfdd0; c <= 0xfdef; c++) {
    const ch = String.fromCharCode(c);
    if (!text.includes(ch)) return ch;
  }
  throw new SqlError('the query holds every character of U+FDD0–U+FDEF, which floe needs one of', null);
}
