/**
 * Every registered reduction against the independent oracle (testing/oracle.ts), on seeded
 * random data shaped to reach the paths small hand-made cases miss: more groups than a state's
 * first capacity (16, so states grow, in update, merge and finalize), partitions of unequal
 * sizes (some empty, some seeing only a few groups) each cut into several batches, nulls,
 * skipped rows (group id -1), groups that no partition sees, and integers whose sums cross
 * 2^53 only when partials are merged. A failure names the function, input kind and group.
 */
import { describe, expect, test } from 'vitest';
import type { AggFn } from '../../plan/expr-node.js';
import { aggregate, type Cell } from '../../testing/oracle.js';
import { Rng } from '../../testing/random-csv.js';
import { bools, cells, f64, i64, reduce, strs, type TestBatch } from '../../testing/run-reduction.js';
import type { DType } from '../../types/dtype.js';
import type { Column } from '../column.js';
import { REDUCTIONS, reductionFor } from './index.js';
import type { AggSpec } from './reduction.js';

type Kind = 'int' | 'bigint' | 'wide' | 'float' | 'bool' | 'string';

const DTYPE: Record<Kind, DType> = { int: 'int64', bigint: 'int64', wide: 'int64', float: 'float64', bool: 'bool', string: 'string' };

/**
 * One random value of a kind: small ints with ties, ints near 10^15 (31 of them pass 2^53),
 * `wide` ints of which a fifth are beyond 2^53 (bigints: a batch holding one is a BigInt64Array,
 * the others Float64Array, so states switch representation mid-partition and in merges), floats,
 * bools, a few strings.
 */
function value(rng: Rng, kind: Kind): Cell {
  switch (kind) {
    case 'int': return rng.int(-50, 50);
    case 'bigint': return 999_999_999_999_999 - rng.int(0, 1000);
    case 'wide': return rng.chance(0.2) ? (rng.chance(0.5) ? 1n : -1n) * (2n ** 54n + BigInt(rng.int(0, 1000))) : rng.int(-50, 50);
    case 'float': return rng.int(-40_000, 40_000) / 64 + (rng.chance(0.1) ? 1e6 : 0);
    case 'bool': return rng.chance(0.5);
    case 'string': return rng.pick(['ant', 'bee', 'cat', 'dog', 'eel', 'Fox', '', 'ant ']);
  }
}

function column(kind: Kind, xs: readonly Cell[]): Column {
  switch (kind) {
    case 'int': case 'bigint': case 'wide': return i64(xs as (number | bigint | null)[]);
    case 'float': return f64(xs as (number | null)[]);
    case 'bool': return bools(xs as (boolean | null)[]);
    case 'string': return strs(xs as (string | null)[]);
  }
}

interface Data {
  gids: number[];
  xs: Cell[];
  ys: Cell[];
  /** Row indices where partitions end (exclusive), ascending, last = rows. */
  partEnds: number[];
}

/**
 * `rows` rows over `ngroups` groups (the last few never used), cut into 1–7 partitions; `runs`:
 * rows in runs of one group (a key the file is sorted by), so that most batches are one group.
 */
function makeData(rng: Rng, kind: Kind, rows: number, ngroups: number, runs = false): Data {
  const used = ngroups - 3;
  const gids = Array.from({ length: rows }, () => (rng.chance(0.05) ? -1 : rng.int(0, used - 1)));
  // some partitions see a narrow band of groups only, so their local numbering differs
  for (let i = 0; i < rows / 4; i++) gids[i] = gids[i] < 0 ? -1 : gids[i] % 5;
  if (runs) for (let i = 0; i < rows; i++) gids[i] = Math.floor((i * used) / rows);
  const xs = Array.from({ length: rows }, () => (rng.chance(0.15) ? null : value(rng, kind)));
  const ys = Array.from({ length: rows }, () => (rng.chance(0.15) ? null : value(rng, 'float')));
  const cuts = new Set<number>([rows]);
  for (let k = rng.int(0, 6); k > 0; k--) cuts.add(rng.int(0, rows));
  return { gids, xs, ys, partEnds: [...cuts].sort((a, b) => a - b) };
}

