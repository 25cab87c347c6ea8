/**
 * corr(a, b): Pearson's correlation over the rows where both a and b are present (pandas'
 * pairwise-complete rows; NaN counts as missing). A co-moment state (n, means, M2 of each side,
 * C_xy) updated Welford-style and merged with Chan's formulas, so it is as stable as var/std.
 * Null with fewer than 2 rows or when either side has zero variance. Numeric inputs; float64.
 */
import type { Column } from '../column.js';
import { growF64, nextCapacity } from './grow.js';
import type { AggSpec, Reduction } from './reduction.js';

/**
 * Each group's six numbers side by side (FIELDS apart): a row reads and writes one or two cache
 * lines, where six arrays of 10 k groups cost six misses a row (db-benchmark q9: ~50 ns a row).
 */
export interface CorrState {
  cap: number;
  v: Float64Array;
}

/** Offsets within a group's numbers: rows, the means, each side's M2, the co-moment. */
const N = 0;
const MX = 1;
const MY = 2;
const M2X = 3;
const M2Y = 4;
const CXY = 5;
const FIELDS = 6;

function create(): CorrState {
  return { cap: 16, v: new Float64Array(16 * FIELDS) };
}

function grow(s: CorrState, n: number): void {
  if (n <= s.cap) return;
  s.cap = nextCapacity(s.cap, n);
  s.v = growF64(s.v, s.cap * FIELDS);
}

function update(s: CorrState, gids: Int32Array, a: Column, b: Column, n: number, ngroups: number): void {
  grow(s, ngroups);
  const va = a.valid;
  const vb = b.valid;
  const xs = a.values;
  const ys = b.values;
  const v = s.v;
  for (let i = 0; i < n; i++) {
    const g = gids[i];
    if (g < 0 || (va !== null && va[i] === 0) || (vb !== null && vb[i] === 0)) continue;
    const x = Number(xs[i]);
    const y = Number(ys[i]);
    if (x !== x || y !== y) continue;
    const o = g * FIELDS;
    const c = ++v[o + N];
    const r = 1 / c; // one division for both means
    const dx = x - v[o + MX];
    const mx = v[o + MX] + dx * r;
    v[o + MX] = mx;
    const dy = y - v[o + MY];
    const my = v[o + MY] + dy * r;
    v[o + MY] = my;
    v[o + M2X] += dx * (x - mx);
    v[o + M2Y] += dy * (y - my);
    v[o + CXY] += dx * (y - my);
  }
}

function merge(s: CorrState, other: CorrState, map: Int32Array, otherGroups: number, ngroups: number): void {
  grow(s, ngroups);
  const v = s.v;
  const w = other.v;
  for (let j = 0; j < otherGroups; j++) {
    const g = map[j];
    const b = j * FIELDS;
    const nb = w[b + N];
    if (g < 0 || nb === 0) continue;
    const a = g * FIELDS;
    const na = v[a + N];
    if (na === 0) {
      for (let f = 0; f < FIELDS; f++) v[a + f] = w[b + f];
      continue;
    }
    const nt = na + nb;
    const dx = w[b + MX] - v[a + MX];
    const dy = w[b + MY] - v[a + MY];
    const k = (na * nb) / nt;
    v[a + M2X] += w[b + M2X] + dx * dx * k;
    v[a + M2Y] += w[b + M2Y] + dy * dy * k;
    v[a + CXY] += w[b + CXY] + dx * dy * k;
    v[a + MX] += (dx * nb) / nt;
    v[a + MY] += (dy * nb) / nt;
    v[a + N] = nt;
  }
}

function finalize(s: CorrState, n: number): Column {
  grow(s, n);
  const v = s.v;
  const out = new Float64Array(n);
  const valid = new Uint8Array(n);
  for (let g = 0; g < n; g++) {
    const o = g * FIELDS;
    if (v[o + N] < 2 || v[o + M2X] === 0 || v[o + M2Y] === 0) continue;
    const r = v[o + CXY] / Math.sqrt(v[o + M2X] * v[o + M2Y]);
    if (r !== r) continue; // infinities: undefined, like pandas' NaN
    out[g] = Math.max(-1, Math.min(1, r));
    valid[g] = 1;
  }
  return { dtype: 'float64', length: n, values: out, valid };
}

export const corr: Reduction<CorrState> = {
  fn: 'corr',
  arity: 2,
  inputs: 'numeric',
  outputType: () => 'float64',
  create,
  update: (s, _call: AggSpec, gids, args, n, ngroups) => update(s, gids, args[0]!, args[1]!, n, ngroups),
  merge: (s, _call, other, map, otherGroups, ngroups) => merge(s, other, map, otherGroups, ngroups),
  finalize: (s, _call, n) => finalize(s, n),
  estimatedBytes: (s) => s.v.byteLength,
};
