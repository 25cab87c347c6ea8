/**
 * SQL text → node-sql-parser's AST (PostgreSQL dialect). floe writes no SQL grammar of its own:
 * the one extension, DuckDB's `* exclude (a, b)`, is rewritten before parsing into a call of
 * the same length (`__exclude (a, b)`), so every position the parser reports stays true.
 */
import { createRequire } from 'node:module';
import type { Parser } from 'node-sql-parser';
import type { SqlNode } from './sql-ast.js';
import { SqlError } from './sql-error.js';
import { positionAt } from './source-text.js';
import { fixBooleanPrecedence } from './boolean-precedence.js';
import { plainStringLiterals, restoreBackslashes } from './string-literals.js';
import { rewriteWindowSyntax } from './window-syntax.js';

/** The function name a `* exclude (...)` becomes; translate-select.ts reads it as a star. */
export const EXCLUDE_MARKER = '__exclude';

let cached: Parser | null = null;

/** The parser, loaded on first use: commands and programs that never run SQL do not pay for it. */
function parser(): Parser {
  if (cached === null) {
    const pg = createRequire(import.meta.url)('node-sql-parser/build/postgresql.js') as { Parser: new () => Parser };
    cached = new pg.Parser();
  }
  return cached;
}

/** The function a `try_cast(x as T)` wraps its value in (a quoted name the query cannot write): translate-expr.ts reads `cast(<marker>(x) as T)` as TRY_CAST. */
export const TRY_CAST_MARKER = '\u0002';

/** The name `GROUP BY ALL` / `ORDER BY ALL` stand for (a quoted name, as long as ALL); translate-select.ts expands it. */
export const ALL_MARKER = '\u0001';

/** The operator an integer division (`a // b`) is parsed as: `&&`, which the parser ranks with `*` and `/`; read back as `//`. */
const INTEGER_DIVISION = '//';

/** The one SELECT statement of `text` (a trailing semicolon is fine). */
export function parseSql(text: string): SqlNode {
  const literals = plainStringLiterals(text);
  refuseDoubledQuoteInName(literals.text);
  const division = rewriteIntegerDivision(literals.text);
  const qualify = cutQualify(division.text, quotedMask(division.text));
  const parse = (sqlText: string): SqlNode | SqlNode[] => {
    let ast: SqlNode | SqlNode[];
    try {
      const quoted = quotedMask(sqlText);
      const windowed = rewriteWindowSyntax(sqlText, (i) => quoted[i] === 1);
      const rewritten = rewriteAll(windowed);
      ast = parser().astify(rewriteDigitSeparators(rewriteExclude(rewriteTryCast(rewritten))), { database: 'postgresql', parseOptions: { includeLocations: true } }) as unknown as SqlNode | SqlNode[];
    } catch (err) {
      throw syntaxError(err, text);
    }
    ast = restoreBackslashes(ast, literals.mark);
    if (division.rewritten) renameOperator(ast, '&&', INTEGER_DIVISION);
    return ast;
  };
  const ast = parse(qualify.text);
  const list = Array.isArray(ast) ? ast : [ast];
  if (list.length !== 1) throw new SqlError(`expected one query, got ${list.length} statements separated by ";"`, null);
  const stmt = list[0];
  if (stmt.type !== 'select') throw new SqlError(`only SELECT queries can run; ${String(stmt.type).toUpperCase()} statements are not supported`, positionAt(text, 0));
  if (qualify.condition !== null) {
    if (stmt._next) throw new SqlError('QUALIFY in a query with UNION is not supported yet; put the part that qualifies in a subquery', positionAt(text, qualify.at));
    const parsed = parse(qualify.condition) as SqlNode;
    const columns = (parsed.columns as SqlNode[] | undefined) ?? [];
    // what follows the condition in this SELECT (ORDER BY, LIMIT) must not be read as part of it
    if (columns.length !== 1 || ['from', 'where', 'groupby', 'having', 'orderby', 'limit', 'window'].some((k) => { const v = parsed[k] as { value?: unknown[] } | unknown[] | null | undefined; return Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined && (!('value' in (v as object)) || ((v as { value?: unknown[] }).value?.length ?? 0) > 0); })) {
      throw new SqlError('QUALIFY takes one condition, before ORDER BY and LIMIT', positionAt(text, qualify.at));
    }
    stmt.qualify = columns[0].expr;
  }
  return fixBooleanPrecedence(stmt);
}

