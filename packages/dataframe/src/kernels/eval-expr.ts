/**
 * Evaluates a row-level expression over a batch, column at a time. Nulls propagate (Kleene
 * logic for and/or). Never evaluates aggregates (those are kernels/aggregates.ts) and never
 * sees a column name that plan/resolve.ts did not check.
 */
import { columnsOf, walkExpr, type BinaryOp, type DtField, type ExprNode, type NarrowType } from '../plan/expr-node.js';
import { I64_MAX, I64_MIN, isInt64Number, numericSupertype, type DType } from '../types/dtype.js';
import type { Batch } from './batch.js';
import { arrayFor, valueAt, type Column } from './column.js';
import { civilFromDays, formatDate, formatTimestamp, MS_PER_DAY, weekdayOfDays } from './civil-time.js';
import { parseTimestampText } from '../io/csv/parse-timestamp.js';
import { isIn } from './is-in.js';
import { choose } from './choose.js';
import { isNullLiteral } from '../plan/null-literal.js';
import { stringOp } from './string-ops.js';
import { concatStrings } from './concat-strings.js';
import { mathOp } from './math-ops.js';
import { matcher } from './regex.js';
import { strftimeColumn } from './strftime.js';
import { DictionaryBuilder } from './dictionary-builder.js';
import { mapValues } from './map-values.js';
import { keptValues, testEntries } from './entry-memo.js';
import { takeColumn } from './sort.js';
import { takeOrNull } from './take.js';

export function evalExpr(e: ExprNode, batch: Batch): Column {
  const n = batch.length;
  switch (e.kind) {
    case 'col': {
      const c = batch.columns.get(e.name);
      if (!c) throw new Error(`internal: column ${JSON.stringify(e.name)} is not in the batch`);
      return c;
    }
    case 'alias': return evalExpr(e.arg, batch);
    case 'lit': return literalColumn(e.value, e.dtype ?? 'float64', n);
    case 'binary': {
      // a number on one side (x * 2, 1 - x, x <= date): no column of copies of it
      const right = numberLiteral(e.right);
      const left = right === null ? numberLiteral(e.left) : null;
      if (right !== null || left !== null) {
        const lit = (right ?? left)!;
        const other = evalExpr(right !== null ? e.left : e.right, batch);
        const out = binaryScalar(e.op, other, lit.value, lit.dtype, right !== null, n);
        if (out !== null) return out;
        const col = literalColumn(lit.value, lit.dtype, n);
        return right !== null ? binary(e.op, other, col, n) : binary(e.op, col, other, n);
      }
      // a null literal: a null column of the other side's type (resolve.ts types it so)
      if (isNullLiteral(e.left) || isNullLiteral(e.right)) {
        const other = evalExpr(isNullLiteral(e.left) ? e.right : e.left, batch);
        const nulls = literalColumn(null, other.dtype, n);
        return isNullLiteral(e.left) ? binary(e.op, nulls, other, n) : binary(e.op, other, nulls, n);
      }
      if ((e.op === 'and' || e.op === 'or') && (holdsStrictCast(e.left) || holdsStrictCast(e.right))) return logicalOnNeededRows(e.op, e.left, e.right, batch, n);
      return binary(e.op, evalExpr(e.left, batch), evalExpr(e.right, batch), n);
    }
    case 'not': {
      const a = isNullLiteral(e.arg) ? literalColumn(null, 'bool', n) : evalExpr(e.arg, batch);
      const out = new Uint8Array(n);
      const av = a.values as Uint8Array;
      for (let i = 0; i < n; i++) out[i] = av[i] ^ 1;
      return { dtype: 'bool', length: n, values: out, valid: a.valid };
    }
    case 'neg': {
      const arg = evalExpr(e.arg, batch);
      if (arg.values instanceof BigInt64Array) {
        // int64 past 2^53: negated exactly (through a double it rounded: −4611686018427387903 → …8000)
        const v = arg.values;
        const out = new BigInt64Array(n);
        for (let i = 0; i < n; i++) {
          if (arg.valid !== null && arg.valid[i] === 0) continue;
          if (v[i] === I64_MIN) throw new Error(`int64 overflow in neg: ${v[i]}; cast to float64 first`);
          out[i] = -v[i];
        }
        return { dtype: 'int64', length: n, values: out, valid: arg.valid };
      }
      const a = toF64(arg);
      const out = new Float64Array(n);
      // an integer zero has no sign: 0 − x (a float keeps IEEE's −0)
      if (a.dtype === 'float64') for (let i = 0; i < n; i++) out[i] = -a.values[i];
      else for (let i = 0; i < n; i++) out[i] = 0 - a.values[i];
      return { dtype: a.dtype, length: n, values: out, valid: a.valid };
    }
    case 'isNull': {
      const a = evalExpr(e.arg, batch);
      return { dtype: 'bool', length: n, values: nullMask(a.valid, n, e.negate), valid: null };
    }
    case 'when': {
      if (holdsStrictCast(e.value) || holdsStrictCast(e.otherwise)) return whenOnTakenRows(e, batch, n);
      const a = evalExpr(e.value, batch);
      const b = evalExpr(e.otherwise, batch);
      const dtype = isNullLiteral(e.value) ? b.dtype : isNullLiteral(e.otherwise) || a.dtype === b.dtype ? a.dtype : 'float64';
      return choose(isNullLiteral(e.cond) ? literalColumn(null, 'bool', n) : evalExpr(e.cond, batch), a, b, dtype, n);
    }
    case 'fillNull': return isNullLiteral(e.value) ? evalExpr(e.arg, batch) : fillNull(evalExpr(e.arg, batch), evalExpr(e.value, batch), n);
    case 'cast': {
      const input = evalExpr(e.arg, batch);
      const out = cast(input, e.to, n, e.strict === true, e.orNull === true);
      if (e.strict === true && e.orNull !== true) refuseUnconverted(input, out, n);
      return e.narrow ? narrow(out, e.narrow, n, e.orNull === true) : out;
    }
    case 'dt': return dtField(evalExpr(e.arg, batch), e.field, n);
    case 'strftime': return strftimeColumn(evalExpr(e.arg, batch), e.format, n);
    case 'str': return strMatch(evalExpr(e.arg, batch), e.op, e.pattern, e.flags ?? '', n);
    case 'strFn': return stringOp(evalExpr(e.arg, batch), e.fn, n);
    case 'concat': return concatStrings(e.args.map((a) => (isNullLiteral(a) ? literalColumn(null, 'string', n) : evalExpr(a, batch))), n);
    case 'math': return mathOp(evalExpr(e.arg, batch), e.fn, e.n, n);
    case 'isIn': {
      const one: Batch = { length: 1, columns: batch.columns };
      return isIn(evalExpr(e.arg, batch), e.values.map((v) => evalExpr(v, one)), n);
    }
    case 'wildcard': case 'agg': case 'fillStrategy': case 'scalar': case 'window':
      throw new Error(`internal: ${e.kind} cannot be evaluated per row`);
  }
}

