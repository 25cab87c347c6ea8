/**
 * Number functions of a column, row by row: round (half away from zero, to `n` decimals, a
 * negative `n` to tens, hundreds …, as DuckDB and SQL round; pandas and NumPy round halves to
 * even), floor, ceil, trunc, abs, sign, sqrt, exp, ln, log10, log (to base `n`). Nulls stay null.
 * An int64 column stays int64 where the answer is an integer (round, floor, ceil, trunc, abs,
 * sign), exactly past 2^53; the rest are float64 with JavaScript's Math (sqrt(−1) is NaN,
 * ln(0) −Infinity, where DuckDB raises an error).
 */
import type { MathFn } from '../plan/expr-node.js';
import { I64_MAX, I64_MIN } from '../types/dtype.js';
import type { Column } from './column.js';

export function mathOp(a: Column, fn: MathFn, n: number, len: number): Column {
  if (a.dtype === 'int64') return integerOp(a, fn, n, len);
  const src = a.values as Float64Array;
  const out = new Float64Array(len);
  switch (fn) {
    case 'round': {
      if (n >= 0) {
        const p = 10 ** n;
        for (let i = 0; i < len; i++) out[i] = roundScaled(src[i], p, false);
      } else {
        const p = 10 ** -n;
        for (let i = 0; i < len; i++) out[i] = roundScaled(src[i], p, true);
      }
      break;
    }
    // + 0: no −0 (ceil(−0.5) printed as -0.0)
    case 'floor': for (let i = 0; i < len; i++) out[i] = Math.floor(src[i]) + 0; break;
    case 'ceil': for (let i = 0; i < len; i++) out[i] = Math.ceil(src[i]) + 0; break;
    case 'trunc': for (let i = 0; i < len; i++) out[i] = Math.trunc(src[i]) + 0; break;
    case 'abs': for (let i = 0; i < len; i++) out[i] = Math.abs(src[i]); break;
    case 'sign': for (let i = 0; i < len; i++) out[i] = Math.sign(src[i]) + 0; break;
    case 'sqrt': for (let i = 0; i < len; i++) out[i] = Math.sqrt(src[i]) + 0; break;
    case 'exp': for (let i = 0; i < len; i++) out[i] = Math.exp(src[i]); break;
    case 'ln': for (let i = 0; i < len; i++) out[i] = Math.log(src[i]); break;
    case 'log10': for (let i = 0; i < len; i++) out[i] = Math.log10(src[i]); break;
    case 'log': {
      // base 2 and 10 by their own functions: ln(x) / ln(b) made log2(2^29) 29.000000000000004
      // and log(10, 1000) 2.9999999999999996 (so floor(log(10, 1000)) was 2)
      if (n === 2) for (let i = 0; i < len; i++) out[i] = Math.log2(src[i]);
      else if (n === 10) for (let i = 0; i < len; i++) out[i] = Math.log10(src[i]);
      else {
        const base = Math.log(n);
        for (let i = 0; i < len; i++) out[i] = Math.log(src[i]) / base;
      }
      break;
    }
  }
  return { dtype: 'float64', length: len, values: out, valid: a.valid };
}

/**
 * x rounded half away from zero at the scale `p` (10^decimals; `tens`: p is 10^−decimals), as
 * DuckDB computes it on a double (round(x · p) / p); a result that overflows keeps x.
 */
function roundScaled(x: number, p: number, tens: boolean): number {
  const scaled = tens ? x / p : x * p;
  const r = Math.sign(scaled) * Math.round(Math.abs(scaled));
  const out = tens ? r * p : r / p;
  return Number.isFinite(out) ? out + 0 : x;
}

function integerOp(a: Column, fn: MathFn, n: number, len: number): Column {
  let v = a.values as Float64Array | BigInt64Array;
  if (fn === 'floor' || fn === 'ceil' || fn === 'trunc' || (fn === 'round' && n >= 0)) return a;
  // rounded to tens near 2^53, an int64 may leave the doubles' exact range: rounded in bigints
  if (fn === 'round' && v instanceof Float64Array && v.some((x) => Math.abs(x) > 2 ** 52)) v = BigInt64Array.from(v, BigInt);
  if (fn === 'abs' || fn === 'sign' || fn === 'round') {
    if (v instanceof BigInt64Array) {
      const out = new BigInt64Array(len);
      const p = fn === 'round' ? 10n ** BigInt(-n) : 1n;
      for (let i = 0; i < len; i++) {
        const x = v[i];
        if (fn === 'sign') out[i] = x > 0n ? 1n : x < 0n ? -1n : 0n;
        else if (fn === 'abs') {
          if (x === I64_MIN && (a.valid === null || a.valid[i] === 1)) throw new Error(`int64 overflow in abs: ${x}; cast to float64 first`);
          out[i] = x < 0n ? -x : x;
        } else {
          // half away from zero, in bigints
          const q = (x < 0n ? -x : x) + p / 2n;
          const r = (q / p) * p;
          if (r > I64_MAX && (a.valid === null || a.valid[i] === 1)) throw new Error(`int64 overflow in round: ${x}; cast to float64 first`);
          out[i] = x < 0n ? -r : r;
        }
      }
      return { dtype: 'int64', length: len, values: out, valid: a.valid };
    }
    const out = new Float64Array(len);
    if (fn === 'sign') for (let i = 0; i < len; i++) out[i] = Math.sign(v[i]) + 0;
    else if (fn === 'abs') for (let i = 0; i < len; i++) out[i] = Math.abs(v[i]);
    else {
      const p = 10 ** -n;
      for (let i = 0; i < len; i++) out[i] = (Math.sign(v[i]) * Math.round(Math.abs(v[i]) / p) * p) + 0;
    }
    return { dtype: 'int64', length: len, values: out, valid: a.valid };
  }
  const doubles = v instanceof BigInt64Array ? Float64Array.from(v, Number) : v;
  return mathOp({ dtype: 'float64', length: len, values: doubles, valid: a.valid }, fn, n, len);
}
