/**
 * A CART classification tree on Gini impurity, grown the presorted way: each feature's rows are
 * sorted once per tree, a node is the same range of every feature's order, and a split
 * partitions each order stably in one pass. Finding a node's best split is then one sweep per
 * feature with class counts updated by one row at a time — O(features × rows) per tree level.
 * (ml-cart, used before, scored every threshold by rescanning the node's rows: one fold of a
 * depth-10 tree on 2 144 polynomial features of the digits took 215 s; this takes well under one.)
 *
 * Rows may repeat (a forest's bootstrap sample). `maxFeatures` < the feature count draws that
 * many candidate features at each node (a random forest), going on to the others only when none
 * of the drawn ones splits the node.
 */
import type { Random } from '../random.js';

export interface TreeOptions {
  maxDepth: number;
  /** A node of fewer rows than this is a leaf (scikit-learn's min_samples_split). */
  minNumSamples: number;
  /** Candidate features drawn at each node (default: all, in order). */
  maxFeatures?: number;
  rng?: Random;
}

/** A grown tree: node k splits on `feature[k]` at `threshold[k]` (≤ goes left) or is a leaf (feature −1) with class counts `counts[k * nClasses …]`. */
export interface Tree {
  nClasses: number;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  counts: Float64Array;
}

/**
 * Grows a tree on `rows` (indices into the data's rows, repeats allowed) with class codes `y`
 * (by row) in [0, nClasses).
 */
export function growTree(data: TreeData, y: Int32Array, nClasses: number, rows: Int32Array, opts: TreeOptions): Tree {
  const { cols } = data;
  const nf = cols.length;
  const n = rows.length;
  // order[f]: positions 0..n-1 of `rows`, sorted by feature f (stable: ties in position order)
  const order = samplePositions(data, rows);
  // each feature's values in its order, moved with it: the sweep reads them in sequence (through
  // rows[order[i]] it missed the cache on every step of a wide table: 2 144 polynomial features)
  const sorted = order.map((o, f) => {
    const c = cols[f];
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c[rows[o[i]]];
    return out;
  });
  const scratchV = new Float64Array(n);
  const cls = new Int32Array(n);
  for (let i = 0; i < n; i++) cls[i] = y[rows[i]];
  const goesLeft = new Uint8Array(n);
  const scratch = new Int32Array(n);
  const b = new TreeBuilder(nClasses);
  const drawn = Math.min(nf, Math.max(1, opts.maxFeatures ?? nf));
  const features = Int32Array.from({ length: nf }, (_, f) => f);
  const countsL = new Float64Array(nClasses);
  const countsR = new Float64Array(nClasses);

  const grow = (lo: number, hi: number, depth: number): number => {
    const node = b.add();
    const total = b.countsOf(node);
    for (let i = lo; i < hi; i++) total[cls[order[0][i]]]++;
    const size = hi - lo;
    if (depth >= opts.maxDepth || size < opts.minNumSamples || isPure(total)) return node;
    // the drawn features first (a partial Fisher–Yates shuffle), then the rest if none splits
    if (drawn < nf && opts.rng) {
      for (let i = 0; i < drawn; i++) {
        const j = i + opts.rng.int(nf - i);
        const t = features[i]; features[i] = features[j]; features[j] = t;
      }
    }
    let bestF = -1;
    let bestAt = -1;
    let bestScore = Infinity;
    for (let k = 0; k < nf; k++) {
      if (k >= drawn && bestF >= 0) break;
      const f = features[k];
      const o = order[f];
      const v = sorted[f];
      countsL.fill(0);
      countsR.set(total);
      let sqL = 0;
      let sqR = 0;
      for (let c = 0; c < nClasses; c++) sqR += total[c] * total[c];
      for (let i = lo; i < hi - 1; i++) {
        const c = cls[o[i]];
        sqL += 2 * countsL[c] + 1;
        countsL[c]++;
        sqR -= 2 * countsR[c] - 1;
        countsR[c]--;
        if (v[i] === v[i + 1]) continue; // no threshold between equal values
        const nL = i - lo + 1;
        const nR = size - nL;
        // the children's Gini impurity weighted by their sizes, times the node's size
        const score = nL - sqL / nL + nR - sqR / nR;
        if (score < bestScore - 1e-12) { bestScore = score; bestF = f; bestAt = i; }
      }
    }
    if (bestF < 0) return node; // every feature constant over the node
    const o = order[bestF];
    const v = sorted[bestF];
    b.split(node, bestF, midpoint(v[bestAt], v[bestAt + 1]));
    for (let i = lo; i < hi; i++) goesLeft[o[i]] = i <= bestAt ? 1 : 0;
    const mid = bestAt + 1;
    for (let f = 0; f < nf; f++) if (f !== bestF) partition(order[f], sorted[f], lo, hi, goesLeft, scratch, scratchV);
    b.setChildren(node, grow(lo, mid, depth + 1), grow(mid, hi, depth + 1));
    return node;
  };
  grow(0, n, 0);
  return b.done();
}

/** The class counts of the leaf `x` falls in (a view into the tree). */
export function leafCounts(tree: Tree, x: readonly number[]): Float64Array {
  let k = 0;
  while (tree.feature[k] >= 0) k = x[tree.feature[k]] <= tree.threshold[k] ? tree.left[k] : tree.right[k];
  return tree.counts.subarray(k * tree.nClasses, (k + 1) * tree.nClasses);
}