function numberLiteral(e: ExprNode): { value: number; dtype: DType } | null {
  return e.kind === 'lit' && typeof e.value === 'number' ? { value: e.value, dtype: e.dtype ?? 'float64' } : null;
}

const SCALAR_COMPARE = new Set<BinaryOp>(['eq', 'neq', 'lt', 'lte', 'gt', 'gte']);

/**
 * `a op v` (or `v op a`) for a number v, as binary() would give it with v's column of copies:
 * comparisons of any column held as float64 values, and + − × ÷ of int64/float64 columns and
 * literals. null: not one of these (the caller takes the general path).
 */
function binaryScalar(op: BinaryOp, a: Column, v: number, vType: DType, litOnRight: boolean, n: number): Column | null {
  if (!(a.values instanceof Float64Array) || a.dtype === 'string') return null;
  const x = a.values;
  if (SCALAR_COMPARE.has(op)) {
    const out = new Uint8Array(n);
    // v op x is x (flipped op) v
    const o = litOnRight ? op : op === 'lt' ? 'gt' : op === 'lte' ? 'gte' : op === 'gt' ? 'lt' : op === 'gte' ? 'lte' : op;
    switch (o) {
      case 'eq': for (let i = 0; i < n; i++) out[i] = x[i] === v ? 1 : 0; break;
      case 'neq': for (let i = 0; i < n; i++) out[i] = x[i] !== v ? 1 : 0; break;
      case 'lt': for (let i = 0; i < n; i++) out[i] = x[i] < v ? 1 : 0; break;
      case 'lte': for (let i = 0; i < n; i++) out[i] = x[i] <= v ? 1 : 0; break;
      case 'gt': for (let i = 0; i < n; i++) out[i] = x[i] > v ? 1 : 0; break;
      case 'gte': for (let i = 0; i < n; i++) out[i] = x[i] >= v ? 1 : 0; break;
    }
    return { dtype: 'bool', length: n, values: out, valid: a.valid };
  }
  if ((op !== 'add' && op !== 'sub' && op !== 'mul' && op !== 'div') || (a.dtype !== 'int64' && a.dtype !== 'float64') || (vType !== 'int64' && vType !== 'float64')) return null;
  const out = new Float64Array(n);
  if (op === 'add') for (let i = 0; i < n; i++) out[i] = x[i] + v;
  else if (op === 'mul') for (let i = 0; i < n; i++) out[i] = x[i] * v;
  else if (op === 'sub') {
    if (litOnRight) for (let i = 0; i < n; i++) out[i] = x[i] - v;
    else for (let i = 0; i < n; i++) out[i] = v - x[i];
  } else if (litOnRight) for (let i = 0; i < n; i++) out[i] = x[i] / v;
  else for (let i = 0; i < n; i++) out[i] = v / x[i];
  const intResult = op !== 'div' && a.dtype === 'int64' && vType === 'int64';
  // past 2^53 the double is not the int64: the general path computes it in bigints
  if (intResult && pastSafe(out, a.valid, n)) return null;
  if (intResult && op === 'mul') unsignZeros(out, n);
  return { dtype: intResult ? 'int64' : 'float64', length: n, values: out, valid: a.valid };
}

function literalColumn(value: number | string | boolean | null, dtype: DType, n: number): Column {
  if (value === null) return { dtype, length: n, values: arrayFor(dtype, n), valid: new Uint8Array(n), dict: dtype === 'string' ? [] : undefined };
  if (typeof value === 'string') return { dtype: 'string', length: n, values: new Int32Array(n), valid: null, dict: [value] };
  if (typeof value === 'boolean') return { dtype: 'bool', length: n, values: new Uint8Array(n).fill(value ? 1 : 0), valid: null };
  // an int64 past 2^53 is held as bigints (lit(2 ** 60)): as a double it joined, grouped and printed as another number
  if (dtype === 'int64' && !Number.isSafeInteger(value)) return { dtype, length: n, values: new BigInt64Array(n).fill(BigInt(value)), valid: null };
  const values = arrayFor(dtype, n) as Float64Array | Int32Array;
  values.fill(value);
  return { dtype, length: n, values, valid: null };
}

