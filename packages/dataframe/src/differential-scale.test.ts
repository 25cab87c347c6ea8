/**
 * Differential tests at scale: the oracle (testing/oracle.ts) against floe on a dataset big
 * enough to exercise what the small random datasets of differential.test.ts cannot — ~200k
 * rows in three files of unequal sizes, read at blocksizes that cut rows in half and give
 * partitions of unequal sizes, from hundreds of partitions to partitions of several 32k-row
 * batches; integer sums that cross 2^53 inside a partition and only in the merge, values
 * near and past 2^53, thousands of groups. A fixed seed; ~15 s of CPU. The expected rows
 * are the generator's cells (as in differential.test.ts, where csv-parse is checked against
 * the generator); here csv-parse reads the first 5000 rows, as a check of the generator.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { col, readCsv, shutdown, type DataFrame, type Expr } from './index.js';
import type { DType } from './types/dtype.js';
import { diffRows, groupAggregate, readTexts, type AggFn, type AggSpec, type Row } from './testing/oracle.js';
import { normInt, Rng } from './testing/random-csv.js';

const FILE_ROWS = [117_003, 61_001, 19_007];
/** 3 MB: partitions of ~60k rows (two batches and a piece); 262 kB: ~5k rows; 40 kB: ~800 rows. */
const BLOCKSIZES = [3_000_017, 262_147, 40_009];
const SCHEMA: { name: string; dtype: DType }[] = [
  { name: 'k', dtype: 'int64' }, // 5000 groups
  { name: 's', dtype: 'string' }, // 2000 groups, some quoted (a comma inside), some null
  { name: 'm', dtype: 'int64' }, // 1e12..1e13: ~800 rows stay under 2^53, ~5k rows cross it
  { name: 'w', dtype: 'int64' }, // small, but 1 row in 500 is ±(near or past 2^53)
  { name: 'x', dtype: 'float64' }, // 3 decimals, 5% null
];

let dir: string;
let rows: Row[];
const TWO53 = 2n ** 53n;

/** A file's CSV text and the rows it means (cells as the oracle types them). */
function generate(rng: Rng, n: number): { text: string; rows: Row[] } {
  const lines = ['k,s,m,w,x'];
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const k = rng.int(0, 4999);
    const g = rng.int(0, 1999);
    const s = rng.chance(0.01) ? null : g % 97 === 0 ? `g,${g}` : `g${g}`;
    const m = rng.chance(0.02) ? null : rng.int(1_000_000, 9_999_999) * 1_000_000 + rng.int(0, 999_999);
    let w: number | bigint = rng.int(-1000, 1000);
    if (rng.chance(0.002)) {
      const big = rng.chance(0.5) ? TWO53 - BigInt(rng.int(0, 1000)) : TWO53 + BigInt(rng.int(1, 1000));
      w = normInt(rng.chance(0.5) ? -big : big);
    }
    const xText = rng.chance(0.05) ? '' : (rng.int(-10_000_000, 10_000_000) / 1000).toFixed(3);
    lines.push(`${k},${s === null ? '' : s.includes(',') ? `"${s}"` : s},${m ?? ''},${w},${xText}`);
    rows.push({ k, s, m, w, x: xText === '' ? null : Number(xText) });
  }
  return { text: `${lines.join('\n')}\n`, rows };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-diff-scale-'));
  const rng = new Rng(20261130);
  const files = FILE_ROWS.map((n) => generate(rng, n));
  files.forEach((f, i) => writeFileSync(join(dir, `part-${i}.csv`), f.text));
  rows = files.flatMap((f) => f.rows);
  // the oracle's own reading of the text (csv-parse) agrees on the first 5000 rows; all of it takes ~12 s
  const head = `${files[0].text.split('\n', 5001).join('\n')}\n`;
  expect(diffRows(readTexts([head], SCHEMA), files[0].rows.slice(0, 5000))).toEqual([]);
});

