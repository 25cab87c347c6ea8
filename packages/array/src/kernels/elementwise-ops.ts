/**
 * The elementwise operations: one scalar function per op for numbers and one for bigints
 * (int64), and the dtype rules NumPy gives each. Storing into a typed array does the integer
 * wrap-around NumPy does (Int32Array and BigInt64Array wrap on store), so only products,
 * which can leave the exact range of a double, need their own int32 form (Math.imul).
 */
import { isFloat, promote, type DType } from '../dtype.js';

export type UnaryOp = 'neg' | 'abs' | 'exp' | 'log' | 'sqrt' | 'sin' | 'cos' | 'floor' | 'ceil' | 'round' | 'isnan' | 'not';
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'and' | 'or';

type Num = (a: number, b: number) => number | boolean;
type Big = (a: bigint, b: bigint) => bigint | boolean;

const COMPARISONS = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const LOGICAL = new Set<BinaryOp>(['and', 'or']);
const FLOAT_UNARY = new Set<UnaryOp>(['exp', 'log', 'sqrt', 'sin', 'cos']);

/** The dtype the operands are brought to before the op runs. */
export function binaryComputeDType(op: BinaryOp, a: DType, b: DType): DType {
  if (LOGICAL.has(op)) return 'bool';
  const p = promote(a, b);
  if (op === 'div') return p === 'float32' ? 'float32' : 'float64';
  if (op === 'pow' && p === 'bool') return 'int64';
  return p;
}

export function binaryResultDType(op: BinaryOp, a: DType, b: DType): DType {
  if (COMPARISONS.has(op) || LOGICAL.has(op)) return 'bool';
  const c = binaryComputeDType(op, a, b);
  if (c === 'bool' && op === 'sub') throw new TypeError('subtracting booleans is not supported (as in NumPy): use xor, or cast to int32 first');
  return c;
}

export function unaryResultDType(op: UnaryOp, a: DType): DType {
  if (op === 'isnan' || op === 'not') return 'bool';
  if (FLOAT_UNARY.has(op)) return isFloat(a) ? a : 'float64';
  if (op === 'neg' && a === 'bool') throw new TypeError('negating a boolean array is not supported (as in NumPy): use not()');
  return a;
}

/** Scalar function for op on operands of compute dtype `c`. */
export function binaryScalar(op: BinaryOp, c: DType): Num | Big {
  if (c === 'int64') return BIG[op];
  if (c === 'bool') {
    if (op === 'add') return (a: number, b: number) => a | b;
    if (op === 'mul') return (a: number, b: number) => a & b;
  }
  if (c === 'int32' && op === 'mul') return Math.imul;
  if (c === 'int32' && op === 'pow') return ipow32;
  return NUM[op];
}

/** NumPy refuses integer powers with a negative exponent (1/a^b is not an integer); so does floe, when planning for a scalar exponent, else in the kernel. */
export function negativePowerError(): Error {
  return new RangeError('Integers to negative integer powers are not allowed (as in NumPy): use a float array or exponent, e.g. x.astype(\'float64\').pow(-1)');
}

function ipow32(a: number, b: number): number {
  if (b < 0) throw negativePowerError();
  let r = 1;
  let base = a | 0;
  for (let e = b; e > 0; e >>>= 1) {
    if (e & 1) r = Math.imul(r, base);
    base = Math.imul(base, base);
  }
  return r;
}

const NUM: Record<BinaryOp, Num> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  maximum: (a, b) => (a > b || a !== a ? a : b),
  minimum: (a, b) => (a < b || a !== a ? a : b),
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
  and: (a, b) => a !== 0 && b !== 0,
  or: (a, b) => a !== 0 || b !== 0,
};

const BIG: Record<BinaryOp, Big> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: () => { throw new Error('internal: int64 division runs in float64'); },
  pow: (a, b) => {
    if (b < 0n) throw negativePowerError();
    return BigInt.asIntN(64, a ** b);
  },
  // biome-ignore lint/complexity/useMathMinMax: Math.max does not take bigints
  maximum: (a, b) => (a > b ? a : b),
  // biome-ignore lint/complexity/useMathMinMax: Math.min does not take bigints
  minimum: (a, b) => (a < b ? a : b),
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
  and: (a, b) => a !== 0n && b !== 0n,
  or: (a, b) => a !== 0n || b !== 0n,
};

export function unaryScalar(op: UnaryOp, c: DType): (a: never) => number | bigint | boolean {
  if (c === 'int64') {
    const f: Record<string, (a: bigint) => bigint | boolean> = {
      neg: (a) => -a, abs: (a) => (a < 0n ? -a : a), floor: (a) => a, ceil: (a) => a, round: (a) => a,
      isnan: () => false, not: (a) => a === 0n,
    };
    return f[op] as (a: never) => bigint | boolean;
  }
  const f: Record<UnaryOp, (a: number) => number | boolean> = {
    neg: (a) => -a, abs: Math.abs, exp: Math.exp, log: Math.log, sqrt: Math.sqrt, sin: Math.sin, cos: Math.cos,
    floor: Math.floor, ceil: Math.ceil, round: roundHalfEven, isnan: (a) => a !== a, not: (a) => a === 0,
  };
  return f[op] as (a: never) => number | boolean;
}

/** NumPy rounds halves to even. */
function roundHalfEven(a: number): number {
  const r = Math.round(a);
  return Math.abs(a % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