/**
 * Whole numbers as an int64 column's values: doubles while every one is within ±(2^53 − 1),
 * else bigints (the layout every kernel expects of an int64 past 2^53: a float cast to int64
 * of 2^60 kept as a double joined and grouped apart from the same int64 read from text).
 */
function exactInt64(out: Float64Array): Float64Array | BigInt64Array {
  return pastSafe(out, null, out.length) ? BigInt64Array.from(out, (v) => BigInt(v)) : out;
}

/** A numeric view of any column as float64 values (bools 0/1; wide ints rounded). */
export function toF64(c: Column): Column & { values: Float64Array } {
  if (c.values instanceof Float64Array) return c as Column & { values: Float64Array };
  const out = new Float64Array(c.length);
  const v = c.values;
  if (v instanceof BigInt64Array) for (let i = 0; i < c.length; i++) out[i] = Number(v[i]);
  else for (let i = 0; i < c.length; i++) out[i] = v[i] as number;
  return { dtype: c.dtype, length: c.length, values: out, valid: c.valid };
}

function andValid(a: Uint8Array | null, b: Uint8Array | null, n: number): Uint8Array | null {
  if (a === null) return b;
  if (b === null) return a;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i] & b[i];
  return out;
}

function binary(op: BinaryOp, a: Column, b: Column, n: number): Column {
  if (op === 'and' || op === 'or') return logical(op, a, b, n);
  if (a.dtype === 'string' || b.dtype === 'string') return compareStrings(op, a, b, n);
  if (a.dtype === 'int64' && b.dtype === 'int64' && op !== 'div' && (a.values instanceof BigInt64Array || b.values instanceof BigInt64Array)) {
    return binaryBig(op, a, b, n);
  }
  const x = toF64(a).values;
  const y = toF64(b).values;
  const valid = andValid(a.valid, b.valid, n);
  if (op === 'eq' || op === 'neq' || op === 'lt' || op === 'lte' || op === 'gt' || op === 'gte') {
    const out = new Uint8Array(n);
    switch (op) {
      case 'eq': for (let i = 0; i < n; i++) out[i] = x[i] === y[i] ? 1 : 0; break;
      case 'neq': for (let i = 0; i < n; i++) out[i] = x[i] !== y[i] ? 1 : 0; break;
      case 'lt': for (let i = 0; i < n; i++) out[i] = x[i] < y[i] ? 1 : 0; break;
      case 'lte': for (let i = 0; i < n; i++) out[i] = x[i] <= y[i] ? 1 : 0; break;
      case 'gt': for (let i = 0; i < n; i++) out[i] = x[i] > y[i] ? 1 : 0; break;
      case 'gte': for (let i = 0; i < n; i++) out[i] = x[i] >= y[i] ? 1 : 0; break;
    }
    return { dtype: 'bool', length: n, values: out, valid };
  }
  const out = new Float64Array(n);
  switch (op) {
    case 'add': for (let i = 0; i < n; i++) out[i] = x[i] + y[i]; break;
    case 'sub': for (let i = 0; i < n; i++) out[i] = x[i] - y[i]; break;
    case 'mul': for (let i = 0; i < n; i++) out[i] = x[i] * y[i]; break;
    case 'div': for (let i = 0; i < n; i++) out[i] = x[i] / y[i]; break;
    // of two int64s below 2^53 the quotient's trunc is exact: one that is not whole lies at least
    // 1/|y| from the next whole number, more than the division rounds it by
    case 'idiv':
      if (a.dtype === 'int64' && b.dtype === 'int64') for (let i = 0; i < n; i++) out[i] = Math.trunc(x[i] / y[i]) + 0;
      else for (let i = 0; i < n; i++) out[i] = x[i] / y[i];
      break;
    // the sign of the divisor (floor modulo, as Python), from the exact remainder: x − floor(x / y) · y
    // rounded the quotient (1000 % 0.1 came out 0, not 0.09999999999994458)
    case 'mod': for (let i = 0; i < n; i++) { const r = x[i] % y[i]; out[i] = r !== 0 && (r < 0) !== (y[i] < 0) ? r + y[i] : r; } break;
  }
  const intResult = op !== 'div' && a.dtype === 'int64' && b.dtype === 'int64';
  if (intResult && (op === 'mul' || op === 'mod')) unsignZeros(out, n);
  if (intResult && op !== 'mod' && op !== 'idiv' && pastSafe(out, valid, n)) {
    // a result past 2^53 is not exact as a double (94906267² came out …288 for …289; 1e22 stayed
    // an int64): exactly, in bigints, with int64 overflow an error
    return binaryBig(op, a, b, n);
  }
  if ((intResult && op === 'mod') || op === 'idiv') {
    // integer modulo by zero is null (pandas gives NaN); so is // by zero, of floats too (SQL's)
    let v = valid;
    for (let i = 0; i < n; i++) if (y[i] === 0) { if (v === valid) v = valid ? valid.slice() : new Uint8Array(n).fill(1); v![i] = 0; out[i] = 0; }
    return { dtype: intResult ? 'int64' : 'float64', length: n, values: out, valid: v };
  }
  return { dtype: intResult ? 'int64' : 'float64', length: n, values: out, valid };
}

/** Whether a present value of `out` is past ±(2^53 − 1). */
function pastSafe(out: Float64Array, valid: Uint8Array | null, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const v = out[i];
    if ((v > Number.MAX_SAFE_INTEGER || v < -Number.MAX_SAFE_INTEGER) && (valid === null || valid[i] === 1)) return true;
  }
  return false;
}