/**
 * DuckDB's QUALIFY (a filter on window functions, after them) of the outermost SELECT, which the
 * parser does not know: cut from the text (blanked, the same length), and its condition given
 * back as the text `select <condition>` at the same positions (`qualify ` and `select ` are
 * equally long; the text before it blanked, its line breaks kept). A QUALIFY inside brackets
 * (a subquery's) is refused by name.
 */
function cutQualify(text: string, quoted: Uint8Array): { text: string; condition: string | null; at: number } {
  const found = [...text.matchAll(/\bqualify\b/gi)].filter((m) => quoted[m.index] === 0);
  if (found.length === 0) return { text, condition: null, at: -1 };
  const at = found[0].index;
  let depth = 0;
  for (let i = 0; i < at; i++) if (quoted[i] === 0) depth += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
  if (found.length > 1 || depth !== 0) throw new SqlError('QUALIFY in a subquery is not supported yet; QUALIFY the outermost SELECT, or filter the subquery\'s window column in the query around it', positionAt(text, found[found.length > 1 ? 1 : 0].index));
  // the condition runs to the next clause of this SELECT, a closing bracket, a semicolon or the end
  const clause = /(?:order\s+by|limit|offset|window|union|intersect|except)\b/iy;
  let end = text.length;
  for (let i = at + 7; i < text.length; i++) {
    if (quoted[i] === 1) continue;
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) { end = i; break; }
    else if (depth === 0 && c === ';') { end = i; break; } else if (depth === 0 && /\W/.test(text[i - 1]) && /[a-z]/i.test(c)) {
      clause.lastIndex = i;
      if (clause.test(text)) { end = i; break; }
    }
  }
  const blank = (s: string): string => s.replace(/[^\n]/g, ' ');
  return { text: text.slice(0, at) + blank(text.slice(at, end)) + text.slice(end), condition: `${blank(text.slice(0, at))}select ${text.slice(at + 7, end)}`, at };
}

/** The SQL text of an expression node (for column names of unnamed select items). */
export function exprText(n: SqlNode): string {
  return parser().exprToSQL(n, { database: 'postgresql' });
}

