/**
 * gen-dbbench.ts — the inputs of the public db-benchmark (h2oai, now duckdblabs), generated
 * seeded and deterministic in TypeScript with the semantics of its R generators
 * (`_data/groupby-datagen.R`, `_data/join-datagen.R`); the random values differ from R's, the
 * shapes do not. Files are written to a temp name and renamed on success.
 *
 * groupby — one file `G1_<N>_<K>_<nas>_0.csv`, `id1,id2,id3,id4,id5,id6,v1,v2,v3`:
 *   id1, id2  "id%03d" uniform over 1..K           id3  "id%010d" uniform over 1..N/K
 *   id4, id5  int uniform over 1..K                id6  int uniform over 1..N/K
 *   v1 int 1..5, v2 int 1..15, v3 uniform [0,100) rounded to 6 decimals
 *   nas% > 0: in EVERY column independently, exactly ⌊N·nas/100⌋ rows (drawn without
 *   replacement) are null, written as an empty field (as R's fwrite writes NA).
 *
 * join — `x.csv` (N rows), `small.csv` (N/1e6), `medium.csv` (N/1e3), `big.csv` (N):
 *   For each key level n ∈ {N/1e6, N/1e3, N}, a random permutation of 1..1.1n is cut into
 *   common keys (0.9n), left-only (0.1n) and right-only (0.1n). x draws from common+left, the
 *   right tables from common+right, each "sample_all": every key at least once, the rest drawn
 *   with replacement, shuffled (so x.id3, small.id1, medium.id2 and big.id3 are permutations:
 *   unique). id4/id5/id6 are "id" + id1/id2/id3 (string keys); v1 (x) and v2 (the right
 *   tables) are uniform [0,100) with 6 decimals.
 *     x       id1,id2,id3,id4,id5,id6,v1     small   id1,id4,v2
 *     medium  id1,id2,id4,id5,v2             big     id1,id2,id3,id4,id5,id6,v2
 *   nas% > 0 (x only, as in R): for each of id1..id3, ⌊#distinct·nas/100⌋ of its distinct values
 *   become null in every row holding them (the matching id4..id6 string is null too); v1 is null
 *   in exactly ⌊N·nas/100⌋ rows. The right tables have no nulls.
 *   R requires N ≥ 1e7; for smaller N the key levels are floored at 10 (small and medium get
 *   at least 10 rows) so small test runs keep every table non-empty.
 *
 * CLI:  node --import tsx src/data/gen-dbbench.ts groupby|join --out DIR [--rows 1e7] [--k 100] [--nas 5] [--seed 108]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { Sfc32, writeRows } from '../../../scripts/gen-seed.js';

export const GROUPBY_HEADER = 'id1,id2,id3,id4,id5,id6,v1,v2,v3';
const TWO_POW_53 = 2 ** 53;

export interface GroupbyParams { rows: number; k: number; nas: number; seed: number }
export interface JoinParams { rows: number; nas: number; seed: number }

/** `1e7` for powers of ten, else the plain number — db-benchmark's file-name style. */
export function prettySci(n: number): string {
  const e = Math.log10(n);
  return Number.isInteger(e) && e > 0 ? `1e${e}` : String(n);
}

export function groupbyFileName(p: GroupbyParams): string {
  return `G1_${prettySci(p.rows)}_${prettySci(p.k)}_${p.nas}_0.csv`;
}

export const JOIN_TABLES = ['x', 'small', 'medium', 'big'] as const;
export type JoinTable = (typeof JOIN_TABLES)[number];

/** Uniform draws on top of sfc32: 53-bit floats so large ranges (N/K, 1e8 micro-units) stay unbiased. */
class Draw {
  private readonly rng: Sfc32;
  constructor(seed: number, stream: number) { this.rng = new Sfc32(seed, stream); }
  /** Uniform integer in 0..m-1. */
  below(m: number): number {
    const hi = this.rng.next() >>> 5;
    const lo = this.rng.next() >>> 6;
    return Math.floor(((hi * 67_108_864 + lo) / TWO_POW_53) * m);
  }
  /** runif(max=100) rounded to 6 decimals, as integer micro-units 0..1e8-1. */
  micros(): number { return this.below(100_000_000); }
  /** Fisher–Yates in place. */
  shuffle(a: Int32Array): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const t = a[i]; a[i] = a[j]; a[j] = t;
    }
  }
}