/** Exact int64 arithmetic and comparison once a column holds values beyond 2^53. */
function binaryBig(op: BinaryOp, a: Column, b: Column, n: number): Column {
  const toBig = (c: Column): BigInt64Array => (c.values instanceof BigInt64Array ? c.values : BigInt64Array.from(c.values as Float64Array, (v) => BigInt(v)));
  const x = toBig(a);
  const y = toBig(b);
  let valid = andValid(a.valid, b.valid, n);
  if (op === 'eq' || op === 'neq' || op === 'lt' || op === 'lte' || op === 'gt' || op === 'gte') {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const p = x[i];
      const q = y[i];
      out[i] = (op === 'eq' ? p === q : op === 'neq' ? p !== q : op === 'lt' ? p < q : op === 'lte' ? p <= q : op === 'gt' ? p > q : p >= q) ? 1 : 0;
    }
    return { dtype: 'bool', length: n, values: out, valid };
  }
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    if (valid && valid[i] === 0) continue;
    const p = x[i];
    const q = y[i];
    let r: bigint;
    if (op === 'add') r = p + q;
    else if (op === 'sub') r = p - q;
    else if (op === 'mul') r = p * q;
    else {
      if (q === 0n) { valid = valid ? (valid === a.valid || valid === b.valid ? valid.slice() : valid) : new Uint8Array(n).fill(1); valid[i] = 0; continue; }
      r = op === 'idiv' ? p / q : ((p % q) + q) % q; // truncated division; floor modulo, like pandas
    }
    if (r > I64_MAX || r < I64_MIN) throw new Error(`int64 overflow in ${op}: ${p} and ${q}; cast to float64 first`);
    out[i] = r;
  }
  return { dtype: 'int64', length: n, values: out, valid };
}

function logical(op: 'and' | 'or', a: Column, b: Column, n: number): Column {
  const x = a.values as Uint8Array;
  const y = b.values as Uint8Array;
  const out = new Uint8Array(n);
  if (a.valid === null && b.valid === null) {
    if (op === 'and') for (let i = 0; i < n; i++) out[i] = x[i] & y[i];
    else for (let i = 0; i < n; i++) out[i] = x[i] | y[i];
    return { dtype: 'bool', length: n, values: out, valid: null };
  }
  const valid = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const va = a.valid ? a.valid[i] : 1;
    const vb = b.valid ? b.valid[i] : 1;
    const xa = x[i] & va;
    const yb = y[i] & vb;
    if (op === 'and') {
      const falseA = va === 1 && x[i] === 0;
      const falseB = vb === 1 && y[i] === 0;
      if (falseA || falseB) { out[i] = 0; valid[i] = 1; } else { out[i] = xa & yb; valid[i] = va & vb; }
    } else if (xa === 1 || yb === 1) { out[i] = 1; valid[i] = 1; } else { out[i] = 0; valid[i] = va & vb; }
  }
  return { dtype: 'bool', length: n, values: out, valid };
}

function compareStrings(op: BinaryOp, a: Column, b: Column, n: number): Column {
  if (a.dtype !== b.dtype) throw new Error(`cannot compare ${a.dtype} with ${b.dtype}`);
  const valid = andValid(a.valid, b.valid, n);
  const ad = a.dict!;
  const bd = b.dict!;
  const ac = a.values as Int32Array;
  const bc = b.values as Int32Array;
  if (bd.length === 1 && op === 'eq' || bd.length === 1 && op === 'neq') {
    // the common case: column vs literal; the literal is compared once per dictionary entry the
    // rows use (entry-memo.ts; a dictionary may repeat a string: every entry equal to it is a hit)
    const lit = bd[0];
    const hits = testEntries(ad, ac, a.valid, n, JSON.stringify(['eq', lit]), (s) => s === lit);
    if (op === 'neq') for (let i = 0; i < n; i++) hits[i] ^= 1;
    return { dtype: 'bool', length: n, values: hits, valid };
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const s = ad[ac[i]];
    const t = bd[bc[i]];
    let r: boolean;
    switch (op) {
      case 'eq': r = s === t; break;
      case 'neq': r = s !== t; break;
      case 'lt': r = s < t; break;
      case 'lte': r = s <= t; break;
      case 'gt': r = s > t; break;
      case 'gte': r = s >= t; break;
      default: throw new Error(`operator ${op} is not defined for strings`);
    }
    out[i] = r ? 1 : 0;
  }
  return { dtype: 'bool', length: n, values: out, valid };
}

function fillNull(a: Column, fill: Column, n: number): Column {
  // no nulls: the values, in the type the plan gave the result (coalesce(7, 0.5) is a double:
  // kept int64, a // after it divided as integers)
  if (a.valid === null) return a.dtype === fill.dtype || a.dtype === 'string' ? a : cast(a, numericSupertype(a.dtype, fill.dtype), n);
  // a row is null only where both the value and the fill are null
  let valid: Uint8Array | null = null;
  if (fill.valid !== null) {
    valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) valid[i] = a.valid[i] | fill.valid[i];
  }
  if (a.dtype === 'string') {
    const dict = [...a.dict!];
    const codes = new Map<string, number>();
    dict.forEach((s, k) => { if (!codes.has(s)) codes.set(s, k); });
    const remap = mapValues(Int32Array, fill.dict!, (s) => {
      let code = codes.get(s);
      if (code === undefined) { code = dict.length; dict.push(s); codes.set(s, code); }
      return code;
    });
    const out = Int32Array.from(a.values as Int32Array);
    const fc = fill.values as Int32Array;
    for (let i = 0; i < n; i++) if (a.valid[i] === 0) out[i] = remap[fc[i]] ?? 0;
    return { dtype: 'string', length: n, values: out, valid, dict };
  }
  // the value where it is present, else the fill: a choice by the value's validity (int64 past 2^53 kept exact)
  const present: Column = { dtype: 'bool', length: n, values: a.valid, valid: null };
  return choose(present, a, fill, numericSupertype(a.dtype, fill.dtype), n);
}