function partitions(rng: Rng, d: Data, kind: Kind, arity: 1 | 2): TestBatch[][] {
  const parts: TestBatch[][] = [];
  let start = 0;
  for (const end of d.partEnds) {
    const batches: TestBatch[] = [];
    let b = start;
    while (b < end) {
      const e = Math.min(end, b + rng.int(1, 90));
      const args = [column(kind, d.xs.slice(b, e))];
      if (arity === 2) args.push(f64(d.ys.slice(b, e) as (number | null)[]));
      batches.push({ gids: d.gids.slice(b, e), args });
      b = e;
    }
    parts.push(batches);
    start = end;
  }
  return parts;
}

function expected(fn: AggFn, kind: Kind, d: Data, g: number, q: number): Cell {
  const rows = d.gids.flatMap((x, i) => (x === g ? [i] : []));
  return aggregate(fn, rows.map((i) => d.xs[i]), DTYPE[kind], { q, values2: rows.map((i) => d.ys[i]), sep: ' | ' });
}

function same(got: Cell, want: Cell): boolean {
  if (typeof got === 'number' && typeof want === 'number') {
    if (Number.isNaN(got) || Number.isNaN(want)) return Number.isNaN(got) && Number.isNaN(want);
    return Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want));
  }
  return got === want;
}

const NUMERIC: Kind[] = ['int', 'bigint', 'float', 'bool'];
const CASES: [AggFn, Kind[]][] = [
  ['sum', [...NUMERIC, 'wide']],
  ['mean', NUMERIC],
  ['count', [...NUMERIC, 'wide', 'string']],
  ['size', ['float', 'string']],
  ['min', ['int', 'bigint', 'wide', 'float', 'string']],
  ['max', ['int', 'bigint', 'wide', 'float', 'string']],
  ['var', ['int', 'float']],
  ['std', ['int', 'float']],
  ['nUnique', ['int', 'float', 'bool', 'string']],
  ['median', ['int', 'float']],
  ['quantile', ['int', 'float']],
  ['first', ['int', 'wide', 'float', 'bool', 'string']],
  ['last', ['int', 'wide', 'float', 'bool', 'string']],
  ['corr', ['int', 'float']],
  ['stringAgg', ['string']],
];

describe('every reduction equals the oracle over unequal partitions, many groups and nulls (even seeds: room reserved ahead for twice the groups)', () => {
  for (const [fn, kinds] of CASES) {
    for (const kind of kinds) {
      test(`${fn} of ${kind}`, () => {
        const r = REDUCTIONS[fn];
        // seeds 7 and 8: rows in runs of one group, so most batches reach update as one group
        for (let seed = 1; seed <= 8; seed++) {
          const rng = new Rng(seed * 1009 + fn.length * 31 + kind.length);
          const ngroups = seed === 1 ? 4 : rng.int(18, 60);
          const d = makeData(rng, kind, rng.int(60, 700), ngroups, seed > 6);
          const q = rng.pick([0, 0.1, 0.25, 0.5, 0.9, 1]);
          const call: AggSpec = { fn, input: DTYPE[kind], input2: r.arity === 2 ? 'float64' : undefined, ddof: 1, q, sep: ' | ' };
          const out = reduce(r, call, partitions(rng, d, kind, r.arity), ngroups, 'x', seed % 2 === 0 ? 2 * ngroups : 0);
          expect(out.length).toBe(ngroups);
          expect(out.dtype).toBe(r.outputType(call));
          const got = cells(out);
          for (let g = 0; g < ngroups; g++) {
            const want = expected(fn, kind, d, g, q);
            if (!same(got[g], want)) expect.fail(`${fn}(${kind}) seed ${seed} group ${g}: got ${String(got[g])}, want ${String(want)} (q=${q})`);
          }
        }
      });
    }
  }
});

