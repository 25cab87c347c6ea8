/**
 * Integer timestamps of a unit as floe's milliseconds (Arrow IPC and Parquet readers alike), and
 * a millisecond value with a microsecond fraction that never rounds into the next millisecond
 * (withinMs: CSV text too). Its own module, free of apache-arrow, so that a worker reading
 * Parquet does not load Arrow.
 */

/** An integer timestamp in `unit` (0 s, 1 ms, 2 µs, 3 ns) as milliseconds; µs keep their digits as the fraction, ns are floored to µs. */
export function scaleToMs(x: bigint, unit: number): number {
  // nanoseconds: floe keeps microseconds, the one each instant falls in (floored, as DuckDB casts
  // them; a division rounded .123456789 to .123457, and 1969-12-31 23:59:59.999999999 to 1970)
  if (unit === 3) return scaleToMs(floorDiv(x, 1000n), 2);
  // within ±2^53 the integer is exact as a double: one division, no bigint arithmetic
  if (x <= 9007199254740991n && x >= -9007199254740991n) return unit === 0 ? Number(x) * 1000 : unit === 1 ? Number(x) : Number(x) / 1000;
  switch (unit) {
    case 0: return Number(x) * 1000;
    case 1: return Number(x);
    default: {
      // floored to the millisecond, the µs its fraction, never rounded up into the next millisecond
      const ms = floorDiv(x, 1000n);
      return withinMs(Number(ms), Number(x - ms * 1000n) / 1000);
    }
  }
}

/** x ÷ d rounded toward −∞ (bigint division truncates toward zero: before 1970, the next unit). */
function floorDiv(x: bigint, d: bigint): bigint {
  const q = x / d;
  return x < 0n && q * d !== x ? q - 1n : q;
}

const bits = new Float64Array(1);
const word = new BigInt64Array(bits.buffer);

/**
 * The whole milliseconds `ms` plus a fraction (0 ≤ fraction < 1), never rounded up into the next
 * millisecond. Past ±2^43 ms (1691-04-06 to 2248-09-26) a double cannot hold every microsecond of a millisecond
 * value: rounded to nearest, 9999-12-31 23:59:59.999999 became 10000-01-01 — a year off, a
 * value that no longer reads back. Taken as the largest double below the next millisecond
 * instead, it keeps its second (and its microseconds to within a few).
 */
export function withinMs(ms: number, fraction: number): number {
  const x = ms + fraction;
  if (x < ms + 1) return x;
  bits[0] = ms + 1;
  word[0] += ms + 1 > 0 ? -1n : 1n; // the next double toward −∞
  return bits[0];
}