const NARROW_RANGE = { int8: [-128, 127], int16: [-32768, 32767], int32: [-(2 ** 31), 2 ** 31 - 1], float32: [-3.4028234663852886e38, 3.4028234663852886e38] } as const;

/**
 * cast('int8' | 'int16' | 'int32' | 'float32'): floe stores these as int64 / float64; the cast
 * checks that every value fits the narrow type (else a precise error, or null with `orNull`) and
 * rounds floats to float32 precision.
 */
function narrow(c: Column, to: NarrowType, n: number, orNull: boolean): Column {
  const [lo, hi] = NARROW_RANGE[to];
  const v = c.values as Float64Array | BigInt64Array;
  const out = to === 'float32' ? new Float64Array(n) : null;
  let valid = c.valid;
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    // float32: the rounded value decides (3.4028235e38 rounds to float32's largest)
    const x = to === 'float32' ? Math.fround(Number(v[i])) : Number(v[i]);
    if (Number.isFinite(x) && (x < lo || x > hi) || (to === 'float32' && !Number.isFinite(x) && Number.isFinite(Number(v[i])))) {
      if (!orNull) throw new RangeError(`cast to ${to}: value ${String(v[i])} is out of range [${lo}, ${hi}]; cast to ${to === 'float32' ? 'float64' : 'int64'} instead`);
      if (valid === c.valid) valid = valid === null ? new Uint8Array(n).fill(1) : valid.slice();
      (valid as Uint8Array)[i] = 0;
      continue;
    }
    if (out) out[i] = x;
  }
  return { ...c, values: out ?? c.values, valid };
}

/** A value as text, the way floe writes it to CSV: ISO dates and timestamps, true/false. */
function cellText(a: Column, i: number): string {
  const v = a.values[i];
  switch (a.dtype) {
    case 'timestamp': return formatTimestamp(v as number);
    case 'date': return formatDate(v as number);
    case 'bool': return v ? 'true' : 'false';
    default: return String(v);
  }
}

/** Text to a value of `to` (NaN: not one): numbers as JS reads them, true/false, ISO dates and timestamps (a date is its day). */
function parseText(s: string, to: DType): number {
  const t = s.trim();
  if (t === '') return NaN;
  if (to === 'bool') return /^true$/i.test(t) ? 1 : /^false$/i.test(t) ? 0 : NaN;
  if (to === 'timestamp' || to === 'date') {
    const ms = parseTimestampText(t);
    if (to === 'timestamp' || ms !== ms) return ms;
    // a date is the day as written, whatever the time and offset after it (as DuckDB casts, and as
    // readCsv's dtypes: date reads it): '2020-01-01T23:30:00-05:00' is 2020-01-01, not its UTC day
    return Math.floor((/^\d{4}-\d{2}-\d{2}(?=[T ]|$)/.test(t) ? parseTimestampText(t.slice(0, 10)) : ms) / MS_PER_DAY);
  }
  // JS reads 0x10, 0b11 and 0o7 as numbers; as text of a number (Polars, DuckDB) they are not
  if (/^[+-]?0[xob]/i.test(t)) return NaN;
  // inf, -Infinity, INF: as DuckDB, Polars and floe's CSV reader read them (JS only knows "Infinity")
  const inf = /^([+-]?)inf(inity)?$/i.exec(t);
  if (inf !== null && to === 'float64') return inf[1] === '-' ? -Infinity : Infinity;
  return Number(t);
}

/** The text of a float NaN ('nan', 'NaN'): a value, where other text that is not a number is null. */
const isNanText = (s: string): boolean => /^[+-]?nan$/i.test(s.trim());

