/**
 * Integer timestamps of a unit as floe's milliseconds (Arrow IPC and Parquet readers alike). Its
 * own module, free of apache-arrow, so that a worker reading Parquet does not load Arrow.
 */

import { withinMs } from './csv/parse-timestamp.js';

/** An integer timestamp in `unit` (0 s, 1 ms, 2 µs, 3 ns) as milliseconds; µs keep their digits as the fraction, ns are floored to µs. */
export function scaleToMs(x: bigint, unit: number): number {
  // nanoseconds: floe keeps microseconds, the one each instant falls in (floored, as DuckDB casts
  // them; a division rounded .123456789 to .123457, and 1969-12-31 23:59:59.999999999 to 1970)
  if (unit === 3) {
    const us = x / 1000n;
    return scaleToMs(x < 0n && us * 1000n !== x ? us - 1n : us, 2);
  }
  // within ±2^53 the integer is exact as a double: one division, no bigint arithmetic
  if (x <= 9007199254740991n && x >= -9007199254740991n) return unit === 0 ? Number(x) * 1000 : unit === 1 ? Number(x) : Number(x) / 1000;
  switch (unit) {
    case 0: return Number(x) * 1000;
    case 1: return Number(x);
    default: {
      // floored to the millisecond, the µs its fraction, never rounded up into the next millisecond
      const ms = x / 1000n - (x < 0n && x % 1000n !== 0n ? 1n : 0n);
      return withinMs(Number(ms), Number(x - ms * 1000n) / 1000);
    }
  }
}