describe('the memory estimate of a state', () => {
  for (const fn of Object.keys(REDUCTIONS) as AggFn[]) {
    test(`${fn}: is positive and grows with the groups it holds`, () => {
      const r = REDUCTIONS[fn];
      const kind: Kind = r.inputs === 'numeric' ? 'float' : 'string';
      const call: AggSpec = { fn, input: DTYPE[kind], input2: r.arity === 2 ? 'float64' : undefined, ddof: 1, q: 0.5 };
      const rng = new Rng(77);
      const fill = (ngroups: number) => {
        const s = r.create(call);
        const xs = Array.from({ length: ngroups * 4 }, () => value(rng, kind));
        const args = [column(kind, xs)];
        if (r.arity === 2) args.push(f64(xs.map(() => rng.int(0, 9))));
        r.update(s, call, Int32Array.from(xs, (_, i) => i % ngroups), args, xs.length, ngroups);
        return r.estimatedBytes(s, ngroups);
      };
      const small = fill(2);
      const large = fill(2000);
      expect(small).toBeGreaterThan(0);
      expect(large).toBeGreaterThan(small);
    });
  }
});

/** `c` in a buffer longer than its rows (the extra slots hold valid junk), as reused batch buffers are. */
function padded(c: Column, extra: number): Column {
  const pad = <T extends { length: number; set(a: ArrayLike<never>): void }>(a: T, make: (n: number) => T, junk: (i: number) => unknown): T => {
    const b = make(a.length + extra);
    b.set(a as unknown as ArrayLike<never>);
    for (let i = a.length; i < a.length + extra; i++) (b as unknown as unknown[])[i] = junk(i);
    return b;
  };
  const values = c.values instanceof BigInt64Array
    ? pad(c.values, (n) => new BigInt64Array(n), () => 2n ** 61n)
    : c.values instanceof Float64Array
      ? pad(c.values, (n) => new Float64Array(n), () => 1e15 + 0.5)
      : c.values instanceof Int32Array
        ? pad(c.values, (n) => new Int32Array(n), () => 0)
        : pad(c.values as Uint8Array, (n) => new Uint8Array(n), () => 1);
  const valid = c.valid ? pad(c.valid, (n) => new Uint8Array(n), () => 1) : null;
  return { ...c, values, valid };
}

/**
 * Like `reduce` (testing/run-reduction.ts), but every batch comes in buffers longer than its n
 * rows, as the aggregate sink's reused group-id buffer does (it only grows): group ids past n
 * name real groups and the columns hold valid values there. A reduction must read rows 0..n-1
 * only. The merge maps are longer than the other side's groups too.
 */
function reduceInLongBuffers(r: (typeof REDUCTIONS)[AggFn], call: AggSpec, parts: readonly (readonly TestBatch[])[], ngroups: number): Column {
  const total = r.create(call);
  for (const batches of parts) {
    const s = r.create(call);
    const local = new Map<number, number>();
    const globalOf: number[] = [];
    for (const b of batches) {
      const n = b.gids.length;
      const gids = new Int32Array(n + 3);
      b.gids.forEach((g, i) => {
        if (g < 0) { gids[i] = -1; return; }
        let l = local.get(g);
        if (l === undefined) { l = globalOf.length; local.set(g, l); globalOf.push(g); }
        gids[i] = l;
      });
      // the stale ids past n name the partition's first group
      gids.fill(globalOf.length > 0 ? 0 : -1, n);
      r.update(s, call, gids, b.args.map((c) => padded(c, 3)), n, globalOf.length);
    }
    const map = new Int32Array(globalOf.length + 2).fill(0);
    map.set(globalOf);
    r.merge(total, call, structuredClone(s), map, globalOf.length, ngroups);
  }
  return r.finalize(total, call, ngroups, 'x');
}