function cast(a: Column, to: DType, n: number, strict = false, orNull = false): Column {
  if (a.dtype === to) return a;
  if (to === 'string') {
    const built = new DictionaryBuilder();
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (a.valid && a.valid[i] === 0) continue;
      out[i] = built.code(a.dtype === 'string' ? a.dict![(a.values as Int32Array)[i]] : cellText(a, i));
    }
    return { dtype: 'string', length: n, values: out, valid: a.valid, dict: built.dict };
  }
  if (a.dtype === 'string' && to === 'int64') return textToInt64(a, n, strict, orNull);
  if (a.dtype === 'string') {
    const out = new Float64Array(n);
    const valid = new Uint8Array(n);
    // each entry the rows use parsed once a thread (textToInt64); a float64's NaN spelt so is a
    // value, any other NaN no number (null)
    const dict = a.dict!;
    const parsed = keptValues<number | null>(dict, `parseText:${to}`);
    for (let i = 0; i < n; i++) {
      if (a.valid && a.valid[i] === 0) continue;
      const c = (a.values as Int32Array)[i];
      let v = parsed[c];
      if (v === undefined) {
        const x = parseText(dict[c], to);
        v = !Number.isNaN(x) && (to !== 'int64' || Number.isInteger(x)) ? x : to === 'float64' && isNanText(dict[c]) ? Number.NaN : null;
        parsed[c] = v;
      }
      if (v !== null) { out[i] = v; valid[i] = 1; }
    }
    return { dtype: to, length: n, values: to === 'bool' ? Uint8Array.from(out) : to === 'date' ? Int32Array.from(out) : out, valid };
  }
  const src = toF64(a).values;
  if (to === 'date' && a.dtype === 'timestamp') {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(src[i] / MS_PER_DAY);
    return { dtype: 'date', length: n, values: out, valid: a.valid };
  }
  if (to === 'timestamp' && a.dtype === 'date') {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = src[i] * MS_PER_DAY;
    return { dtype: 'timestamp', length: n, values: out, valid: a.valid };
  }
  if (to === 'bool') {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = src[i] !== 0 ? 1 : 0;
    return { dtype: 'bool', length: n, values: out, valid: a.valid };
  }
  if (to === 'int64') {
    const out = new Float64Array(n);
    // a timestamp's milliseconds are those of the instant (floored: before 1970 truncation gave the next one)
    const whole = a.dtype === 'timestamp' ? Math.floor : Math.trunc;
    for (let i = 0; i < n; i++) {
      const x = whole(src[i]) + 0; // an int64 has no −0 (trunc(−0.5) is −0)
      // past int64 the value has no int64 to be (stored, it wrapped: 1e20 became 7766279631452241920)
      if (Number.isFinite(x) && !isInt64Number(x) && (a.valid === null || a.valid[i] === 1)) throw new RangeError(`cast to int64: value ${String(src[i])} is out of range [-2^63, 2^63); keep it float64`);
      out[i] = x;
    }
    let valid = a.valid;
    for (let i = 0; i < n; i++) if (!Number.isFinite(src[i])) { valid = valid === a.valid ? (a.valid ? a.valid.slice() : new Uint8Array(n).fill(1)) : valid; valid![i] = 0; out[i] = 0; }
    return { dtype: 'int64', length: n, values: exactInt64(out), valid };
  }
  if (to === 'date' || to === 'timestamp') return numbersToTemporal(a, src, to, n);
  return { dtype: to, length: n, values: Float64Array.from(src), valid: a.valid };
}

/** Days (or milliseconds) since 1970 as dates (timestamps) floe can hold: about ±273 790 years, as a JS Date. */
const TEMPORAL_LIMIT = { date: 100_000_000, timestamp: 8.64e15 } as const;

/**
 * Numbers as dates (days since 1970, floored) or timestamps (milliseconds): NaN and ±∞ are
 * null, a value past what a date or timestamp holds is an error (a date went through a 32-bit
 * integer: 3e9 days became the year −3543531, NaN and ∞ 1970-01-01).
 */
function numbersToTemporal(a: Column, src: Float64Array, to: 'date' | 'timestamp', n: number): Column {
  const out = to === 'date' ? new Int32Array(n) : new Float64Array(n);
  const limit = TEMPORAL_LIMIT[to];
  let valid = a.valid;
  for (let i = 0; i < n; i++) {
    if (a.valid !== null && a.valid[i] === 0) continue;
    const x = to === 'date' ? Math.floor(src[i]) : src[i];
    if (!Number.isFinite(x)) {
      if (valid === a.valid) valid = a.valid ? a.valid.slice() : new Uint8Array(n).fill(1);
      valid![i] = 0;
      continue;
    }
    if (x > limit || x < -limit) throw new RangeError(`cast to ${to}: value ${String(a.values[i])} is past the ${to}s floe holds (±${limit} ${to === 'date' ? 'days' : 'milliseconds'} from 1970)`);
    out[i] = x;
  }
  return { dtype: to, length: n, values: out, valid };
}

/**
 * −0 made 0 in integer results (0 · −5, −5 mod 5): an int64 zero has no sign, and a later
 * 1 / x gave −Infinity.
 */
function unsignZeros(out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) if (out[i] === 0) out[i] = 0;
}

/**
 * Text to int64: an integer's digits exactly (past 2^53 the column becomes bigints, where a
 * double rounded 9007199254740993 to …992), other numbers that are whole as JS reads them
 * (`1e3`, `2.0`); anything else is null. Past int64 is an error (null with `orNull`).
 */
function textToInt64(a: Column, n: number, strict = false, orNull = false): Column {
  // each entry the rows use parsed once a thread (entry-memo.ts: a batch may share a dictionary of
  // far more entries, a scan's grown along the file; a filtered batch keeps its whole one: only
  // the rows' entries decide)
  const dict = a.dict!;
  const parsed = keptValues<number | bigint | null | RangeError>(dict, strict ? 'textToInt64:round' : 'textToInt64');
  const codes = a.values as Int32Array;
  let wide = false;
  for (let i = 0; i < n; i++) {
    if (a.valid && a.valid[i] === 0) continue;
    const c = codes[i];
    let v = parsed[c];
    if (v === undefined) {
      v = int64OfText(dict[c]);
      // SQL's CAST (strict) rounds a number that is not whole, halves away from zero, as DuckDB ('2.5' → 3)
      if (v === null && strict) v = roundedInt64OfText(dict[c]);
      parsed[c] = v;
    }
    if (v instanceof RangeError && !orNull) throw v;
    if (typeof v === 'bigint') wide = true;
  }
  const out = wide ? new BigInt64Array(n) : new Float64Array(n);
  const valid = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (a.valid && a.valid[i] === 0) continue;
    const v = parsed[codes[i]] as number | bigint | null | RangeError;
    if (v === null || v instanceof RangeError) continue;
    if (wide) (out as BigInt64Array)[i] = BigInt(v);
    else (out as Float64Array)[i] = v as number;
    valid[i] = 1;
  }
  return { dtype: 'int64', length: n, values: out, valid };
}

