/**
 * gen-seed.ts — owns the seed dataset generator for floe benchmarks and tests.
 *
 * Reproduces (byte format, not numpy's random values) this pandas snippet:
 *
 *   for year in range(2010, 2020):
 *       dates = pd.date_range(datetime(year,1,1), datetime(year,12,31), freq='S')
 *       df = pd.DataFrame(); df['Date'] = dates
 *       for i in range(5): df[f'X{i}'] = np.random.randint(0, 100, size=len(df))
 *       df.to_csv(f'data/{year}.csv', index=False)
 *
 * i.e. one `<out>/<year>.csv` per year, header `Date,X0,X1,X2,X3,X4`, one row per
 * second from Jan 1 00:00:00 to Dec 31 00:00:00 inclusive, five uniform ints 0..99,
 * LF line endings, no quoting.
 *
 * Output is deterministic: each year draws from its own sfc32 stream derived from
 * (seed, year), so a file's bytes do not depend on which other years are generated.
 * For speed, rows are written straight into a reusable byte buffer (timestamp text
 * incremented in place, digit lookup tables for the ints) and flushed with
 * fs.writeSync to a temp file that is renamed into place only on success.
 *
 * CLI:  node --import tsx scripts/gen-seed.ts [--years 2010-2019] [--out data]
 *                                             [--rows N] [--seed 42]
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface SeedYearOptions {
  /** Only write the first `rows` rows (seconds) of the year; capped at the full count. */
  rows?: number;
  /** PRNG seed, an integer in 0..2^32-1. Default 42. */
  seed?: number;
}

export interface SeedYearResult {
  rows: number;
  bytes: number;
}

export const DEFAULT_SEED = 42;
const HEADER = 'Date,X0,X1,X2,X3,X4\n';
const BUFFER_BYTES = 16 * 1024 * 1024;
/** Longest possible row: 19-char timestamp + 5 × ",NN" + "\n". */
const MAX_ROW_BYTES = 19 + 5 * 3 + 1;
const SECONDS_PER_DAY = 86_400;

const CH_0 = 0x30;
const CH_9 = 0x39;
const CH_COMMA = 0x2c;
const CH_LF = 0x0a;

/** Uniform 0..99 from a 16-bit draw: reject draws >= 65500 (65500 = 655 × 100). */
const U16_LIMIT = 65_500;

/** Digit tables for 0..99: ASCII tens / ones digit. */
const TENS = new Uint8Array(100);
const ONES = new Uint8Array(100);
for (let v = 0; v < 100; v++) {
  TENS[v] = CH_0 + Math.floor(v / 10);
  ONES[v] = CH_0 + (v % 10);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Rows in a full year file: every second from Jan 1 00:00:00 to Dec 31 00:00:00 inclusive. */
export function seedRowCount(year: number): number {
  const days = isLeapYear(year) ? 366 : 365;
  return (days - 1) * SECONDS_PER_DAY + 1;
}

/** murmur3 fmix32 finalizer: a good 32-bit avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting PRNG), 32-bit integer ops only. */
export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream derived from (seed, year); distinct years give independent streams. */
  constructor(seed: number, stream: number) {
    let h = fmix32((seed ^ 0x243f6a88) >>> 0);
    h = fmix32((h ^ Math.imul(stream, 0x9e3779b9)) >>> 0);
    this.a = fmix32((h + 0x6a09e667) >>> 0);
    this.b = fmix32((h + 0xbb67ae85) >>> 0);
    this.c = fmix32((h + 0x3c6ef372) >>> 0);
    this.d = 1;
    for (let i = 0; i < 16; i++) this.next();
  }

  /** Next uint32. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A fresh 16-bit draw below U16_LIMIT (rejection slow path, p ≈ 0.05%). */
  next16Accepted(): number {
    for (;;) {
      const v = this.next() & 0xffff;
      if (v < U16_LIMIT) return v;
    }
  }
}

/** Write all of buf[0, len) to fd, looping over partial writes. */
export function writeAll(fd: number, buf: Uint8Array, len: number): void {
  let off = 0;
  while (off < len) off += writeSync(fd, buf, off, len - off);
}

