/**
 * corr(a, b): Pearson's correlation over the rows where both a and b are present (pandas'
 * pairwise-complete rows; NaN counts as missing). A co-moment state (n, means, M2 of each side,
 * C_xy) updated Welford-style and merged with Chan's formulas, so it is as stable as var/std.
 * Null with fewer than 2 rows or when either side has zero variance. Numeric inputs; float64.
 */
import type { Column } from '../column.js';
import { growF64, nextCapacity } from './grow.js';
import type { AggSpec, Reduction } from './reduction.js';

export interface CorrState {
  cap: number;
  n: Float64Array;
  meanX: Float64Array;
  meanY: Float64Array;
  m2x: Float64Array;
  m2y: Float64Array;
  cxy: Float64Array;
}

const FIELDS = ['n', 'meanX', 'meanY', 'm2x', 'm2y', 'cxy'] as const;

function create(): CorrState {
  return { cap: 16, n: new Float64Array(16), meanX: new Float64Array(16), meanY: new Float64Array(16), m2x: new Float64Array(16), m2y: new Float64Array(16), cxy: new Float64Array(16) };
}

function grow(s: CorrState, n: number): void {
  if (n <= s.cap) return;
  s.cap = nextCapacity(s.cap, n);
  for (const f of FIELDS) s[f] = growF64(s[f], s.cap);
}

function update(s: CorrState, gids: Int32Array, a: Column, b: Column, n: number, ngroups: number): void {
  grow(s, ngroups);
  const va = a.valid;
  const vb = b.valid;
  const xs = a.values;
  const ys = b.values;
  const { meanX, meanY, m2x, m2y, cxy } = s;
  const cnt = s.n;
  for (let i = 0; i < n; i++) {
    const g = gids[i];
    if (g < 0 || (va !== null && va[i] === 0) || (vb !== null && vb[i] === 0)) continue;
    const x = Number(xs[i]);
    const y = Number(ys[i]);
    if (x !== x || y !== y) continue;
    const c = ++cnt[g];
    const r = 1 / c; // one division for both means
    const dx = x - meanX[g];
    meanX[g] += dx * r;
    const dy = y - meanY[g];
    meanY[g] += dy * r;
    m2x[g] += dx * (x - meanX[g]);
    m2y[g] += dy * (y - meanY[g]);
    cxy[g] += dx * (y - meanY[g]);
  }
}

function merge(s: CorrState, o: CorrState, map: Int32Array, otherGroups: number, ngroups: number): void {
  grow(s, ngroups);
  for (let j = 0; j < otherGroups; j++) {
    const g = map[j];
    const nb = o.n[j];
    if (g < 0 || nb === 0) continue;
    const na = s.n[g];
    if (na === 0) {
      for (const f of FIELDS) s[f][g] = o[f][j];
      continue;
    }
    const nt = na + nb;
    const dx = o.meanX[j] - s.meanX[g];
    const dy = o.meanY[j] - s.meanY[g];
    const w = (na * nb) / nt;
    s.m2x[g] += o.m2x[j] + dx * dx * w;
    s.m2y[g] += o.m2y[j] + dy * dy * w;
    s.cxy[g] += o.cxy[j] + dx * dy * w;
    s.meanX[g] += (dx * nb) / nt;
    s.meanY[g] += (dy * nb) / nt;
    s.n[g] = nt;
  }
}

function finalize(s: CorrState, n: number): Column {
  grow(s, n);
  const out = new Float64Array(n);
  const valid = new Uint8Array(n);
  for (let g = 0; g < n; g++) {
    if (s.n[g] < 2 || s.m2x[g] === 0 || s.m2y[g] === 0) continue;
    const r = s.cxy[g] / Math.sqrt(s.m2x[g] * s.m2y[g]);
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
  estimatedBytes: (s) => s.n.byteLength * FIELDS.length,
};