afterAll(async () => {
  await shutdown();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const open = (blocksize: number): DataFrame => readCsv(join(dir, '*.csv'), { blocksize });

interface Plan { exprs: Expr[]; specs: AggSpec[]; floats: Record<string, number> }

/** Aggregates with the oracle's specs; float tolerances scaled by the input's magnitude. */
function plan(list: [string, AggFn][]): Plan {
  const out: Plan = { exprs: [], specs: [], floats: {} };
  for (const [name, fn] of list) {
    const dtype = SCHEMA.find((f) => f.name === name)!.dtype;
    const alias = `${name}_${fn}`;
    const e = col(name);
    out.exprs.push((fn === 'var' ? e.var() : fn === 'std' ? e.std() : e[fn as 'sum']()).alias(alias));
    out.specs.push({ name: alias, fn, value: (r) => r[name], dtype });
    const scale = name === 'x' ? 1e4 : name === 'm' ? 1e13 : 2 ** 54;
    if (fn === 'mean' || fn === 'std' || (fn === 'sum' && dtype === 'float64')) out.floats[alias] = fn === 'sum' ? scale * rows.length : scale;
    if (fn === 'var') out.floats[alias] = scale * scale;
  }
  out.exprs.push(col('*').count().alias('rows'));
  out.specs.push({ name: 'rows', fn: 'size', value: () => null, dtype: 'int64' });
  return out;
}

describe('differential at scale (~200k rows, three files of unequal sizes)', () => {
  it('the data is what the test means: sums that cross 2^53, wide values, many groups', () => {
    expect(rows.length).toBe(197_011);
    const m = rows.reduce((a, r) => a + BigInt(r.m === null ? 0 : (r.m as number)), 0n);
    expect(m > TWO53 * 100n).toBe(true);
    expect(rows.some((r) => typeof r.w === 'bigint')).toBe(true);
    expect(new Set(rows.map((r) => r.k)).size).toBe(5000);
    expect(new Set(rows.map((r) => r.s)).size).toBe(2001); // and null
  });

  for (const blocksize of BLOCKSIZES) {
    describe(`blocksize ${blocksize}`, () => {
      it('whole-frame aggregates: exact integer sums past 2^53, exact min/max, floats within tolerance', async () => {
        const p = plan([
          ['m', 'sum'], ['m', 'mean'], ['m', 'count'], ['m', 'min'], ['m', 'max'], ['m', 'var'],
          ['w', 'sum'], ['w', 'mean'], ['w', 'min'], ['w', 'max'],
          ['x', 'sum'], ['x', 'mean'], ['x', 'std'], ['x', 'min'], ['x', 'max'],
        ]);
        const t = await open(blocksize).agg(...p.exprs).compute();
        expect(diffRows(t.toRows(), groupAggregate(rows, [], p.specs), { floats: p.floats })).toEqual([]);
      });

      it('groupBy an int key with 5000 groups', async () => {
        const p = plan([['m', 'sum'], ['w', 'sum'], ['w', 'max'], ['x', 'mean'], ['x', 'var']]);
        const t = await open(blocksize).groupBy('k').agg(...p.exprs).compute();
        const want = groupAggregate(rows, [{ name: 'k', value: (r) => r.k }], p.specs);
        expect(diffRows(t.toRows(), want, { floats: p.floats })).toEqual([]);
      });

      // (not at 3 MB: the int-key test covers multi-batch partitions, and CI time is modest)
      if (blocksize !== BLOCKSIZES[0]) {
        it('groupBy a string key with 2000 groups (nulls dropped), after a filter', async () => {
          const p = plan([['m', 'sum'], ['m', 'min'], ['w', 'sum'], ['x', 'max']]);
          const t = await open(blocksize).filter(col('x').gt(-5000)).groupBy('s').agg(...p.exprs).compute();
          const kept = rows.filter((r) => r.x !== null && (r.x as number) > -5000);
          const want = groupAggregate(kept, [{ name: 's', value: (r) => r.s }], p.specs);
          expect(diffRows(t.toRows(), want, { floats: p.floats })).toEqual([]);
        });
      }
    });
  }

  it(`round trip at blocksize ${BLOCKSIZES[1]}: every row once, in file then row order`, async () => {
    const t = await open(BLOCKSIZES[1]).compute();
    expect(diffRows(t.toRows(), rows, { floats: { x: 0 } })).toEqual([]);
  });
});