/** Whether an expression holds a strict cast (SQL's CAST of text to a number), per node. */
const strictCasts = new WeakMap<ExprNode, boolean>();

function holdsStrictCast(e: ExprNode): boolean {
  let found = strictCasts.get(e);
  if (found === undefined) {
    let any = false;
    walkExpr(e, (x) => { if (x.kind === 'cast' && x.strict === true && x.orNull !== true) any = true; });
    found = any;
    strictCasts.set(e, found);
  }
  return found;
}

/** `e` over the rows `rows` of the batch only, null elsewhere: a strict cast fails on no row its CASE branch or AND/OR side does not take. */
function evalOnRows(e: ExprNode, batch: Batch, rows: Int32Array, n: number): Column {
  const columns = new Map<string, Column>();
  for (const name of columnsOf(e)) {
    const c = batch.columns.get(name);
    if (c !== undefined) columns.set(name, takeColumn(c, rows));
  }
  const part = evalExpr(e, { length: rows.length, columns });
  const idx = new Int32Array(n).fill(-1);
  for (let k = 0; k < rows.length; k++) idx[rows[k]] = k;
  return takeOrNull(part, idx, n);
}

/** The rows where `c` is (`want` true) or is not (false) a true value (a null is not true). */
function rowsWhere(c: Column, want: boolean, n: number): Int32Array {
  const v = c.values as Uint8Array;
  const out: number[] = [];
  for (let i = 0; i < n; i++) if ((v[i] === 1 && (c.valid === null || c.valid[i] === 1)) === want) out.push(i);
  return Int32Array.from(out);
}

/** A CASE whose branch holds a strict cast: each branch computed over the rows that take it (SQL's CASE, DuckDB's too). */
function whenOnTakenRows(e: Extract<ExprNode, { kind: 'when' }>, batch: Batch, n: number): Column {
  const cond = isNullLiteral(e.cond) ? literalColumn(null, 'bool', n) : evalExpr(e.cond, batch);
  const a = evalOnRows(e.value, batch, rowsWhere(cond, true, n), n);
  const b = evalOnRows(e.otherwise, batch, rowsWhere(cond, false, n), n);
  const dtype = isNullLiteral(e.value) ? b.dtype : isNullLiteral(e.otherwise) || a.dtype === b.dtype ? a.dtype : 'float64';
  return choose(cond, a, b, dtype, n);
}

/**
 * AND / OR with a strict cast on a side: the other side first (the left one if both), the cast's
 * side only over the rows it can still decide (AND: where the first is not false; OR: not true).
 */
function logicalOnNeededRows(op: 'and' | 'or', left: ExprNode, right: ExprNode, batch: Batch, n: number): Column {
  const rightFirst = !holdsStrictCast(right);
  const first = evalExpr(rightFirst ? right : left, batch);
  const decided = op === 'and' ? 0 : 1;
  const v = first.values as Uint8Array;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (!((first.valid === null || first.valid[i] === 1) && v[i] === decided)) rows.push(i);
  const second = evalOnRows(rightFirst ? left : right, batch, Int32Array.from(rows), n);
  return rightFirst ? logical(op, second, first, n) : logical(op, first, second, n);
}

/** A strict cast's input value that gave null (SQL's CAST fails where floe's gives null), as an error naming it. */
function refuseUnconverted(input: Column, out: Column, n: number): void {
  if (out.valid === null) return;
  for (let i = 0; i < n; i++) {
    if (out.valid[i] === 1 || (input.valid !== null && input.valid[i] === 0)) continue;
    const what = out.dtype === 'int64' ? 'an integer' : out.dtype === 'float64' ? 'a number' : `a ${out.dtype}`;
    throw new RangeError(`cannot cast ${JSON.stringify(String(valueAt(input, i)))} to ${out.dtype}: it is not ${what} (try_cast gives null for such a value)`);
  }
}

/** An entry's int64: a number, a bigint past 2^53, null (not an integer), or the error of one past int64 (thrown only if a row holds it). */
function int64OfText(s: string): number | bigint | null | RangeError {
  const t = s.trim();
  // digits, with a fraction of zeros at most ("9007199254740993.0"): exact, not through a double
  const whole = /^([+-]?\d+)(?:\.0*)?$/.exec(t);
  if (whole !== null) {
    const digits = whole[1];
    const x = Number(digits);
    if (Number.isSafeInteger(x)) return x;
    const b = BigInt(digits);
    return b > I64_MAX || b < I64_MIN ? pastInt64(s) : b;
  }
  const x = parseText(t, 'int64');
  if (!Number.isInteger(x)) return null;
  return isInt64Number(x) ? x : pastInt64(s);
}

/** A number's text rounded to the nearest int64, halves away from zero; null if it is no finite number. */
function roundedInt64OfText(s: string): number | null | RangeError {
  const x = parseText(s.trim(), 'float64');
  if (!Number.isFinite(x)) return null;
  const r = Math.sign(x) * Math.round(Math.abs(x)) + 0; // + 0: no -0
  return isInt64Number(r) ? r : pastInt64(s);
}

function pastInt64(s: string): RangeError {
  return new RangeError(`cast to int64: ${JSON.stringify(s)} is out of range [-2^63, 2^63); cast it to float64 instead`);
}

const ymd = new Int32Array(3);

