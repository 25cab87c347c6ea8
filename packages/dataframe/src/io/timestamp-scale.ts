/**
 * Integer timestamps of a unit as floe's milliseconds (Arrow IPC and Parquet readers alike). Its
 * own module, free of apache-arrow, so that a worker reading Parquet does not load Arrow.
 */

/** An integer timestamp in `unit` (0 s, 1 ms, 2 µs, 3 ns) as milliseconds; µs and ns keep their digits as the fraction. */
export function scaleToMs(x: bigint, unit: number): number {
  // within ±2^53 the integer is exact as a double: one division, no bigint arithmetic
  if (x <= 9007199254740991n && x >= -9007199254740991n) return unit === 0 ? Number(x) * 1000 : unit === 1 ? Number(x) : Number(x) / (unit === 2 ? 1000 : 1e6);
  switch (unit) {
    case 0: return Number(x) * 1000;
    case 1: return Number(x);
    case 2: return Number(x / 1000n) + Number(x % 1000n) / 1000;
    default: return Number(x / 1_000_000n) + Number(x % 1_000_000n) / 1e6;
  }
}