function syntaxError(err: unknown, text: string): Error {
  const e = err as { message?: string; location?: { start: { line: number; column: number; offset: number } } };
  if (!e.location) return err as Error;
  const at = e.location.start;
  const token = tokenAt(text, at.offset);
  const near = token === null ? 'at the end of the query' : `near ${JSON.stringify(token)}`;
  const line = text.split('\n')[at.line - 1] ?? '';
  // the parser knows no extract(millisecond|microsecond from …): floe's functions do the same
  const part = /\bextract\s*\(\s*(milliseconds?|microseconds?)\s+from\b/i.exec(text.slice(Math.max(0, at.offset - 40), at.offset + 40));
  if (part) return new SqlError(`extract(${part[1]} from …) is not supported; write ${part[1].toLowerCase().replace(/s$/, '')}(ts), which is the same`, { line: at.line, column: at.column });
  // DuckDB constructs the parser does not know: said by name, with what to write instead
  const near80 = text.slice(Math.max(0, at.offset - 60), at.offset + 20);
  const known = UNKNOWN_TO_PARSER.find(([re]) => re.test(near80));
  if (known) return new SqlError(`${known[1]} is not supported yet`, { line: at.line, column: at.column }, known[2]);
  return new SqlError(`syntax error ${near}`, { line: at.line, column: at.column }, `in: ${line.trim().slice(0, 80)}`);
}

const UNKNOWN_TO_PARSER: [RegExp, string, string][] = [
  [/\bis\s+(not\s+)?distinct\s+from\b/i, 'IS [NOT] DISTINCT FROM', 'write a = b or (a is null and b is null) for IS NOT DISTINCT FROM'],
  [/\blike\s+'[^']*'\s+escape\b/i, 'LIKE … ESCAPE', "for a literal % or _ use contains(s, '%'), starts_with or ends_with"],
  [/\b(sum|avg|min|max)\s*\(\s*distinct\b/i, 'an aggregate of distinct values other than count(distinct …)', 'aggregate a subquery that selects distinct values: select sum(x) from (select distinct x from …)'],
  [/\bbetween\s+(unbounded\s+preceding|\d+\s+preceding)\s+and\s+\d+\s+preceding\b/i, 'a frame that ends rows before the current one (… AND n PRECEDING)', 'end it at CURRENT ROW and subtract the row (sum(x) over (… rows between unbounded preceding and current row) - x), or use lag()'],
  [/\bas\s*\([^()]*\brange\s+(?:between\s+)?(?:\d|interval\b)/i, 'a RANGE frame with offsets in WINDOW … AS (…)', 'write the frame in each call\'s OVER (…)'],
  [/\b(string_agg|group_concat|listagg|quantile_cont|corr)\s*\([^)]*\)\s*over\b/i, 'an aggregate of two inputs over a window (string_agg, quantile_cont, corr …)', 'compute it with GROUP BY in a subquery and join it back on the partition columns'],
  [/\bgrouping\s+sets\b|\brollup\s*\(|\bcube\s*\(/i, 'GROUPING SETS (or ROLLUP, CUBE)', 'run one GROUP BY per set and UNION ALL them'],
];

/** The token starting at `offset` (the parser names only its first character): a quoted string, a word, or one character. */
function tokenAt(text: string, offset: number): string | null {
  const rest = text.slice(offset);
  if (rest.trim() === '') return null;
  const m = /^('(?:[^']|'')*'?|"[^"]*"?|[A-Za-z0-9_$.]+|\S)/.exec(rest);
  return m ? m[1] : rest[0];
}

/**
 * DuckDB's `try_cast(x as T)`, which the parser does not know, → `cast("<marker>"(x) as T)`: the
 * same length when a space comes before AS (the space becomes the bracket that closes the marker's
 * call; one character more otherwise), outside quotes and comments.
 */
function rewriteTryCast(text: string): string {
  const quoted = quotedMask(text);
  const starts = [...text.matchAll(/\btry_cast(\s*)\(/gi)].filter((m) => quoted[m.index] === 0).map((m) => m.index);
  if (starts.length === 0) return text;
  // each AS that closes a try_cast's value: the first one at its bracket's depth
  const closes = new Map<number, boolean>();
  for (const start of starts) {
    let depth = 0;
    for (let i = text.indexOf('(', start); i < text.length; i++) {
      if (quoted[i] === 1) continue;
      const c = text[i];
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) break;
      else if (depth === 1 && /^as\b/i.test(text.slice(i, i + 3)) && /[\s)'"]/.test(text[i - 1])) {
        closes.set(i, /\s/.test(text[i - 1]));
        break;
      }
    }
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (starts.includes(i)) {
      const open = text.indexOf('(', i);
      out += `cast${' '.repeat(open - i - 8)}("${TRY_CAST_MARKER}"(`;
      i = open;
    } else if (closes.get(i + 1) === true) out += ')';
    else if (closes.get(i) === false) out += `)${text[i]}`;
    else out += text[i];
  }
  return out;
}

/** `* exclude (` → `__exclude (` (same length), outside quotes and comments. */
function rewriteExclude(text: string): string {
  const re = /\*(\s+)exclude(\s*)\(/gi;
  let out = text;
  const quoted = quotedMask(text);
  for (const m of text.matchAll(re)) {
    const start = m.index;
    if (quoted[start] === 1) continue;
    const span = m[0].length - 1; // up to the "("
    out = out.slice(0, start) + EXCLUDE_MARKER.padEnd(span, ' ') + out.slice(start + span);
  }
  return out;
}

/**
 * `a // b` (DuckDB's integer division) → `a && b`, outside quotes and comments: the parser knows
 * no `//`, and ranks `&&` with `*`, `/` and `%`, left to right, as DuckDB ranks `//`. Not done
 * when the query writes `&&` itself (which is then refused by name, as before).
 */
function rewriteIntegerDivision(text: string): { text: string; rewritten: boolean } {
  const quoted = quotedMask(text);
  const outside = (re: RegExp) => [...text.matchAll(re)].filter((m) => quoted[m.index] === 0);
  const divisions = outside(/\/\//g);
  if (divisions.length === 0 || outside(/&&/g).length > 0) return { text, rewritten: false };
  let out = text;
  for (const m of divisions) out = `${out.slice(0, m.index)}&&${out.slice(m.index + 2)}`;
  return { text: out, rewritten: true };
}

function renameOperator(n: unknown, from: string, to: string): void {
  if (!n || typeof n !== 'object') return;
  if (Array.isArray(n)) { for (const x of n) renameOperator(x, from, to); return; }
  const o = n as Record<string, unknown>;
  if (o.type === 'binary_expr' && o.operator === from) o.operator = to;
  for (const [k, v] of Object.entries(o)) if (k !== 'loc') renameOperator(v, from, to);
}

/**
 * `GROUP BY ALL` / `ORDER BY ALL` (DuckDB: every select item that is not an aggregate / every
 * select item, left to right) → the quoted name ALL_MARKER, the same length, which no column has.
 */
function rewriteAll(text: string): string {
  let out = text;
  const quoted = quotedMask(text);
  for (const m of text.matchAll(/\b(?:group|order)\s+by\s+(all)\b(?!\s*\()/gi)) {
    if (quoted[m.index] === 1) continue;
    const at = m.index + m[0].length - 3;
    out = `${out.slice(0, at)}"${ALL_MARKER}"${out.slice(at + 3)}`;
  }
  return out;
}

/**
 * `1_000` (DuckDB's digit separators): the parser read it as `1 AS _000`, a column named _000
 * holding 1. Rewritten in place with the underscores as leading zeros (`01000`), the same length,
 * so positions stay true. Names (`x1_000`) and quoted text are left alone.
 */
function rewriteDigitSeparators(text: string): string {
  let out = text;
  const quoted = quotedMask(text);
  // a whole number literal, its fraction and exponent too (1_0.5_5, 1e1_0)
  for (const m of text.matchAll(/(?<![\w.$])\d[\d_]*(?:\.[\d_]*)?(?:[eE][+-]?\d[\d_]*)?/g)) {
    if (!m[0].includes('_') || quoted[m.index] === 1) continue;
    const digits = m[0].replace(/_/g, '');
    out = out.slice(0, m.index) + digits.padStart(m[0].length, '0') + out.slice(m.index + m[0].length);
  }
  return out;
}

/**
 * `"a""q"` (a name holding a double quote): the parser reads it as the column a named q — another
 * column, silently. Refused until names with quotes are read.
 */
function refuseDoubledQuoteInName(text: string): void {
  quotedMask(text, (i) => {
    throw new SqlError('a quoted name holding a double quote ("a""b") is not supported yet; rename the column, or select it by position through a subquery', positionAt(text, i));
  });
}

/**
 * 1 at each position inside a quote (`'`, `"`) or a comment (`--`, `/*`): the closing mark is
 * inside, the opening one not (the state before the position). `onDoubledNameQuote` is told where
 * a `""` stands inside a quoted name (read here as the name closed and opened again).
 */
function quotedMask(text: string, onDoubledNameQuote?: (i: number) => void): Uint8Array {
  const mask = new Uint8Array(text.length);
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === null) {
      if (c === "'" || c === '"') quote = c;
      else if (c === '-' && text[i + 1] === '-') quote = '--';
      else if (c === '/' && text[i + 1] === '*') quote = '/*';
      continue;
    }
    mask[i] = 1;
    if (quote === '--') { if (c === '\n') quote = null; continue; }
    if (quote === '/*') { if (c === '*' && text[i + 1] === '/') { quote = null; i++; } continue; }
    if (c !== quote) continue;
    if (quote === '"' && text[i + 1] === '"') onDoubledNameQuote?.(i);
    quote = null;
  }
  return mask;
}
