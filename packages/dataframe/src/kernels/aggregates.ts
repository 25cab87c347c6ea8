/**
 * Grouped aggregate states with the three verbs of a partial/final split:
 *   update   — fold rows of a batch into per-group state (inside a worker)
 *   merge    — fold another partial's state into this one (when combining partials)
 *   finalize — turn state into the result column
 * States are plain objects of typed arrays, so partials cross threads by transfer.
 * Semantics follow pandas: nulls are skipped; an empty or all-null group sums to 0 and has a
 * null mean; count counts non-nulls, size counts rows; var/std use ddof (default 1) with
 * Welford updates and Chan's merge; integer sums are exact (a double accumulator is flushed
 * into a bigint before it can lose precision).
 */
import type { AggFn } from '../plan/expr-node.js';
import type { DType } from '../types/dtype.js';
import type { Column } from './column.js';

export interface AggSpec {
  fn: AggFn;
  /** dtype of the input column; null for size (count of rows). */
  input: DType | null;
  ddof: number;
}

export interface AggState {
  cap: number;
  count: Float64Array;
  sum?: Float64Array;
  /** Exact part of integer sums, flushed from `sum` (null until needed). */
  big?: bigint[] | null;
  mean?: Float64Array;
  m2?: Float64Array;
  val?: Float64Array;
  /** min/max of int64 values beyond 2^53, exact (once set, authoritative over `val`). */
  bigVal?: bigint[] | null;
  str?: (string | null)[];
}

const FLUSH = 2 ** 52;

export function aggOutputType(spec: AggSpec): DType {
  switch (spec.fn) {
    case 'count': case 'size': return 'int64';
    case 'sum': return spec.input === 'float64' ? 'float64' : 'int64';
    case 'min': case 'max': return spec.input!;
    default: return 'float64';
  }
}

function isIntLike(t: DType | null): boolean {
  return t === 'int64' || t === 'bool';
}

export function createState(spec: AggSpec): AggState {
  const s: AggState = { cap: 0, count: new Float64Array(0) };
  ensureCapacity(s, spec, 16);
  return s;
}

export function ensureCapacity(s: AggState, spec: AggSpec, n: number): void {
  if (n <= s.cap) return;
  const cap = Math.max(n, s.cap * 2, 16);
  const grow = (a: Float64Array | undefined, fill = 0): Float64Array => {
    const b = new Float64Array(cap);
    if (fill !== 0) b.fill(fill);
    if (a) b.set(a);
    return b;
  };
  s.count = grow(s.count);
  switch (spec.fn) {
    case 'sum': case 'mean':
      s.sum = grow(s.sum);
      if (s.big) while (s.big.length < cap) s.big.push(0n);
      break;
    case 'var': case 'std':
      s.mean = grow(s.mean);
      s.m2 = grow(s.m2);
      break;
    case 'min': case 'max':
      if (spec.input === 'string') { s.str ??= []; while (s.str.length < cap) s.str.push(null); }
      else s.val = grow(s.val);
      if (s.bigVal) while (s.bigVal.length < cap) s.bigVal.push(0n);
      break;
    default: break;
  }
  s.cap = cap;
}

