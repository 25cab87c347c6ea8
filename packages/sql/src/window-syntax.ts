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
import { intervalMs } from './temporal-arithmetic.js';

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
  // RANGE frames with offsets (2 PRECEDING, INTERVAL '7 days' PRECEDING): blanked to the end of
  // their OVER (…), and read back from the call's own text (rangeFrameOf) — calls that carry their
  // position are the aggregates'; the other window functions' frames cannot be found again
  for (const m of out.matchAll(/\brange\s+(?:between\s+)?(?:unbounded|current\s+row|\d|interval\b)/gi)) {
    if (quoted(m.index)) continue;
    const over = [...text.slice(0, m.index).matchAll(/\bover\s*\(/gi)].filter((o) => !quoted(o.index)).at(-1);
    const close = over === undefined ? -1 : closingParen(text, over.index + over[0].length - 1);
    // not inside an OVER (…): a column named range (`where range between 1 and 5`), or a frame
    // of a named window (WINDOW w AS (…)), which the parser then reads, or refuses, itself
    if (close < m.index) continue;
    const owner = callBefore(text, over!.index);
    if (owner === null || !FRAME_AGGREGATES.includes(owner.name)) {
      throw new SqlError('a RANGE frame with offsets is supported for sum, avg, count, min and max', positionAt(text, m.index), 'use ROWS for offsets in rows');
    }
    put(m.index, close - m.index, '');
    // the parser gives count() no position to read its frame back from: max(…) has one, and
    // originalFunctionName reads count again (count(*) is count(1))
    if (owner.name === 'count') {
      put(owner.at, 5, 'max');
      if (/^\(\s*\*\s*\)$/.test(text.slice(owner.open, owner.close + 1))) put(owner.open + 1, owner.close - owner.open - 1, '1');
    }
  }
  return out;
}

/** Aggregates over a RANGE frame with offsets. */
const FRAME_AGGREGATES = ['sum', 'avg', 'mean', 'count', 'min', 'max'];

/** The call whose `)` ends right before `at` (`sum(x) over`): its lower-case name, where it starts, its brackets; null when there is none. */
function callBefore(text: string, at: number): { name: string; at: number; open: number; close: number } | null {
  let i = at - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  if (text[i] !== ')') return null;
  const close = i;
  let depth = 0;
  for (; i >= 0; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(' && --depth === 0) break;
  }
  const name = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(text.slice(0, Math.max(0, i)));
  return name ? { name: name[1].toLowerCase(), at: name.index, open: i, close } : null;
}

/**
 * The RANGE frame with offsets of an aggregate's OVER (…), read from the call's text (its frame
 * was blanked before parsing): edges as offsets along the order key — numbers in its units, or
 * INTERVALs in milliseconds (`ms`: true) — or null when its OVER has no such frame.
 */
export function rangeFrameOf(callText: string | null): { start: number | null; end: number | null; ms: boolean } | 'unreadable' | null {
  if (callText === null) return null;
  const over = /\bover\s*\(/i.exec(callText);
  const frames = over === null ? [] : [...callText.slice(over.index).matchAll(/\brange\s+(?:between\s+)?(?:unbounded|current\s+row|\d|interval\b)/gi)];
  if (frames.length === 0) return null;
  const clause = callText.slice(over!.index + frames[frames.length - 1].index).replace(/\s*\)\s*$/, '');
  const m = /^range\s+(?:between\s+([\s\S]+?)\s+and\s+([\s\S]+)|([\s\S]+))$/i.exec(clause);
  if (!m) return 'unreadable';
  const parsed = (m[3] !== undefined ? [m[3], 'current row'] : [m[1], m[2]]).map((e) => rangeEdge(e.trim()));
  if (parsed.some((p) => p === null)) return 'unreadable';
  const ms = parsed.some((p) => p!.ms);
  // a duration on one side and a number on the other measure two things
  if (ms && parsed.some((p) => !p!.ms && p!.offset !== null && p!.offset !== 0)) return 'unreadable';
  return { start: parsed[0]!.offset, end: parsed[1]!.offset, ms };
}

function rangeEdge(e: string): { offset: number | null; ms: boolean } | null {
  const t = e.replace(/\s+/g, ' ').toLowerCase();
  if (t === 'unbounded preceding' || t === 'unbounded following') return { offset: null, ms: false };
  if (t === 'current row') return { offset: 0, ms: false };
  const sign = t.endsWith(' preceding') ? -1 : t.endsWith(' following') ? 1 : 0;
  if (sign === 0) return null;
  const body = t.slice(0, t.lastIndexOf(' '));
  if (/^\d+(\.\d+)?$/.test(body)) return { offset: sign * Number(body), ms: false };
  const iv = /^interval\s+(?:'([^']*)'|(\d+(?:\.\d+)?)\s+([a-z]+))$/.exec(body);
  if (!iv) return null;
  const ms = intervalTextMs(iv[1] ?? `${iv[2]} ${iv[3]}`);
  return ms === null ? null : { offset: sign * ms, ms: true };
}

/** '7 days', '1 day 2 hours', '90 minutes' in milliseconds, as an INTERVAL's text reads; null for what it refuses (months, years). */
function intervalTextMs(text: string): number | null {
  try {
    return intervalMs({ expr: { type: 'single_quote_string', value: text }, unit: '' }, null);
  } catch (err) {
    if (err instanceof SqlError) return null;
    throw err;
  }
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
  return written !== undefined && (REWRITTEN_AGGREGATES.includes(written) || written === 'count') ? written : name;
}