/** The calendar field of a timestamp or date column's n rows (`col.dt.year()` …): int64, or date for `date`; nulls kept. */
export function dtField(a: Column, field: DtField, n: number): Column {
  const v = a.values as Float64Array | Int32Array;
  const perDay = a.dtype === 'date' ? 1 : MS_PER_DAY;
  const out = field === 'date' ? new Int32Array(n) : new Float64Array(n);
  if (field === 'year' || field === 'month' || field === 'day') {
    // one civil date per run of rows on the same day (time series are mostly ordered)
    const k = field === 'year' ? 0 : field === 'month' ? 1 : 2;
    let last = NaN;
    let value = NaN;
    for (let i = 0; i < n; i++) {
      const days = Math.floor(v[i] / perDay);
      if (days !== last) {
        civilFromDays(days, ymd);
        last = days;
        value = ymd[k];
      }
      out[i] = value;
    }
  } else if (field === 'date' || field === 'weekday') {
    for (let i = 0; i < n; i++) {
      const days = Math.floor(v[i] / perDay);
      out[i] = field === 'date' ? days : weekdayOfDays(days);
    }
  } else {
    // hour, minute, second of a timestamp (a date's are 0)
    timeOfDay(v, MS_PER_DAY / perDay, field === 'hour' ? 3_600_000 : field === 'minute' ? 60_000 : 1000, field === 'hour' ? 24 : 60, out as Float64Array, n);
  }
  return { dtype: field === 'date' ? 'date' : 'int64', length: n, values: out, valid: a.valid };
}

/** Rows timeOfDay judges at a time: by the last block's count of changes, runs or every row. */
const TIME_BLOCK = 4096;

/**
 * The hour (minute, second) of n timestamps, `scale` ms a unit of v. Time series mostly come in
 * order, many rows to an hour: there a value is kept for its window [lo, hi) and each row only
 * compared (~1.6 ns a row against ~3.3). Where values change every few rows the window costs
 * more than it saves (each row's divisions then wait on the last row's), so a block of rows in
 * which more than one in eight changed value is followed by one computed row by row, and the
 * other way round.
 */
function timeOfDay(v: Float64Array | Int32Array, scale: number, unit: number, wrap: number, out: Float64Array, n: number): void {
  let runs = true;
  for (let start = 0; start < n; start += TIME_BLOCK) {
    const end = Math.min(n, start + TIME_BLOCK);
    const changes: number = runs ? timeOfDayInRuns(v, scale, unit, wrap, out, start, end) : timeOfDayEachRow(v, scale, unit, wrap, out, start, end);
    runs = changes * 8 <= end - start;
  }
}

/** timeOfDay of rows [start, end) through the window; returns how many rows left it. */
function timeOfDayInRuns(v: Float64Array | Int32Array, scale: number, unit: number, wrap: number, out: Float64Array, start: number, end: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  let value = 0;
  let changes = 0;
  for (let i = start; i < end; i++) {
    const ms = v[i] * scale;
    if (!(ms >= lo && ms < hi)) {
      changes++;
      const day = Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;
      // the count of units within the day is below 86 400: an int32's remainder (a double's % is a call)
      const k = Math.floor((ms - day) / unit) | 0;
      value = k % wrap;
      lo = day + k * unit;
      hi = lo + unit;
      // a row the window does not hold (its quotient rounded) leaves no window
      if (!(ms >= lo && ms < hi)) lo = Infinity;
    }
    out[i] = value;
  }
  return changes;
}

/** timeOfDay of rows [start, end), each computed; returns how many differ from the row before. */
function timeOfDayEachRow(v: Float64Array | Int32Array, scale: number, unit: number, wrap: number, out: Float64Array, start: number, end: number): number {
  let changes = 0;
  let last = -1;
  for (let i = start; i < end; i++) {
    const ms = v[i] * scale;
    const x = (Math.floor((ms - Math.floor(ms / MS_PER_DAY) * MS_PER_DAY) / unit) | 0) % wrap;
    changes += x !== last ? 1 : 0;
    last = x;
    out[i] = x;
  }
  return changes;
}

/** An SQL LIKE pattern as a whole-string regular expression over code points. */
export function likeRegExp(pattern: string): RegExp {
  let re = '';
  for (const ch of pattern) re += ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  return new RegExp(`^${re}$`, 'su');
}

function strMatch(a: Column, op: 'startsWith' | 'contains' | 'endsWith' | 'like' | 'regex', pattern: string, flags: string, n: number): Column {
  const like = op === 'like' ? likeRegExp(pattern) : op === 'regex' ? matcher(pattern, flags) : null;
  // per distinct string the rows use, kept for the dictionary's later batches (entry-memo.ts)
  const test = (s: string): boolean => (like ? like.test(s) : op === 'startsWith' ? s.startsWith(pattern) : op === 'endsWith' ? s.endsWith(pattern) : s.includes(pattern));
  const out = testEntries(a.dict!, a.values as Int32Array, a.valid, n, JSON.stringify([op, pattern, flags]), test);
  return { dtype: 'bool', length: n, values: out, valid: a.valid };
}

/**
 * isNull (or, negated, isNotNull) of a column's validity. A loop of its own: inside evalExpr,
 * V8 compiled the whole of evalExpr on the stack at it and kept entering that code, which stopped
 * at the return after the loop (no feedback there yet) (PROFILE.md, "code after a long loop").
 */
function nullMask(valid: Uint8Array | null, n: number, negate: boolean): Uint8Array {
  const out = new Uint8Array(n);
  if (valid === null) return negate ? out.fill(1) : out;
  if (negate) for (let i = 0; i < n; i++) out[i] = valid[i];
  else for (let i = 0; i < n; i++) out[i] = valid[i] ^ 1;
  return out;
}