/** Folds n rows into the state. gids[i] < 0 skips row i; `col` is null only for size. */
export function update(s: AggState, spec: AggSpec, gids: Int32Array, col: Column | null, n: number, ngroups: number): void {
  ensureCapacity(s, spec, ngroups);
  const count = s.count;
  if (spec.fn === 'size' || col === null) {
    for (let i = 0; i < n; i++) { const g = gids[i]; if (g >= 0) count[g]++; }
    return;
  }
  const valid = col.valid;
  if (spec.fn === 'count') {
    for (let i = 0; i < n; i++) { const g = gids[i]; if (g >= 0 && (valid === null || valid[i] === 1)) count[g]++; }
    return;
  }
  if ((spec.fn === 'min' || spec.fn === 'max') && spec.input === 'string') {
    const dict = col.dict!;
    const codes = col.values as Int32Array;
    const str = s.str!;
    const isMin = spec.fn === 'min';
    for (let i = 0; i < n; i++) {
      const g = gids[i];
      if (g < 0 || (valid !== null && valid[i] === 0)) continue;
      const v = dict[codes[i]];
      const cur = str[g];
      if (cur === null || (isMin ? v < cur : v > cur)) str[g] = v;
      count[g]++;
    }
    return;
  }
  const values = col.values;
  if (values instanceof BigInt64Array) return updateBig(s, spec, gids, values, valid, n);
  if (s.bigVal && (spec.fn === 'min' || spec.fn === 'max')) {
    return updateBig(s, spec, gids, BigInt64Array.from(values as Float64Array, (x) => BigInt(x)), valid, n);
  }
  const v = values as Float64Array | Int32Array | Uint8Array;
  switch (spec.fn) {
    case 'sum': case 'mean': {
      const sum = s.sum!;
      const counts = spec.fn === 'mean';
      if (isIntLike(spec.input) && batchStaysExact(sum, ngroups, v, n)) {
        // no group can reach 2^53 within this batch: add without per-row overflow checks
        if (valid === null) {
          for (let i = 0; i < n; i++) { const g = gids[i]; if (g >= 0) sum[g] += v[i]; }
        } else {
          for (let i = 0; i < n; i++) { const g = gids[i]; if (g >= 0 && valid[i] === 1) sum[g] += v[i]; }
        }
        if (counts) countValid(count, gids, valid, n);
        for (let g = 0; g < ngroups; g++) if (sum[g] >= FLUSH || sum[g] <= -FLUSH) { flush(s, g, sum[g]); sum[g] = 0; }
      } else if (isIntLike(spec.input)) {
        for (let i = 0; i < n; i++) {
          const g = gids[i];
          if (g < 0 || (valid !== null && valid[i] === 0)) continue;
          let t = sum[g] + v[i];
          if (t >= FLUSH || t <= -FLUSH) { flush(s, g, t); t = 0; }
          sum[g] = t;
          count[g]++;
        }
      } else if (valid === null) {
        for (let i = 0; i < n; i++) { const g = gids[i]; if (g >= 0) { sum[g] += v[i]; count[g]++; } }
      } else {
        for (let i = 0; i < n; i++) { const g = gids[i]; if (g >= 0 && valid[i] === 1) { sum[g] += v[i]; count[g]++; } }
      }
      return;
    }
    case 'min': case 'max': {
      const val = s.val!;
      const isMin = spec.fn === 'min';
      for (let i = 0; i < n; i++) {
        const g = gids[i];
        if (g < 0 || (valid !== null && valid[i] === 0)) continue;
        const x = v[i];
        if (x !== x) continue; // NaN is skipped like a null
        if (count[g] === 0 || (isMin ? x < val[g] : x > val[g])) val[g] = x;
        count[g]++;
      }
      return;
    }
    case 'var': case 'std': {
      const mean = s.mean!;
      const m2 = s.m2!;
      for (let i = 0; i < n; i++) {
        const g = gids[i];
        if (g < 0 || (valid !== null && valid[i] === 0)) continue;
        const x = v[i];
        const c = ++count[g];
        const d = x - mean[g];
        mean[g] += d / c;
        m2[g] += d * (x - mean[g]);
      }
      return;
    }
    default: throw new Error(`internal: unknown aggregate ${spec.fn}`);
  }
}

/** True if every group's |sum| stays below 2^53 after adding these n values. */
function batchStaysExact(sum: Float64Array, ngroups: number, v: Float64Array | Int32Array | Uint8Array, n: number): boolean {
  let maxAbs = 0;
  for (let i = 0; i < n; i++) { const x = v[i]; const a = x < 0 ? -x : x; if (a > maxAbs) maxAbs = a; }
  if (maxAbs * n >= FLUSH) return false;
  for (let g = 0; g < ngroups; g++) if (sum[g] >= FLUSH || sum[g] <= -FLUSH) return false;
  return true;
}

