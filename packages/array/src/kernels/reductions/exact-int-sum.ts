/**
 * Exact sums of integer and bool blocks, for sum, mean, var and std. Values add in doubles —
 * fast — in runs short enough to stay exact: at most RUN values below 2^32 in magnitude sum
 * below 2^53. Each run total then joins the cell's total, kept as a pair of doubles hi + lo
 * (exact up to about 2^106; while the total is a safe integer, lo is 0 and adding stays in
 * doubles). An int64 value adds as two 32-bit limbs: its high word (signed) and low word
 * (unsigned), read through 32-bit views of the same buffer. Never allocates per value.
 */
import type { Block } from '../block.js';
import { foldRows } from './fold-rows.js';
import { sumRun } from './pairwise-sum.js';
import type { FoldInput } from './reduction.js';

/** Values per exact run: RUN × 2^32 = 2^53. */
export const RUN = 2 ** 21;
const HALF_SAFE = 2 ** 52; // two doubles at most this big add exactly
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Per output cell, the exact total hi[c] + lo[c]. */
export interface ExactSums {
  hi: Float64Array;
  lo: Float64Array;
}

/** One 32-bit-or-less part of each value: element x is `data[scale * x + shift] * weight`. */
interface Limb {
  data: ArrayLike<number>;
  scale: number;
  shift: number;
  weight: number;
}

function limbsOf(block: Block): Limb[] {
  const data = block.data;
  if (!(data instanceof BigInt64Array)) return [{ data: data as ArrayLike<number>, scale: 1, shift: 0, weight: 1 }];
  const low = new Uint32Array(data.buffer, data.byteOffset, data.length * 2);
  const high = new Int32Array(data.buffer, data.byteOffset, data.length * 2);
  return [
    { data: low, scale: 2, shift: LITTLE_ENDIAN ? 0 : 1, weight: 1 },
    { data: high, scale: 2, shift: LITTLE_ENDIAN ? 1 : 0, weight: 2 ** 32 },
  ];
}

export function foldIntSum(input: FoldInput): ExactSums {
  const cells = input.cells;
  const sums: ExactSums = { hi: new Float64Array(cells), lo: new Float64Array(cells) };
  const limbs = limbsOf(input.block);
  const pending = limbs.map(() => new Float64Array(cells)); // each limb's open run total per cell
  const count = new Float64Array(cells); // values in each cell's open run (rows along the reduced last axis)
  let rows = 0; // rows since the last flush (rows across cells add one value to each)
  const flush = (c: number): void => {
    limbs.forEach((l, k) => {
      addExact(sums, c, pending[k][c] * l.weight);
      pending[k][c] = 0;
    });
    count[c] = 0;
  };
  foldRows(input, (x, c, _i, n, xs, cs) => {
    if (cs !== 0) {
      if (rows === RUN) {
        for (let i = 0; i < cells; i++) flush(i);
        rows = 0;
      }
      rows++;
      limbs.forEach((l, k) => {
        const p = pending[k];
        const step = l.scale * xs;
        for (let j = 0, i = l.scale * x + l.shift, cc = c; j < n; j++, i += step, cc += cs) p[cc] += l.data[i];
      });
      return;
    }
    for (let k = 0; k < n; ) {
      if (count[c] === RUN) flush(c);
      const m = Math.min(n - k, RUN - count[c]);
      limbs.forEach((l, j) => {
        const i = l.scale * x + l.shift;
        pending[j][c] += xs === 0 ? l.data[i] * m : sumRun(l.data, i, l.scale * xs, m);
      });
      count[c] += m;
      k += m;
      x += m * xs;
    }
  });
  for (let c = 0; c < cells; c++) flush(c);
  return sums;
}

/** Adds the integer-valued double `s` to cell c exactly. */
function addExact(t: ExactSums, c: number, s: number): void {
  if (s === 0) return;
  const h = t.hi[c];
  if (t.lo[c] === 0 && Math.abs(h) <= HALF_SAFE && Math.abs(s) <= HALF_SAFE) t.hi[c] = h + s;
  else setExact(t, c, exactTotal(t, c) + BigInt(s));
}

function setExact(t: ExactSums, c: number, v: bigint): void {
  const h = Number(v); // nearest double: the remainder is at most half an ulp of it
  t.hi[c] = h;
  t.lo[c] = Number(v - BigInt(h));
}

export function exactTotal(t: ExactSums, c: number): bigint {
  return t.lo[c] === 0 ? BigInt(t.hi[c]) : BigInt(t.hi[c]) + BigInt(t.lo[c]);
}

/** a += b, cell by cell. */
export function mergeExact(a: ExactSums, b: ExactSums): void {
  for (let c = 0; c < a.hi.length; c++) {
    if (b.lo[c] === 0) addExact(a, c, b.hi[c]);
    else setExact(a, c, exactTotal(a, c) + exactTotal(b, c));
  }
}

/** The totals as int64, wrapping past 2^63 as NumPy does. */
export function exactToInt64(t: ExactSums): BigInt64Array {
  const out = new BigInt64Array(t.hi.length);
  for (let c = 0; c < out.length; c++) out[c] = BigInt.asIntN(64, exactTotal(t, c));
  return out;
}

/** total / n per cell (NaN when n is 0): exact quotient plus the remainder's fraction — correctly rounded below 2^53, within an ulp above. */
export function exactMeans(t: ExactSums, n: number): Float64Array {
  const out = new Float64Array(t.hi.length);
  for (let c = 0; c < out.length; c++) out[c] = exactMean(t, c, n);
  return out;
}

function exactMean(t: ExactSums, c: number, n: number): number {
  if (n === 0) return NaN;
  if (t.lo[c] === 0 && Math.abs(t.hi[c]) <= 2 ** 53) return t.hi[c] / n;
  const total = exactTotal(t, c);
  const d = BigInt(n);
  return Number(total / d) + Number(total % d) / n;
}