/**
 * Writes a file under a temporary name and renames it into place only when `write` returns,
 * so an interrupted or failed run never leaves a file that looks complete.
 */
export function writeAtomically<T>(path: string, write: (fd: number) => T): T {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  let result: T;
  try {
    result = write(fd);
    closeSync(fd);
  } catch (err) {
    try { closeSync(fd); } catch { /* already closed */ }
    rmSync(tmp, { force: true });
    throw err;
  }
  renameSync(tmp, path);
  return result;
}

const ROWS_FLUSH_BYTES = 8 * 1024 * 1024;

/**
 * Streams `rows` text rows (each ending in its own newline) under a header line into an
 * atomically written file, through one reusable latin1 buffer. Returns the bytes written.
 * `row(r)` is called in order, so a seeded generator may advance inside it.
 */
export function writeRows(path: string, header: string, rows: number, row: (r: number) => string): number {
  const buf = Buffer.allocUnsafe(ROWS_FLUSH_BYTES + 4096);
  return writeAtomically(path, (fd) => {
    let pos = buf.write(`${header}\n`, 0, 'latin1');
    let bytes = 0;
    for (let r = 0; r < rows; r++) {
      pos += buf.write(row(r), pos, 'latin1');
      if (pos >= ROWS_FLUSH_BYTES) {
        writeAll(fd, buf, pos);
        bytes += pos;
        pos = 0;
      }
    }
    writeAll(fd, buf, pos);
    return bytes + pos;
  });
}

/**
 * Advance the 19-byte "YYYY-MM-DD HH:MM:SS" text by one second, in place.
 * Only the digits that change are rewritten.
 */
function tickTimestamp(ts: Uint8Array, year: number): void {
  // seconds
  if (ts[18] !== CH_9) { ts[18]++; return; }
  ts[18] = CH_0;
  if (ts[17] !== CH_0 + 5) { ts[17]++; return; }
  ts[17] = CH_0;
  // minutes
  if (ts[15] !== CH_9) { ts[15]++; return; }
  ts[15] = CH_0;
  if (ts[14] !== CH_0 + 5) { ts[14]++; return; }
  ts[14] = CH_0;
  // hours
  if (ts[11] === CH_0 + 2 && ts[12] === CH_0 + 3) {
    ts[11] = CH_0;
    ts[12] = CH_0;
    nextDay(ts, year);
    return;
  }
  if (ts[12] !== CH_9) { ts[12]++; return; }
  ts[12] = CH_0;
  ts[11]++;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Rewrite the "MM-DD" part of the timestamp for the following day (within `year`). */
function nextDay(ts: Uint8Array, year: number): void {
  let month = (ts[5] - CH_0) * 10 + (ts[6] - CH_0);
  let day = (ts[8] - CH_0) * 10 + (ts[9] - CH_0);
  const dim = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (++day > dim) {
    day = 1;
    month++; // never passes 12: generation stops at Dec 31 00:00:00
  }
  ts[5] = TENS[month];
  ts[6] = ONES[month];
  ts[8] = TENS[day];
  ts[9] = ONES[day];
}

/** Write `year`'s seed CSV to `path` (via temp file + rename). */
export function generateSeedYear(path: string, year: number, opts: SeedYearOptions = {}): SeedYearResult {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`year must be an integer in 1000..9999, got ${year}`);
  }
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in 0..4294967295, got ${seed}`);
  }
  const full = seedRowCount(year);
  const rows = opts.rows === undefined ? full : Math.min(opts.rows, full);
  if (!Number.isInteger(rows) || rows < 0) {
    throw new RangeError(`rows must be a non-negative integer, got ${opts.rows}`);
  }

  const rng = new Sfc32(seed, year);
  const buf = new Uint8Array(BUFFER_BYTES);
  const flushAt = BUFFER_BYTES - MAX_ROW_BYTES;
  const ts = new TextEncoder().encode(`${year}-01-01 00:00:00`);
  let pos = new TextEncoder().encodeInto(HEADER, buf).written;
  let bytes = 0;

  mkdirSync(dirname(path), { recursive: true });
  return writeAtomically(path, (fd) => {
    for (let r = 0; r < rows; r++) {
      if (r !== 0) tickTimestamp(ts, year);
      for (let i = 0; i < 19; i++) buf[pos + i] = ts[i];
      pos += 19;

      // Five values from three uint32 draws (two 16-bit halves each; the 6th half is unused).
      const r0 = rng.next();
      const r1 = rng.next();
      const r2 = rng.next();
      for (let k = 0; k < 5; k++) {
        let v = k === 0 ? r0 & 0xffff : k === 1 ? r0 >>> 16 : k === 2 ? r1 & 0xffff : k === 3 ? r1 >>> 16 : r2 & 0xffff;
        if (v >= U16_LIMIT) v = rng.next16Accepted();
        v %= 100;
        buf[pos++] = CH_COMMA;
        if (v >= 10) buf[pos++] = TENS[v];
        buf[pos++] = ONES[v];
      }
      buf[pos++] = CH_LF;

      if (pos >= flushAt) {
        writeAll(fd, buf, pos);
        bytes += pos;
        pos = 0;
      }
    }
    writeAll(fd, buf, pos);
    bytes += pos;
    return { rows, bytes };
  });
}

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

export interface CliOptions {
  years: number[];
  out: string;
  rows: number | undefined;
  seed: number;
}

const USAGE = 'usage: gen-seed [--years 2010-2019|2015|2010,2012] [--out data] [--rows N] [--seed 42]';

class UsageError extends Error {}

function parseIntStrict(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag}: expected an integer, got '${text}'`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`${flag}: ${n} is out of range ${min}..${max}`);
  return n;
}