function countValid(count: Float64Array, gids: Int32Array, valid: Uint8Array | null, n: number): void {
  if (valid === null) for (let i = 0; i < n; i++) { const g = gids[i]; if (g >= 0) count[g]++; }
  else for (let i = 0; i < n; i++) { const g = gids[i]; if (g >= 0 && valid[i] === 1) count[g]++; }
}

function flush(s: AggState, g: number, t: number): void {
  if (!s.big) s.big = new Array<bigint>(s.cap).fill(0n);
  s.big[g] += BigInt(t);
}

function updateBig(s: AggState, spec: AggSpec, gids: Int32Array, v: BigInt64Array, valid: Uint8Array | null, n: number): void {
  const count = s.count;
  if (spec.fn === 'sum' || spec.fn === 'mean') {
    if (!s.big) s.big = new Array<bigint>(s.cap).fill(0n);
    for (let i = 0; i < n; i++) {
      const g = gids[i];
      if (g < 0 || (valid !== null && valid[i] === 0)) continue;
      s.big[g] += v[i];
      count[g]++;
    }
    return;
  }
  if (spec.fn === 'min' || spec.fn === 'max') {
    const big = toBigVal(s);
    const isMin = spec.fn === 'min';
    for (let i = 0; i < n; i++) {
      const g = gids[i];
      if (g < 0 || (valid !== null && valid[i] === 0)) continue;
      const x = v[i];
      if (count[g] === 0 || (isMin ? x < big[g] : x > big[g])) big[g] = x;
      count[g]++;
    }
    return;
  }
  // var/std: float64 arithmetic, like pandas
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = Number(v[i]);
  update(s, { ...spec, input: 'float64' }, gids, { dtype: 'float64', length: n, values: f, valid }, n, s.cap);
}

/** Switches min/max state to exact bigints, converting what it holds so far. */
function toBigVal(s: AggState): bigint[] {
  if (!s.bigVal) s.bigVal = Array.from({ length: s.cap }, (_, g) => (s.count[g] > 0 ? BigInt(s.val![g]) : 0n));
  return s.bigVal;
}

/** Folds `other` into `s`; map[j] is the group in `s` of group j of `other` (-1 = drop). */
export function merge(s: AggState, spec: AggSpec, other: AggState, map: Int32Array, otherGroups: number, ngroups: number): void {
  ensureCapacity(s, spec, ngroups);
  const count = s.count;
  for (let j = 0; j < otherGroups; j++) {
    const g = map[j];
    if (g < 0) continue;
    const oc = other.count[j];
    switch (spec.fn) {
      case 'sum': case 'mean': {
        let t = s.sum![g] + other.sum![j];
        if (isIntLike(spec.input)) {
          if (other.big && other.big[j] !== 0n) { if (!s.big) s.big = new Array<bigint>(s.cap).fill(0n); s.big[g] += other.big[j]; }
          if (t >= FLUSH || t <= -FLUSH) { flush(s, g, t); t = 0; }
        }
        s.sum![g] = t;
        break;
      }
      case 'min': case 'max': {
        if (oc === 0) break;
        const isMin = spec.fn === 'min';
        if (spec.input === 'string') {
          const v = other.str![j]!;
          const cur = s.str![g];
          if (cur === null || (isMin ? v < cur : v > cur)) s.str![g] = v;
        } else if (s.bigVal || other.bigVal) {
          const big = toBigVal(s);
          const v = other.bigVal ? other.bigVal[j] : BigInt(other.val![j]);
          if (count[g] === 0 || (isMin ? v < big[g] : v > big[g])) big[g] = v;
        } else {
          const v = other.val![j];
          if (count[g] === 0 || (isMin ? v < s.val![g] : v > s.val![g])) s.val![g] = v;
        }
        break;
      }
      case 'var': case 'std': {
        const na = count[g];
        if (oc === 0) break;
        if (na === 0) { s.mean![g] = other.mean![j]; s.m2![g] = other.m2![j]; break; }
        const nTot = na + oc;
        const d = other.mean![j] - s.mean![g];
        s.mean![g] += (d * oc) / nTot;
        s.m2![g] += other.m2![j] + (d * d * na * oc) / nTot;
        break;
      }
      default: break;
    }
    count[g] += oc;
  }
}

