/**
 * Seeded generators of random CSV documents for differential tests.
 *
 * Each generated file comes with the values it is meant to hold, so a test can check the
 * generator and the oracle against each other before checking the engine against both.
 * Everything is a pure function of the seed (mulberry32), so failures are reproducible.
 */
import type { DType } from '../types/dtype.js';

/** mulberry32: a tiny, fast, seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  float(): number {
    return this.next();
  }

  /** Integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

/**
 * What a column holds: `int` small integers, `bigint` integers around and beyond 2^53,
 * `float` decimals and exponents, `key` a low-cardinality string, `text` strings with
 * delimiters, quotes, newlines and unicode, `bool`, `timestamp` ISO date-times.
 */
export type ColumnKind = 'int' | 'bigint' | 'float' | 'key' | 'text' | 'bool' | 'timestamp';

export interface GenColumn {
  name: string;
  kind: ColumnKind;
  dtype: DType;
}

/** A typed cell: int64 as number (bigint beyond 2^53), timestamps as epoch milliseconds. */
export type Cell = number | bigint | string | boolean | null;

export type LineEnding = 'lf' | 'crlf' | 'mixed';

export interface GenFile {
  /** Suggested file name (sorts in generation order). */
  name: string;
  text: string;
  /** Intended typed values of the data rows, in file order. */
  rows: Cell[][];
  eol: LineEnding;
  bom: boolean;
  trailingNewline: boolean;
}

export interface GenDataset {
  seed: number;
  columns: GenColumn[];
  files: GenFile[];
}

export interface DatasetOptions {
  /** Most data rows per file (default 40). */
  maxRows?: number;
  /** Most files (default 3). */
  maxFiles?: number;
}

const DTYPE_OF: Record<ColumnKind, DType> = {
  int: 'int64',
  bigint: 'int64',
  float: 'float64',
  key: 'string',
  text: 'string',
  bool: 'bool',
  timestamp: 'timestamp',
};

/** Unquoted spellings that read as null (a subset of the engine's and pandas' defaults). */
export const NULL_SPELLINGS: readonly string[] = ['', '', '', 'NA', 'N/A', 'NaN', 'nan', 'NULL', 'null', 'None', '<NA>', '#N/A', 'n/a'];

/** Low-cardinality keys; some need quoting, one is a null spelling that is only a value when quoted. */
export const KEY_POOL: readonly string[] = ['alpha', 'beta', 'gamma', 'é', '日本', 'a,b', 'x y', 'Zeta', 'say "hi"', 'NA', ''];

const TEXT_PIECES: readonly string[] = [
  'a', 'b', 'hello', 'world', ' ', ',', '"', '""', '\n', '\r\n', 'é', '日本', 'ü', 'NA', 'null', '1', '2.5', '-', ';', '|', '\t', "'", 'x', 'Ω',
];

const NAMES: Record<ColumnKind, readonly string[]> = {
  int: ['n', 'qty', 'i'],
  bigint: ['big', 'id64'],
  float: ['x', 'price', 'y'],
  key: ['k', 'key', 'cat'],
  text: ['s', 'note', 'txt'],
  bool: ['b', 'flag'],
  timestamp: ['ts', 'when'],
};

/** Must this value be quoted to be read back as itself (a string value)? */
export function needsQuotes(s: string, delimiter = ','): boolean {
  return s === '' || s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r') || NULL_TOKENS_ALL.has(s);
}

/** Every default null token of the engine and pandas (a string equal to one is quoted). */
export const NULL_TOKENS_ALL: ReadonlySet<string> = new Set([
  '', 'NA', 'N/A', 'n/a', 'NaN', 'nan', '-NaN', '-nan', 'NULL', 'null', 'None', '#N/A', '#NA', '<NA>', 'NA/NaN', '1.#QNAN', '-1.#QNAN',
  '#N/A N/A', '-1.#IND', '1.#IND', 'NA', 'n/a',
]);