/** Marks exactly `count` of 0..n-1, drawn without replacement (Floyd's algorithm), by setting `bit` in `mask`. */
function markSample(mask: Uint16Array, n: number, count: number, bit: number, draw: Draw): void {
  for (let j = n - count; j < n; j++) {
    const t = draw.below(j + 1);
    if (mask[t] & bit) mask[j] |= bit; else mask[t] |= bit;
  }
}

function micros6(u: number): string {
  return `${Math.floor(u / 1_000_000)}.${String(u % 1_000_000).padStart(6, '0')}`;
}

/** The groupby file (see the header). Returns its path. */
export function generateGroupby(dir: string, p: GroupbyParams): string {
  mkdirSync(dir, { recursive: true });
  const { rows: n, k } = p;
  const small = Math.max(1, Math.round(n / k));
  const idK = Array.from({ length: k }, (_, i) => `id${String(i + 1).padStart(3, '0')}`);
  const idSmall = Array.from({ length: small }, (_, i) => `id${String(i + 1).padStart(10, '0')}`);
  const values = new Draw(p.seed, 0);
  const nulls = new Uint16Array(p.nas > 0 ? n : 0);
  if (p.nas > 0) {
    const nullDraw = new Draw(p.seed, 1);
    const count = Math.floor((n * p.nas) / 100);
    for (let c = 0; c < 9; c++) markSample(nulls, n, count, 1 << c, nullDraw);
  }
  const path = join(dir, groupbyFileName(p));
  writeRows(path, GROUPBY_HEADER, n, (r) => {
    const f = [
      idK[values.below(k)], idK[values.below(k)], idSmall[values.below(small)],
      String(1 + values.below(k)), String(1 + values.below(k)), String(1 + values.below(small)),
      String(1 + values.below(5)), String(1 + values.below(15)), micros6(values.micros()),
    ];
    const m = p.nas > 0 ? nulls[r] : 0;
    if (m !== 0) for (let c = 0; c < 9; c++) if (m & (1 << c)) f[c] = '';
    return `${f.join(',')}\n`;
  });
  return path;
}

interface KeySplit { common: Int32Array; left: Int32Array; right: Int32Array }

/** A permutation of 1..1.1n cut into common (0.9n), left-only (0.1n) and right-only (0.1n) keys. */
function splitKeys(n: number, draw: Draw): KeySplit {
  const nx = Math.round(n * 0.9);
  const nl = n - nx;
  const keys = Int32Array.from({ length: n + nl }, (_, i) => i + 1);
  draw.shuffle(keys);
  return { common: keys.subarray(0, nx), left: keys.subarray(nx, n), right: keys.subarray(n, n + nl) };
}

/** Every key at least once, the rest drawn with replacement, shuffled. */
function sampleAll(a: Int32Array, b: Int32Array, size: number, draw: Draw): Int32Array {
  const len = a.length + b.length;
  if (len > size) throw new Error(`internal: ${len} keys do not fit in ${size} rows`);
  const out = new Int32Array(size);
  out.set(a, 0);
  out.set(b, a.length);
  for (let i = len; i < size; i++) {
    const j = draw.below(len);
    out[i] = j < a.length ? a[j] : b[j - a.length];
  }
  draw.shuffle(out);
  return out;
}

export function joinSizes(rows: number): Record<JoinTable, number> {
  return { x: rows, small: Math.max(10, Math.round(rows / 1e6)), medium: Math.max(10, Math.round(rows / 1e3)), big: rows };
}

