/**
 * Float sums with the rounding error of NumPy's pairwise summation, so the error grows with
 * log(n) instead of n: a row splits in halves down to runs of at most RUN values, which add in
 * eight interleaved partial sums, as NumPy's `pairwise_sum` does. Totals of many rows combine in
 * a balanced tree too (PairwiseSum). Never allocates per value.
 */

/** The longest run added in a loop (NumPy's PW_BLOCKSIZE). */
export const RUN = 128;

/** Totals combined pairwise as they arrive: `levels[i]` holds the total of 2^i of them when bit i of `count` is set. */
export class PairwiseSum {
  private readonly levels = new Float64Array(64);
  private count = 0;

  add(value: number): void {
    let s = value;
    let n = this.count++;
    let level = 0;
    for (; n % 2 === 1; level++, n = (n - 1) / 2) s = this.levels[level] + s;
    this.levels[level] = s;
  }

  total(): number {
    let t = 0;
    let n = this.count;
    for (let level = 0; n > 0; level++, n = Math.floor(n / 2)) if (n % 2 === 1) t += this.levels[level];
    return t;
  }
}

/** The sum of `n` values of `data` from `x` in steps of `xs`, pairwise. */
export function sumRow(data: ArrayLike<number>, x: number, xs: number, n: number): number {
  if (xs === 0) return data[x] * n; // a constant row: n copies of one value
  if (n <= RUN) return sumUnrolled(data, x, xs, n);
  let half = Math.floor(n / 2);
  half -= half % 8;
  return sumRow(data, x, xs, half) + sumRow(data, x + half * xs, xs, n - half);
}

/** A run as NumPy adds it: eight partial sums, each of every eighth value, combined in pairs. */
export function sumUnrolled(data: ArrayLike<number>, x: number, xs: number, n: number): number {
  if (n < 8) return sumRun(data, x, xs, n);
  let r0 = data[x];
  let r1 = data[x + xs];
  let r2 = data[x + 2 * xs];
  let r3 = data[x + 3 * xs];
  let r4 = data[x + 4 * xs];
  let r5 = data[x + 5 * xs];
  let r6 = data[x + 6 * xs];
  let r7 = data[x + 7 * xs];
  const whole = n - (n % 8);
  let i = x + 8 * xs;
  for (let k = 8; k < whole; k += 8, i += 8 * xs) {
    r0 += data[i];
    r1 += data[i + xs];
    r2 += data[i + 2 * xs];
    r3 += data[i + 3 * xs];
    r4 += data[i + 4 * xs];
    r5 += data[i + 5 * xs];
    r6 += data[i + 6 * xs];
    r7 += data[i + 7 * xs];
  }
  let s = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
  for (let k = whole; k < n; k++, i += xs) s += data[i];
  return s;
}

/** A plain loop over `n` values; exact for integers while every partial sum stays below 2^53. */
export function sumRun(data: ArrayLike<number>, x: number, xs: number, n: number): number {
  let s = 0;
  for (let k = 0; k < n; k++, x += xs) s += data[x];
  return s;
}