/** Parse `2010-2019`, `2015` or `2010,2012` (parts may themselves be ranges). */
export function parseYears(text: string): number[] {
  const years = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\d{4})(?:-(\d{4}))?$/.exec(part.trim());
    if (!m) throw new UsageError(`--years: cannot parse '${text}' (expected e.g. 2010-2019, 2015 or 2010,2012)`);
    const lo = parseIntStrict('--years', m[1], 1000, 9999);
    const hi = m[2] === undefined ? lo : parseIntStrict('--years', m[2], 1000, 9999);
    if (hi < lo) throw new UsageError(`--years: empty range '${part}'`);
    for (let y = lo; y <= hi; y++) years.add(y);
  }
  return [...years].sort((a, b) => a - b);
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const opts: CliOptions = { years: parseYears('2010-2019'), out: 'data', rows: undefined, seed: DEFAULT_SEED };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq >= 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag}: missing value`);
      return next;
    };
    switch (flag) {
      case '--years': opts.years = parseYears(value()); break;
      case '--out': opts.out = value(); if (opts.out === '') throw new UsageError('--out: empty path'); break;
      case '--rows': opts.rows = parseIntStrict('--rows', value(), 1, Number.MAX_SAFE_INTEGER); break;
      case '--seed': opts.seed = parseIntStrict('--seed', value(), 0, 0xffffffff); break;
      default: throw new UsageError(`unknown argument '${arg}'`);
    }
  }
  return opts;
}

function main(argv: readonly string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`gen-seed: ${err.message} (see --help)\n`);
      return 2;
    }
    throw err;
  }

  const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
  const rate = (bytes: number, ms: number): string => (ms > 0 ? (bytes / 1e6 / (ms / 1000)).toFixed(1) : 'inf');
  let totalRows = 0;
  let totalBytes = 0;
  const t0 = performance.now();
  for (const year of opts.years) {
    const path = join(opts.out, `${year}.csv`);
    const start = performance.now();
    const { rows, bytes } = generateSeedYear(path, year, { rows: opts.rows, seed: opts.seed });
    const ms = performance.now() - start;
    totalRows += rows;
    totalBytes += bytes;
    process.stderr.write(`${path}  ${rows} rows  ${mb(bytes)} MB  ${rate(bytes, ms)} MB/s\n`);
  }
  const ms = performance.now() - t0;
  process.stderr.write(
    `total: ${opts.years.length} files  ${totalRows} rows  ${mb(totalBytes)} MB  ` +
      `${(ms / 1000).toFixed(1)} s  ${rate(totalBytes, ms)} MB/s\n`,
  );
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
