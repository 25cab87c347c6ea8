/**
 * Splits an expression's text into tokens. Owns the lexical rules of the CLI expression
 * language and nothing else: it never evaluates anything, and every character it does not
 * know (`.`, `$`, `{`, `[`, `;`, …) is an error at its position, so text meant for a
 * JavaScript engine can never get through.
 *
 *   numbers      12  3.5  .5  1e6
 *   strings      'abc'   'it''s'   'it\'s'          (single quotes)
 *   columns      X0  _a  größe   "with space"  `with space`   ("" or `` or \ inside escapes)
 *   operators    + - * / %  = == != <> < <= > >=  ( ) ,
 *   keywords     and or not is null as true false (any case; quote a column named like one)
 */
import { GrammarError } from './grammar-error.js';

export type TokenKind = 'number' | 'string' | 'ident' | 'keyword' | 'op' | '(' | ')' | ',' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Decoded value: the string's content, the column name, the lower-case keyword, the operator. */
  value: string;
  /** 0-based offsets of the token in the source text. */
  start: number;
  end: number;
  /** True for a double-quoted or backquoted column name (never a keyword or function). */
  quoted?: boolean;
}

export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'is', 'null', 'as', 'true', 'false']);

const SPACE = /\s+/y;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT = /[\p{L}_][\p{L}\p{M}\p{N}_]*/uy; // \p{M}: combining marks (an NFD é)
const OPERATOR = /<=|>=|!=|<>|==|[-+*/%=<>]/y;

/** Characters people type out of habit from other languages, and what to write instead. */
const HABITS: Record<string, string> = {
  '&': "write 'and' instead of '&&'",
  '|': "write 'or' instead of '||'",
  '!': "write 'not' instead of '!'",
  '.': 'quote column names that contain dots or spaces, e.g. "a.b" or `a b`',
};

export function tokenize(source: string, option: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const at = (re: RegExp): string | null => {
    re.lastIndex = pos;
    const m = re.exec(source);
    return m ? m[0] : null;
  };
  while (pos < source.length) {
    const space = at(SPACE);
    if (space) { pos += space.length; continue; }
    const start = pos;
    const c = source[pos];
    if (c === "'" || c === '"' || c === '`') {
      const { value, end } = readQuoted(source, pos, option);
      tokens.push(c === "'" ? { kind: 'string', value, start, end } : { kind: 'ident', value, start, end, quoted: true });
      if (c !== "'" && value === '') throw new GrammarError(option, 'empty column name', start);
      pos = end;
      continue;
    }
    const num = at(NUMBER);
    if (num) {
      pos += num.length;
      if (at(IDENT)) throw new GrammarError(option, `invalid number '${source.slice(start, pos + at(IDENT)!.length)}'`, start, 'quote column names that start with a digit, e.g. "2x"');
      tokens.push({ kind: 'number', value: num, start, end: pos });
      continue;
    }
    const word = at(IDENT);
    if (word) {
      pos += word.length;
      const lower = word.toLowerCase();
      tokens.push(KEYWORDS.has(lower) ? { kind: 'keyword', value: lower, start, end: pos } : { kind: 'ident', value: word, start, end: pos });
      continue;
    }
    const op = at(OPERATOR);
    if (op) {
      pos += op.length;
      tokens.push({ kind: 'op', value: op, start, end: pos });
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      pos++;
      tokens.push({ kind: c, value: c, start, end: pos });
      continue;
    }
    const ch = String.fromCodePoint(source.codePointAt(pos)!);
    throw new GrammarError(option, `unexpected character '${ch}'`, pos, HABITS[ch]);
  }
  tokens.push({ kind: 'eof', value: '', start: source.length, end: source.length });
  return tokens;
}

/**
 * Reads a quoted string or column name starting at `start` (the opening quote). Inside, the
 * quote is written twice or after a backslash; a backslash before a backslash is one
 * backslash; any other backslash is kept as it is (so `'C:\data'` means what it says).
 */
function readQuoted(source: string, start: number, option: string): { value: string; end: number } {
  const q = source[start];
  let out = '';
  let i = start + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\' && (source[i + 1] === q || source[i + 1] === '\\')) {
      out += source[i + 1];
      i += 2;
    } else if (c === q) {
      if (source[i + 1] === q) { out += q; i += 2; continue; }
      return { value: out, end: i + 1 };
    } else {
      out += c;
      i++;
    }
  }
  const what = q === "'" ? 'string' : 'quoted column name';
  throw new GrammarError(option, `unterminated ${what}`, start, `close it with ${q}`);
}