/**
 * A threshold between two neighbouring values a < b that sends a left and b right: their
 * midpoint, or a itself where the midpoint rounds to b (0.3 and 0.30000000000000004) or
 * overflows (1.7e308 + 1.79e308, ±Infinity) — as scikit-learn does.
 */
function midpoint(a: number, b: number): number {
  const m = a / 2 + b / 2;
  return m >= b || !Number.isFinite(m) ? a : m;
}

/** The index of the largest value (the first of equal ones). */
export function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}

/** Training data for trees: feature-major columns, and each feature's rows in sorted order (sorted once for all the trees of a forest). */
export interface TreeData {
  cols: Float64Array[];
  sorted: Int32Array[];
}

export function treeData(X: readonly (readonly number[])[]): TreeData {
  const nf = X.length === 0 ? 0 : X[0].length;
  if (nf === 0) throw new Error('a tree needs at least one feature (X has rows of none)');
  X.forEach((r, i) => {
    const f = r.findIndex((x) => Number.isNaN(x));
    if (f >= 0) throw new Error(`a tree cannot split on NaN: row ${i}, feature ${f} of X (impute it first, e.g. fillNull)`);
  });
  const cols = Array.from({ length: nf }, () => new Float64Array(X.length));
  X.forEach((r, i) => { for (let f = 0; f < nf; f++) cols[f][i] = r[f]; });
  const sorted = cols.map((v) => Int32Array.from({ length: X.length }, (_, i) => i).sort((a, b) => v[a] - v[b] || a - b));
  return { cols, sorted };
}

/** Per feature, the positions of `rows` in the order of that feature's sorted rows (a row drawn k times gives its k positions). */
function samplePositions(data: TreeData, rows: Int32Array): Int32Array[] {
  const nRows = data.cols.length === 0 ? 0 : data.cols[0].length;
  // the positions of each row: start[r] … start[r + 1] in `at`
  const start = new Int32Array(nRows + 1);
  for (let i = 0; i < rows.length; i++) start[rows[i] + 1]++;
  for (let r = 0; r < nRows; r++) start[r + 1] += start[r];
  const at = new Int32Array(rows.length);
  const fill = start.slice(0, nRows);
  for (let i = 0; i < rows.length; i++) at[fill[rows[i]]++] = i;
  return data.sorted.map((s) => {
    const o = new Int32Array(rows.length);
    let k = 0;
    for (let j = 0; j < s.length; j++) {
      const r = s[j];
      for (let q = start[r]; q < start[r + 1]; q++) o[k++] = at[q];
    }
    return o;
  });
}

function isPure(counts: Float64Array): boolean {
  let seen = 0;
  for (let c = 0; c < counts.length; c++) if (counts[c] > 0 && ++seen > 1) return false;
  return true;
}

/** Stably moves the positions of o[lo, hi) that go left before those that go right, and their values in v with them. */
function partition(o: Int32Array, v: Float64Array, lo: number, hi: number, goesLeft: Uint8Array, scratch: Int32Array, scratchV: Float64Array): void {
  let l = lo;
  let r = 0;
  for (let i = lo; i < hi; i++) {
    const p = o[i];
    if (goesLeft[p] === 1) { v[l] = v[i]; o[l++] = p; }
    else { scratchV[r] = v[i]; scratch[r++] = p; }
  }
  o.set(scratch.subarray(0, r), l);
  v.set(scratchV.subarray(0, r), l);
}

/** The tree's arrays, grown as nodes are added. */
class TreeBuilder {
  private n = 0;
  private feature = new Int32Array(64);
  private threshold = new Float64Array(64);
  private left = new Int32Array(64);
  private right = new Int32Array(64);
  private counts: Float64Array;

  constructor(private readonly nClasses: number) {
    this.counts = new Float64Array(64 * nClasses);
  }

  add(): number {
    if (this.n === this.feature.length) this.grow();
    this.feature[this.n] = -1;
    return this.n++;
  }

  countsOf(node: number): Float64Array {
    return this.counts.subarray(node * this.nClasses, (node + 1) * this.nClasses);
  }

  split(node: number, feature: number, threshold: number): void {
    this.feature[node] = feature;
    this.threshold[node] = threshold;
  }

  setChildren(node: number, left: number, right: number): void {
    this.left[node] = left;
    this.right[node] = right;
  }

  done(): Tree {
    const n = this.n;
    return { nClasses: this.nClasses, feature: this.feature.slice(0, n), threshold: this.threshold.slice(0, n), left: this.left.slice(0, n), right: this.right.slice(0, n), counts: this.counts.slice(0, n * this.nClasses) };
  }

  private grow(): void {
    const cap = this.feature.length * 2;
    const copy = <T extends Int32Array | Float64Array>(a: T, len: number): T => { const b = new (a.constructor as new (n: number) => T)(len); b.set(a); return b; };
    this.feature = copy(this.feature, cap);
    this.threshold = copy(this.threshold, cap);
    this.left = copy(this.left, cap);
    this.right = copy(this.right, cap);
    this.counts = copy(this.counts, cap * this.nClasses);
  }
}