const MAX_I64 = (1n << 63n) - 1n;
const MIN_I64 = -(1n << 63n);

export function finalize(s: AggState, spec: AggSpec, n: number, name: string): Column {
  ensureCapacity(s, spec, n);
  const count = s.count;
  switch (spec.fn) {
    case 'count': case 'size':
      return { dtype: 'int64', length: n, values: count.slice(0, n), valid: null };
    case 'sum': {
      if (!isIntLike(spec.input)) return { dtype: 'float64', length: n, values: s.sum!.slice(0, n), valid: null };
      return exactInts(s, n, name);
    }
    case 'mean': {
      const out = new Float64Array(n);
      const valid = new Uint8Array(n);
      for (let g = 0; g < n; g++) {
        if (count[g] === 0) continue;
        const total = s.big && s.big[g] !== 0n ? Number(s.big[g] + BigInt(s.sum![g])) : s.sum![g];
        out[g] = total / count[g];
        valid[g] = 1;
      }
      return { dtype: 'float64', length: n, values: out, valid };
    }
    case 'min': case 'max': {
      const valid = new Uint8Array(n);
      for (let g = 0; g < n; g++) valid[g] = count[g] > 0 ? 1 : 0;
      if (spec.input === 'string') {
        const dict: string[] = [];
        const codes = new Int32Array(n);
        for (let g = 0; g < n; g++) if (valid[g]) { codes[g] = dict.length; dict.push(s.str![g]!); }
        return { dtype: 'string', length: n, values: codes, valid, dict };
      }
      if (s.bigVal) return { dtype: 'int64', length: n, values: BigInt64Array.from(s.bigVal.slice(0, n)), valid };
      const v = s.val!.subarray(0, n);
      const t = spec.input!;
      const values = t === 'bool' ? Uint8Array.from(v) : t === 'date' ? Int32Array.from(v) : v.slice();
      return { dtype: t, length: n, values, valid };
    }
    case 'var': case 'std': {
      const out = new Float64Array(n);
      const valid = new Uint8Array(n);
      for (let g = 0; g < n; g++) {
        if (count[g] <= spec.ddof) continue;
        const variance = Math.max(0, s.m2![g] / (count[g] - spec.ddof));
        out[g] = spec.fn === 'std' ? Math.sqrt(variance) : variance;
        valid[g] = 1;
      }
      return { dtype: 'float64', length: n, values: out, valid };
    }
  }
}

function exactInts(s: AggState, n: number, name: string): Column {
  const sum = s.sum!;
  if (!s.big) return { dtype: 'int64', length: n, values: sum.slice(0, n), valid: null };
  const totals = new Array<bigint>(n);
  let wide = false;
  for (let g = 0; g < n; g++) {
    const t = s.big[g] + BigInt(sum[g]);
    if (t > MAX_I64 || t < MIN_I64) throw new Error(`sum of ${JSON.stringify(name)} overflows int64 in a group; cast the column to float64 first: col(${JSON.stringify(name)}).cast('float64').sum()`);
    if (t > BigInt(Number.MAX_SAFE_INTEGER) || t < BigInt(Number.MIN_SAFE_INTEGER)) wide = true;
    totals[g] = t;
  }
  if (wide) return { dtype: 'int64', length: n, values: BigInt64Array.from(totals), valid: null };
  return { dtype: 'int64', length: n, values: Float64Array.from(totals, Number), valid: null };
}
