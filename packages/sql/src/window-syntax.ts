/**
 * Window syntax the parser does not know, rewritten before parsing into text of the same length
 * (positions stay true) that it does, and read back by window-functions.ts:
 *   percent_rank() / cume_dist()       → ntile('<mark>'), a string no query passes to ntile
 *   median(x) over …, stddev(x) over … → max   (x) over … (aggregates the parser takes before
 *                                        OVER are sum, avg, min, max and count); the name is
 *                                        read back from the query text at the call's position
 *   RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW, RANGE UNBOUNDED PRECEDING
 *                                      → blank: an ordered window's default frame, and without
 *                                        order every row is a peer — the whole partition either way
 *   RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING → the same rows as ROWS
 * Other RANGE frames (offsets, or starting at the current row) are refused by name.
 */
import { functionName, type SqlNode } from './sql-ast.js';
import { SqlError } from './sql-error.js';
import { positionAt } from './source-text.js';

export const PERCENT_RANK_MARK = '\u0002p';
export const CUME_DIST_MARK = '\u0002c';

/** One-input aggregates the parser does not take before OVER (aggregate-functions.ts knows them). */
const REWRITTEN_AGGREGATES = ['median', 'mean', 'first', 'last', 'stddev', 'stddev_samp', 'stddev_pop', 'variance', 'var_samp', 'var_pop', 'approx_count_distinct'];

/** `text` with the window syntax above rewritten; `quoted(i)`: position i is inside a quote or comment. */
export function rewriteWindowSyntax(text: string, quoted: (i: number) => boolean): string {
  let out = text;
  const put = (at: number, length: number, s: string): void => {
    out = out.slice(0, at) + s.padEnd(length, ' ') + out.slice(at + length);
  };
  for (const m of text.matchAll(/\b(percent_rank|cume_dist)\s*\(\s*\)/gi)) {
    if (quoted(m.index)) continue;
    const mark = m[1].toLowerCase() === 'percent_rank' ? PERCENT_RANK_MARK : CUME_DIST_MARK;
    put(m.index, m[0].length, `ntile('${mark}')`);
  }
  const names = new RegExp(`\\b(${REWRITTEN_AGGREGATES.join('|')})(\\s*)\\(`, 'gi');
  for (const m of text.matchAll(names)) {
    if (quoted(m.index) || (m.index > 0 && text[m.index - 1] === '.')) continue;
    const open = m.index + m[0].length - 1;
    const close = closingParen(text, open);
    if (close < 0 || !/^\s*over\b/i.test(text.slice(close + 1))) continue;
    put(m.index, m[1].length + m[2].length, 'max');
  }
  const frames: [RegExp, (m: RegExpMatchArray) => void][] = [
    [/\brange\s+between\s+unbounded\s+preceding\s+and\s+current\s+row\b|\brange\s+unbounded\s+preceding\b/gi, (m) => put(m.index!, m[0].length, '')],
    [/\brange(\s+between\s+unbounded\s+preceding\s+and\s+unbounded\s+following)\b/gi, (m) => put(m.index!, 5, 'rows')],
  ];
  for (const [re, f] of frames) for (const m of text.matchAll(re)) if (!quoted(m.index)) f(m);
  for (const m of out.matchAll(/\brange\s+(?:between\s+)?(?:unbounded|current\s+row|\d+\s+(?:preceding|following))\b/gi)) {
    if (quoted(m.index)) continue;
    throw new SqlError('this RANGE frame is not supported yet; RANGE frames run between UNBOUNDED PRECEDING and CURRENT ROW or UNBOUNDED FOLLOWING — use ROWS for offsets', positionAt(text, m.index));
  }
  return out;
}

/** The `)` closing the `(` at `open`, past quoted text; -1 when there is none. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) { if (c === quote) quote = null; continue; }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** A call's name as the query wrote it (an aggregate rewritten to max reads back as itself). */
export function originalFunctionName(n: SqlNode, text: string): string {
  const name = functionName(n);
  const at = n.loc?.start.offset;
  if (name !== 'max' || at === undefined) return name;
  const written = /^[A-Za-z_]+/.exec(text.slice(at))?.[0].toLowerCase();
  return written !== undefined && REWRITTEN_AGGREGATES.includes(written) ? written : name;
}
