/**
 * JSON lines → rows: one object per non-blank line. A line that is not a JSON object is an
 * error naming the file and line (or, with onBadLines 'skip'/'warn', dropped and counted).
 */
import { I64_MAX, I64_MIN } from '../../types/dtype.js';

export class NdjsonError extends Error {
  override name = 'NdjsonError';
}

/** What is wrong with a line that parses (its message completes "the line …"). */
class LineProblem extends Error {}

/**
 * A JSON column's values for columnFromValues: a nested object or array becomes its JSON text, and
 * where integers past 2^53 (bigints) meet numbers with a fraction, all become doubles — a float
 * column holding 1e17 (written as its digits), not an error.
 */
export function jsonColumnValues(values: unknown[]): unknown[] {
  let big = false;
  let fraction = false;
  // a nested object or array is its JSON text (a string column): one such key made the whole file
  // unreadable, even to a query that never used it (logs nest their fields)
  if (values.some((v) => v !== null && typeof v === 'object')) values = values.map((v) => (v !== null && typeof v === 'object' ? jsonText(v) : v));
  for (const v of values) {
    if (typeof v === 'bigint') big = true;
    else if (typeof v === 'number' && !Number.isSafeInteger(v)) fraction = true; // 1.5, or a whole double past 2^53 (1e20; digits past int64)
  }
  return big && fraction ? values.map((v) => (typeof v === 'bigint' ? Number(v) : v)) : values;
}

/** A parsed JSON value written back as compact JSON text, integers past 2^53 (bigints) as their digits. */
export function jsonText(v: unknown): string {
  if (typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${jsonText(x)}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

export interface ParsedLines {
  rows: Record<string, unknown>[];
  /** The line each row is on (1-based). */
  lines: number[];
  skipped: number;
  skippedLines: string[];
}

export function parseLines(text: string, path: string, firstLine: number, skipBad: boolean): ParsedLines {
  const rows: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const skippedLines: string[] = [];
  let skipped = 0;
  let line = firstLine;
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const s = text.slice(at, end).trim();
    if (s.length > 0) {
      let v: unknown;
      let problem: string | null = null;
      try {
        v = parseJson(s);
        if (v === null || typeof v !== 'object' || Array.isArray(v)) problem = `is ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v}, not a JSON object`;
      } catch (err) {
        problem = err instanceof LineProblem ? err.message : `is not valid JSON (${(err as Error).message})`;
      }
      if (problem === null) { rows.push(v as Record<string, unknown>); lines.push(line); }
      else if (skipBad) { skipped++; if (skippedLines.length < 5) skippedLines.push(`${path}:${line}`); }
      else if (line === 1 && s.startsWith('[')) {
        // a file that is one JSON array (an export of records), not a line a record
        throw new NdjsonError(`${path} holds one JSON array, not JSON lines (an object a line): ${JSON.stringify(s.slice(0, 80))}; convert it first, e.g. jq -c '.[]' ${path} > ${path.replace(/\.json$/i, '')}.jsonl`);
      } else throw new NdjsonError(`${path} line ${line}: the line ${problem}: ${JSON.stringify(s.slice(0, 80))}; fix it, or pass onBadLines: 'skip' (--on-bad-lines skip) to drop such lines`);
    }
    line++;
    at = end + 1;
  }
  return { rows, lines, skipped, skippedLines };
}

/** What follows a key (from where its string ends). */
const COLON = /\s*:/y;
/** A JSON string, a bracket, or a number token. */
const TOKEN = /"(?:[^"\\]|\\.)*"|[{}[\]]|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * The top-level keys that hold a number written as a float (`1.0`, `2e3`) on some line of
 * `text`: JSON.parse reads `1.0` as 1, so a column of doubles that happen to be whole in the
 * sample would be typed int64 and fail at its first fraction.
 */
export function floatSpelledKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split('\n')) {
    let depth = 0;
    let key: string | null = null;
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(line); m !== null; m = TOKEN.exec(line)) {
      const t = m[0];
      const c = t.charCodeAt(0);
      if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) depth--;
      else if (c === 0x22) {
        // a string followed by ':' at the top level is a key
        COLON.lastIndex = TOKEN.lastIndex;
        if (depth === 1 && COLON.test(line)) key = t;
      } else if (depth === 1 && key !== null && /[.eE]/.test(t)) {
        try {
          keys.add(JSON.parse(key) as string);
        } catch {
          // not a valid key: the line is refused elsewhere
        }
      }
    }
  }
  return keys;
}

/** A number's integer part of 16 digits or more (not a fraction's digits): a line without one holds no integer a double would round. */
const LONG_DIGITS = /(?<![.\d])\d{16}/;
/** A JSON number token, from where it starts. */
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
/** What a big integer becomes in the text handed to JSON.parse (a string no data starts with: a NUL). */
const TAG = '\u0000floe-int64:';

/**
 * A line's JSON, integers past 2^53 (within int64) as bigints: JSON.parse reads every number as a
 * double, and `{"big": 9007199254740993}` summed as …992. Such an integer is found outside the
 * strings, written as a tagged string, and turned back into a bigint as it is parsed.
 */
function parseJson(s: string): unknown {
  if (!LONG_DIGITS.test(s)) return JSON.parse(s);
  let out = '';
  let from = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      // a string: to its closing quote, past escaped characters
      i++;
      while (i < s.length && s.charCodeAt(i) !== 34) i += s.charCodeAt(i) === 92 ? 2 : 1;
      i++;
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(s);
      if (m === null) { i++; continue; }
      const token = m[0];
      if (m[1] === undefined && m[2] === undefined && !Number.isSafeInteger(Number(token))) {
        const b = BigInt(token);
        if (b <= I64_MAX && b >= I64_MIN) {
          out += `${s.slice(from, i)}${JSON.stringify(TAG + token)}`;
          from = i + token.length;
        }
      }
      i += token.length;
      continue;
    }
    i++;
  }
  if (from === 0) return JSON.parse(s);
  // a NUL in a JSON string is always written \u0000: without one, no value of the line starts with TAG but ours
  if (s.includes('\\u0000')) throw new LineProblem('holds an integer past 2^53 and a \\u0000 escape, which floe cannot read together exactly');
  return JSON.parse(out + s.slice(from), (_key, v: unknown) => (typeof v === 'string' && v.startsWith(TAG) ? BigInt(v.slice(TAG.length)) : v));
}