export function quoteField(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** `YYYY-MM-DD HH:MM:SS` (or with `T`) of epoch milliseconds, in UTC. */
export function formatTimestamp(ms: number, sep = ' '): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}${sep}${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A bigint as the engine returns it: a number when exactly representable, else a bigint. */
export function normInt(v: bigint): number | bigint {
  return v <= SAFE && v >= -SAFE ? Number(v) : v;
}

/** One value of a column: the typed cell and its CSV text (before quoting). */
interface GenValue {
  cell: Cell;
  text: string;
  /** The text must be quoted (a string that would otherwise not read back as itself). */
  mustQuote: boolean;
  /** The text must NOT be quoted (null spellings are only null when unquoted). */
  mustNotQuote: boolean;
}

function nullValue(rng: Rng): GenValue {
  return { cell: null, text: rng.pick(NULL_SPELLINGS), mustQuote: false, mustNotQuote: true };
}

function genValue(rng: Rng, kind: ColumnKind, nullRate: number): GenValue {
  if (rng.chance(nullRate)) return nullValue(rng);
  switch (kind) {
    case 'int': {
      const v = rng.chance(0.1) ? rng.int(-5, 5) : rng.int(-100000, 100000);
      let text = String(v);
      const style = rng.int(0, 19);
      if (style === 0 && v >= 0) text = `+${v}`;
      else if (style === 1 && v >= 0) text = `00${v}`;
      else if (style === 2 && v === 0) text = '-0';
      return { cell: v, text, mustQuote: false, mustNotQuote: false };
    }
    case 'bigint': {
      const mag = rng.int(0, 3);
      let v: bigint;
      if (mag === 0) v = BigInt(rng.int(-1000, 1000));
      else if (mag === 1) v = (1n << 53n) - BigInt(rng.int(0, 3)); // just below/at 2^53
      else if (mag === 2) v = (1n << 53n) + BigInt(rng.int(1, 1000)); // past 2^53
      else v = (1n << 55n) + BigInt(rng.int(0, 1 << 30)) * 12345n;
      if (rng.chance(0.3)) v = -v;
      return { cell: normInt(v), text: v.toString(), mustQuote: false, mustNotQuote: false };
    }
    case 'float': {
      const style = rng.int(0, 9);
      let text: string;
      if (style <= 3) {
        const digits = rng.int(1, 4);
        text = (rng.int(-999999, 999999) / 10 ** digits).toFixed(digits);
      } else if (style === 4) text = `${rng.int(-9, 9)}e${rng.int(0, 3)}`;
      else if (style === 5) text = `${rng.int(1, 99)}.${rng.int(0, 9)}E-${rng.int(1, 3)}`;
      else if (style === 6) text = `-${rng.int(1, 9)}.${rng.int(0, 99)}e+${rng.int(0, 2)}`;
      else if (style === 7) text = String(rng.int(-500, 500)); // integer-looking value in a float column
      else if (style === 8) text = `.${rng.int(1, 99)}`;
      else text = String(rng.float() * 2000 - 1000); // 15-17 significant digits (slow path)
      return { cell: Number(text), text, mustQuote: false, mustNotQuote: false };
    }
    case 'key': {
      const s = rng.pick(KEY_POOL);
      return { cell: s, text: s, mustQuote: needsQuotes(s), mustNotQuote: false };
    }
    case 'text': {
      let s = '';
      const n = rng.int(0, 5);
      for (let k = 0; k < n; k++) s += rng.pick(TEXT_PIECES);
      return { cell: s, text: s, mustQuote: needsQuotes(s), mustNotQuote: false };
    }
    case 'bool': {
      const v = rng.chance(0.5);
      const text = rng.pick(v ? ['true', 'True', 'TRUE'] : ['false', 'False', 'FALSE']);
      return { cell: v, text, mustQuote: false, mustNotQuote: false };
    }
    case 'timestamp': {
      const ms = Date.UTC(rng.int(1995, 2030), rng.int(0, 11), rng.int(1, 28), rng.int(0, 23), rng.int(0, 59), rng.int(0, 59));
      const leap = rng.chance(0.05) ? Date.UTC(2024, 1, 29, rng.int(0, 23), 30, 0) : ms;
      return { cell: leap, text: formatTimestamp(leap, rng.chance(0.1) ? 'T' : ' '), mustQuote: false, mustNotQuote: false };
    }
  }
}

function eolFor(rng: Rng, eol: LineEnding): string {
  if (eol === 'lf') return '\n';
  if (eol === 'crlf') return '\r\n';
  return rng.chance(0.5) ? '\n' : '\r\n';
}

/** The random schema of a dataset: always a key, an int, a float and a timestamp; some extras. */
export function randomColumns(rng: Rng): GenColumn[] {
  const kinds: ColumnKind[] = ['key', 'int', 'float', 'timestamp'];
  for (const extra of ['text', 'bool', 'bigint', 'float', 'int'] as const) if (rng.chance(0.6)) kinds.push(extra);
  const used = new Set<string>();
  const cols = kinds.map((kind) => {
    let name = rng.pick(NAMES[kind]);
    while (used.has(name)) name = `${name}2`;
    used.add(name);
    return { name, kind, dtype: DTYPE_OF[kind] };
  });
  return rng.shuffle(cols);
}

export function generateDataset(seed: number, options: DatasetOptions = {}): GenDataset {
  const rng = new Rng(seed);
  const columns = randomColumns(rng);
  const nFiles = rng.int(1, options.maxFiles ?? 3);
  const maxRows = options.maxRows ?? 40;
  const files: GenFile[] = [];
  const nullRates = columns.map(() => rng.pick([0, 0.05, 0.15, 0.4]));
  for (let f = 0; f < nFiles; f++) {
    const nRows = rng.chance(0.08) ? 0 : rng.int(1, maxRows);
    files.push(generateFile(rng, columns, nRows, nullRates, `part-${f}.csv`));
  }
  return { seed, columns, files };
}

function generateFile(rng: Rng, columns: readonly GenColumn[], nRows: number, nullRates: readonly number[], name: string): GenFile {
  const eol = rng.pick<LineEnding>(['lf', 'crlf', 'mixed']);
  const bom = rng.chance(0.2);
  const trailingNewline = !rng.chance(0.25);
  const quoteAll = rng.chance(0.1);
  const quoteRate = rng.pick([0, 0.05, 0.3]);
  const blankRate = rng.pick([0, 0, 0.05]);
  let text = bom ? '\ufeff' : '';
  text += columns.map((c) => (quoteAll || rng.chance(0.1) ? quoteField(c.name) : c.name)).join(',');
  const rows: Cell[][] = [];
  for (let r = 0; r < nRows; r++) {
    const cells: Cell[] = [];
    const fields: string[] = [];
    columns.forEach((c, i) => {
      const v = genValue(rng, c.kind, nullRates[i]);
      cells.push(v.cell);
      const quote = v.mustQuote || (!v.mustNotQuote && (quoteAll || rng.chance(quoteRate)));
      fields.push(quote ? quoteField(v.text) : v.text);
    });
    rows.push(cells);
    text += eolFor(rng, eol);
    if (rng.chance(blankRate)) text += eolFor(rng, eol);
    text += fields.join(',');
  }
  if (trailingNewline) text += eolFor(rng, eol);
  return { name, text, rows, eol, bom, trailingNewline };
}

/**
 * Which columns' types a reader can infer from the text: a column whose values are all null,
 * or whose values all look like a narrower type (a float column of integers, a text column of
 * numbers), has a legitimately different inferred type. Returns the columns to pass as `dtypes`.
 */
export function ambiguousColumns(ds: GenDataset): Record<string, DType> {
  const out: Record<string, DType> = {};
  ds.columns.forEach((c, i) => {
    const values = ds.files.flatMap((f) => f.rows.map((r) => r[i])).filter((v) => v !== null);
    let clear: boolean;
    switch (c.kind) {
      case 'int': case 'bigint': case 'bool': case 'timestamp': clear = values.length > 0; break;
      case 'float': clear = values.some((v) => !Number.isInteger(v)); break;
      case 'key': case 'text': clear = values.some((v) => typeof v === 'string' && /[A-Za-z\u0080-\uffff]/.test(v) && !/^\s*(true|false|inf|infinity|nan)\s*$/i.test(v)); break;
    }
    if (!clear) out[c.name] = c.dtype;
  });
  return out;
}

/** A random document of string fields (no types), for tokenizer tests. */
export interface GenDocument {
  text: string;
  rows: string[][];
  quoted: boolean[][];
}

export function generateDocument(seed: number, options: { maxRows?: number; maxCols?: number; delimiter?: string } = {}): GenDocument {
  const rng = new Rng(seed);
  const delimiter = options.delimiter ?? ',';
  const nCols = rng.int(2, options.maxCols ?? 5);
  const nRows = rng.int(1, options.maxRows ?? 12);
  const eol = rng.pick<LineEnding>(['lf', 'crlf', 'mixed']);
  const bom = rng.chance(0.2);
  const trailingNewline = !rng.chance(0.3);
  const quoteRate = rng.pick([0, 0.2, 0.6]);
  const blankRate = rng.pick([0, 0.1]);
  let text = bom ? '\ufeff' : '';
  const rows: string[][] = [];
  const quotedRows: boolean[][] = [];
  for (let r = 0; r < nRows; r++) {
    const fields: string[] = [];
    const quoted: boolean[] = [];
    const parts: string[] = [];
    for (let c = 0; c < nCols; c++) {
      let s = '';
      const n = rng.int(0, 4);
      for (let k = 0; k < n; k++) s += rng.pick(TEXT_PIECES);
      const must = s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r');
      const q = must || rng.chance(quoteRate);
      fields.push(s);
      quoted.push(q);
      parts.push(q ? quoteField(s) : s);
    }
    if (r > 0) {
      text += eolFor(rng, eol);
      if (rng.chance(blankRate)) text += eolFor(rng, eol);
    }
    rows.push(fields);
    quotedRows.push(quoted);
    text += parts.join(delimiter);
  }
  if (trailingNewline) text += eolFor(rng, eol);
  return { text, rows, quoted: quotedRows };
}