describe('a reduction reads only the n rows it is given', () => {
  for (const [fn, kinds] of CASES) {
    for (const kind of kinds) {
      test(`${fn} of ${kind}: longer buffers give the same answer`, () => {
        const r = REDUCTIONS[fn];
        for (let seed = 1; seed <= 3; seed++) {
          const rng = new Rng(seed * 7919 + fn.length * 13 + kind.length);
          const ngroups = rng.int(18, 40);
          const d = makeData(rng, kind, rng.int(60, 300), ngroups);
          const q = rng.pick([0, 0.25, 0.5, 1]);
          const call: AggSpec = { fn, input: DTYPE[kind], input2: r.arity === 2 ? 'float64' : undefined, ddof: 1, q, sep: ' | ' };
          const parts = partitions(rng, d, kind, r.arity);
          const want = cells(reduce(r, call, parts, ngroups, 'x'));
          const got = cells(reduceInLongBuffers(r, call, parts, ngroups));
          for (let g = 0; g < ngroups; g++) {
            if (!same(got[g], want[g])) expect.fail(`${fn}(${kind}) seed ${seed} group ${g}: got ${String(got[g])} from long buffers, want ${String(want[g])}`);
          }
        }
      });
    }
  }
});

/** The bytes a state's data takes at the least: typed arrays' byteLength, 8 per array slot. */
function heldBytes(x: unknown): number {
  if (ArrayBuffer.isView(x)) return x.byteLength;
  if (Array.isArray(x)) return x.length * 8;
  if (x !== null && typeof x === 'object') return Object.values(x).reduce((a: number, v) => a + heldBytes(v), 0);
  return 0;
}

describe('the memory estimate of a state is not below the data it holds', () => {
  for (const [fn, kinds] of CASES) {
    for (const kind of kinds) {
      test(`${fn} of ${kind}`, () => {
        const r = REDUCTIONS[fn];
        const rng = new Rng(4242 + fn.length);
        const call: AggSpec = { fn, input: DTYPE[kind], input2: r.arity === 2 ? 'float64' : undefined, ddof: 1, q: 0.5 };
        for (const ngroups of [3, 40]) {
          const d = makeData(rng, kind, 400, ngroups + 3);
          const s = r.create(call);
          const args = [column(kind, d.xs)];
          if (r.arity === 2) args.push(f64(d.ys as (number | null)[]));
          r.update(s, call, Int32Array.from(d.gids), args, d.gids.length, ngroups + 3);
          const held = heldBytes(s);
          expect(held).toBeGreaterThan(0);
          expect(r.estimatedBytes(s, ngroups + 3)).toBeGreaterThanOrEqual(held);
        }
      });
    }
  }
});

test('an unknown aggregate is an internal error that names it', () => {
  expect(() => reductionFor('mode' as AggFn)).toThrow('internal: no reduction for aggregate "mode"');
});

describe('a state cut by group in one pass (split) equals its pieces merged out of it', () => {
  for (const [fn, kinds] of CASES) {
    const r = REDUCTIONS[fn] as (typeof REDUCTIONS)['median'];
    if (!r.split) continue;
    for (const kind of kinds) {
      test(`${fn} of ${kind}`, () => {
        for (let seed = 1; seed <= 4; seed++) {
          const rng = new Rng(seed * 7919 + fn.length);
          const ngroups = rng.int(5, 90);
          const d = makeData(rng, kind, rng.int(60, 900), ngroups);
          const call: AggSpec = { fn, input: DTYPE[kind], input2: r.arity === 2 ? 'float64' : undefined, ddof: 1, q: 0.5 };
          // one partial over every row (its groups as the rows first meet them)
          const s = r.create(call);
          const args = [column(kind, d.xs)];
          if (r.arity === 2) args.push(f64(d.ys as (number | null)[]));
          r.update(s, call, Int32Array.from(d.gids), args, d.gids.length, ngroups);
          const p = rng.int(1, 5);
          const part = Int32Array.from({ length: ngroups }, () => rng.int(0, p - 1));
          const sizes = new Int32Array(p);
          const local = Int32Array.from(part, (b) => sizes[b]++);
          const pieces = r.split!(structuredClone(s), call, part, local, sizes);
          expect(pieces).toHaveLength(p);
          for (let b = 0; b < p; b++) {
            const merged = r.create(call);
            const map = Int32Array.from(part, (pb, g) => (pb === b ? local[g] : -1));
            r.merge(merged, call, s, map, ngroups, sizes[b]);
            expect(cells(r.finalize(pieces[b], call, sizes[b], 'x'))).toEqual(cells(r.finalize(merged, call, sizes[b], 'x')));
          }
        }
      });
    }
  }
});