/** The four join tables (see the header). Returns their paths by table name. */
export function generateJoin(dir: string, p: JoinParams): Record<JoinTable, string> {
  mkdirSync(dir, { recursive: true });
  const sizes = joinSizes(p.rows);
  const keyDraw = new Draw(p.seed, 0);
  const levels = [splitKeys(sizes.small, keyDraw), splitKeys(sizes.medium, keyDraw), splitKeys(sizes.big, keyDraw)];
  const paths = Object.fromEntries(JOIN_TABLES.map((t) => [t, join(dir, `${t}.csv`)])) as Record<JoinTable, string>;
  const id = (v: number): string => (v === 0 ? '' : String(v));
  const sid = (v: number): string => (v === 0 ? '' : `id${v}`);

  // x: keys from common + left; nulls by distinct key value (0 = null), v1 by row
  const xDraw = new Draw(p.seed, 1);
  const xKeys = levels.map((l) => sampleAll(l.common, l.left, sizes.x, xDraw));
  const v1 = Int32Array.from({ length: sizes.x }, () => xDraw.micros());
  const v1Null = new Uint16Array(p.nas > 0 ? sizes.x : 0);
  if (p.nas > 0) {
    const nullDraw = new Draw(p.seed, 2);
    levels.forEach((l, c) => {
      const distinct = l.common.length + l.left.length;
      const pick = new Uint16Array(distinct);
      markSample(pick, distinct, Math.floor((distinct * p.nas) / 100), 1, nullDraw);
      const gone = new Set<number>();
      pick.forEach((m, i) => { if (m) gone.add(i < l.common.length ? l.common[i] : l.left[i - l.common.length]); });
      const keys = xKeys[c];
      for (let r = 0; r < keys.length; r++) if (gone.has(keys[r])) keys[r] = 0;
    });
    markSample(v1Null, sizes.x, Math.floor((sizes.x * p.nas) / 100), 1, nullDraw);
  }
  const [x1, x2, x3] = xKeys;
  writeRows(paths.x, 'id1,id2,id3,id4,id5,id6,v1', sizes.x, (r) =>
    `${id(x1[r])},${id(x2[r])},${id(x3[r])},${sid(x1[r])},${sid(x2[r])},${sid(x3[r])},${p.nas > 0 && v1Null[r] ? '' : micros6(v1[r])}\n`);

  // right tables: keys from common + right, no nulls
  const sDraw = new Draw(p.seed, 3);
  const s1 = sampleAll(levels[0].common, levels[0].right, sizes.small, sDraw);
  writeRows(paths.small, 'id1,id4,v2', sizes.small, (r) => `${s1[r]},id${s1[r]},${micros6(sDraw.micros())}\n`);

  const mDraw = new Draw(p.seed, 4);
  const m1 = sampleAll(levels[0].common, levels[0].right, sizes.medium, mDraw);
  const m2 = sampleAll(levels[1].common, levels[1].right, sizes.medium, mDraw);
  writeRows(paths.medium, 'id1,id2,id4,id5,v2', sizes.medium, (r) => `${m1[r]},${m2[r]},id${m1[r]},id${m2[r]},${micros6(mDraw.micros())}\n`);

  const bDraw = new Draw(p.seed, 5);
  const [b1, b2, b3] = levels.map((l) => sampleAll(l.common, l.right, sizes.big, bDraw));
  writeRows(paths.big, 'id1,id2,id3,id4,id5,id6,v2', sizes.big, (r) =>
    `${b1[r]},${b2[r]},${b3[r]},id${b1[r]},id${b2[r]},id${b3[r]},${micros6(bDraw.micros())}\n`);
  return paths;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' }, rows: { type: 'string', default: '1e7' }, k: { type: 'string', default: '100' },
      nas: { type: 'string', default: '5' }, seed: { type: 'string', default: '108' },
    },
  });
  const what = positionals[0];
  if (!values.out || (what !== 'groupby' && what !== 'join')) {
    process.stderr.write('usage: gen-dbbench groupby|join --out DIR [--rows 1e7] [--k 100] [--nas 5] [--seed 108]\n');
    process.exit(2);
  }
  const t0 = performance.now();
  const rows = Number(values.rows);
  const common = { rows, nas: Number(values.nas), seed: Number(values.seed) };
  const out = what === 'groupby' ? [generateGroupby(values.out, { ...common, k: Number(values.k) })] : Object.values(generateJoin(values.out, common));
  process.stderr.write(`${out.join(', ')}: ${rows} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
