import { describe, expect, it } from 'vitest';
import { createState, finalize, updateWith, type AggState } from '../../kernels/aggregates.js';
import type { Column } from '../../kernels/column.js';
import { mulberry32 } from '../../testing/random-csv.js';
import type { AggCall } from '../pipeline-spec.js';
import { BucketedUpdates } from './bucketed-updates.js';

const arg = { kind: 'col', name: 'x' } as const;
const CALLS: AggCall[] = [
  { fn: 'sum', arg, input: 'float64', ddof: 1 },
  { fn: 'sum', arg, input: 'int64', ddof: 1 },
  { fn: 'mean', arg, input: 'float64', ddof: 1 },
  { fn: 'min', arg, input: 'float64', ddof: 1 },
  { fn: 'max', arg, input: 'int64', ddof: 1 },
  { fn: 'first', arg, input: 'float64', ddof: 1 },
  { fn: 'last', arg, input: 'int64', ddof: 1 },
  { fn: 'var', arg, input: 'float64', ddof: 1 },
  { fn: 'median', arg, input: 'float64', ddof: 1 },
  { fn: 'count', arg, input: 'float64', ddof: 1 },
  { fn: 'nUnique', arg, input: 'int64', ddof: 1 },
  { fn: 'size', arg: null, input: null, ddof: 0 },
  { fn: 'corr', arg, arg2: arg, input: 'float64', input2: 'float64', ddof: 1 },
];

interface Batch {
  gids: Int32Array;
  args: (Column | null)[][];
  n: number;
  ngroups: number;
}

/**
 * Seeded batches over a table that grows to `groups` groups: a fifth of the rows in one
 * frequent group (its bucket fills first), a few rows skipped (gid -1), float inputs with
 * fractions (a sum's order shows in its last bits), nulls in some batches only, and int64
 * inputs that switch from float64 arrays to BigInt64Array halfway (a buffer of a new type).
 */
function batches(seed: number, groups: number, count: number): Batch[] {
  const rnd = mulberry32(seed);
  const out: Batch[] = [];
  let ngroups = 0;
  for (let b = 0; b < count; b++) {
    const n = 1 + Math.floor(rnd() * 3000);
    const gids = new Int32Array(n);
    const grow = Math.min(groups, Math.ceil(((b + 1) / count) * groups));
    for (let i = 0; i < n; i++) {
      const r = rnd();
      gids[i] = r < 0.02 ? -1 : r < 0.22 ? 7 : Math.floor(rnd() * grow);
      if (gids[i] >= ngroups) ngroups = gids[i] + 1;
    }
    const nulls = b % 3 === 1;
    const valid = (): Uint8Array | null => (nulls ? Uint8Array.from({ length: n }, () => (rnd() < 0.1 ? 0 : 1)) : null);
    const f = (): Column => ({ dtype: 'float64', length: n, values: Float64Array.from({ length: n }, () => Math.round(rnd() * 1e6) / 1e3 - 300), valid: valid() });
    const wide = b >= count / 2;
    const ints = Array.from({ length: n }, () => Math.floor(rnd() * 2000) - 1000);
    const i = (): Column => ({ dtype: 'int64', length: n, values: wide ? BigInt64Array.from(ints, BigInt) : Float64Array.from(ints), valid: valid() });
    out.push({ gids, n, ngroups, args: CALLS.map((c) => (c.arg === null ? [null] : c.arg2 ? [f(), f()] : [c.input === 'int64' ? i() : f()])) });
  }
  return out;
}

function results(states: AggState[], ngroups: number): unknown[][] {
  return CALLS.map((c, k) => {
    const col = finalize(states[k], c, ngroups, 'x');
    return Array.from(col.values as ArrayLike<unknown>, (v, g) => (col.valid === null || col.valid[g] === 1 ? v : null));
  });
}

describe('bucketed updates', () => {
  it('give every reduction the states of direct updates, bit for bit (seeded; frequent group, skipped rows, nulls, a type change, a growing table)', () => {
    for (const [seed, groups, rows] of [[1, 20_000, 4096], [2, 3_000, 256], [3, 60_000, 1 << 17]] as const) {
      const input = batches(seed, groups, 60);
      const direct = CALLS.map((c) => createState(c));
      const viaBuckets = CALLS.map((c) => createState(c));
      const bu = new BucketedUpdates(CALLS, rows);
      let ngroups = 0;
      for (const b of input) {
        ngroups = Math.max(ngroups, b.ngroups);
        CALLS.forEach((c, k) => updateWith(direct[k], c, b.gids, b.args[k], b.n, ngroups));
        bu.add(viaBuckets, b.gids, b.args, b.n, ngroups);
      }
      bu.flush(viaBuckets, ngroups);
      const want = results(direct, ngroups);
      const got = results(viaBuckets, ngroups);
      CALLS.forEach((c, k) => {
        // Object.is: -0, NaN and the last bit of a float sum count
        const differ = want[k].findIndex((v, g) => !Object.is(v, got[k][g]));
        expect(differ, `${c.fn}(${c.input}) seed ${seed}: group ${differ}`).toBe(-1);
      });
    }
  });

  it('holds nothing after a flush, and a second flush folds nothing twice', () => {
    const calls: AggCall[] = [{ fn: 'sum', arg, input: 'float64', ddof: 1 }];
    const s = [createState(calls[0])];
    const bu = new BucketedUpdates(calls, 64);
    const gids = Int32Array.from({ length: 200 }, (_, i) => (i * 37) % 5000);
    bu.add(s, gids, [[{ dtype: 'float64', length: 200, values: new Float64Array(200).fill(1), valid: null }]], 200, 5000);
    bu.flush(s, 5000);
    bu.flush(s, 5000);
    const total = (finalize(s[0], calls[0], 5000, 'x').values as Float64Array).reduce((a, v) => a + v, 0);
    expect(total).toBe(200);
  });

  it('applies only to calls without string inputs (their codes index each batch\'s own dictionary)', () => {
    expect(BucketedUpdates.applies(CALLS)).toBe(true);
    expect(BucketedUpdates.applies([...CALLS, { fn: 'min', arg, input: 'string', ddof: 1 }])).toBe(false);
    expect(BucketedUpdates.applies([{ fn: 'corr', arg, arg2: arg, input: 'float64', input2: 'string', ddof: 1 }])).toBe(false);
  });
});
