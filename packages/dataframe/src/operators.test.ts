/**
 * Differential tests of the operators that move rows between partitions (joins, sort, top-k,
 * unique, group heads, value counts, hash-partitioned aggregates), against plain-JS answers
 * computed from the same generated rows. Each case runs across blocksizes (many partitions,
 * partitions cut mid-row), memory budgets (the default, and one so small that every exchange
 * bucket and sort run spills to Arrow IPC files) and executors (inline, the worker pool).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InlineExecutor, LocalPool, type Executor } from '@floe/scheduler';
import { col, concat, fromColumns, readCsv, rowNumber, shutdown, type DataFrame } from './index.js';
import { readCsvAnyBlocksize } from './api/read-csv.js';
import { Rng } from './testing/random-csv.js';

type V = number | string | null;
type R = Record<string, V>;

const root = mkdtempSync(join(tmpdir(), 'floe-ops-'));
// the pool setups name their pool: these inputs are small enough that the default would run them inline
const pool = new LocalPool({ workers: 2 });
afterAll(async () => {
  await shutdown();
  await pool.close();
  rmSync(root, { recursive: true, force: true });
});

function csvOf(cols: string[], rows: R[]): string {
  return `${cols.join(',')}\n${rows.map((r) => cols.map((c) => (r[c] === null ? '' : String(r[c]))).join(',')).join('\n')}\n`;
}

/** orders: id (unique, file order), cust (int key, nulls, some without a customer), city (string key), v (float), q (int). */
function makeData(seed: number, n: number): { orders: R[]; customers: R[]; dir: string } {
  const rng = new Rng(seed);
  const cities = ['Oslo', 'Paris', 'Lima', 'Pune', 'Kyiv', 'Nice'];
  const orders: R[] = [];
  for (let i = 0; i < n; i++) {
    orders.push({
      id: i,
      cust: rng.int(0, 9) === 0 ? null : rng.int(1, Math.max(3, n >> 3)),
      city: rng.int(0, 12) === 0 ? null : cities[rng.int(0, cities.length - 1)],
      v: rng.int(0, 15) === 0 ? null : rng.int(-5000, 5000) / 100,
      q: rng.int(0, 20),
    });
  }
  const customers: R[] = [];
  for (let c = 1; c <= Math.max(3, n >> 3) + 5; c += rng.int(1, 2)) customers.push({ cust: c, country: ['FR', 'DE', 'US', null][rng.int(0, 3)], v: rng.int(0, 99) });
  const dir = mkdtempSync(join(root, `s${seed}-`));
  // two order files, so partitions come from several files
  const half = n >> 1;
  writeFileSync(join(dir, 'orders-1.csv'), csvOf(['id', 'cust', 'city', 'v', 'q'], orders.slice(0, half)));
  writeFileSync(join(dir, 'orders-2.csv'), csvOf(['id', 'cust', 'city', 'v', 'q'], orders.slice(half)));
  writeFileSync(join(dir, 'customers.csv'), csvOf(['cust', 'country', 'v'], customers));
  return { orders, customers, dir };
}

const cmp = (a: V, b: V): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
const sortRows = (rows: R[], keys: string[]): R[] => [...rows].sort((x, y) => { for (const k of keys) { const c = cmp(x[k], y[k]); if (c) return c; } return 0; });
const plain = (rows: Record<string, unknown>[]): R[] => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : (v as V)])));

function oracleJoin(l: R[], r: R[], how: string): R[] {
  const out: R[] = [];
  const matched = new Set<R>();
  for (const a of l) {
    const hits = a.cust === null ? [] : r.filter((b) => b.cust === a.cust);
    if (how === 'semi') { if (hits.length) out.push({ ...a }); continue; }
    if (how === 'anti') { if (!hits.length) out.push({ ...a }); continue; }
    for (const b of hits) { matched.add(b); out.push({ ...a, country: b.country, v_right: b.v }); }
    if (!hits.length && (how === 'left' || how === 'outer')) out.push({ ...a, country: null, v_right: null });
  }
  if (how === 'right' || how === 'outer') for (const b of r) if (!matched.has(b)) out.push({ id: null, cust: b.cust, city: null, v: null, q: null, country: b.country, v_right: b.v });
  return out;
}

interface Setup { label: string; blocksize: number; exec: Executor; memoryLimit?: number }
const inline = new InlineExecutor();
const ALL_SETUPS: Setup[] = [
  { label: 'one partition, pool', blocksize: 1 << 20, exec: pool },
  { label: '300 B partitions, inline', blocksize: 300, exec: inline },
  { label: '700 B partitions, pool, 64 KiB budget (everything spills)', blocksize: 700, exec: pool, memoryLimit: 64 * 1024 },
  { label: '97 B partitions, inline', blocksize: 97, exec: inline },
  { label: '1 KiB partitions, inline, 1 byte budget (every bucket and run spills)', blocksize: 1024, exec: inline, memoryLimit: 1 },
];
// Under `pnpm mutate` (stryker.config.mjs) a mutant is switched on in this thread only, never in
// the pool's workers: the pool setups would add minutes per mutant and could not see it.
const SETUPS = process.env.FLOE_MUTATE_TARGET ? ALL_SETUPS.filter((s) => s.exec === inline) : ALL_SETUPS;

// under `pnpm mutate` one seed (400 rows) is enough to run every operator on every inline setup
describe.each(process.env.FLOE_MUTATE_TARGET ? [11] : [11, 12, 13])('operators on seed %i', (seed) => {
  const n = seed === 13 ? 3000 : 400;
  const data = makeData(seed, n);
  const open = (s: Setup): { o: DataFrame; c: DataFrame } => ({
    o: readCsvAnyBlocksize(join(data.dir, 'orders-*.csv'), { blocksize: s.blocksize, dtypes: { v: 'float64', city: 'string' } }),
    c: readCsvAnyBlocksize(join(data.dir, 'customers.csv'), { blocksize: s.blocksize, dtypes: { country: 'string' } }),
  });
  const run = (s: Setup, df: DataFrame) => df.compute({ executor: s.exec, memoryLimit: s.memoryLimit });

  it.each(SETUPS)('joins of every kind equal the oracle ($label)', async (s) => {
    const { o, c } = open(s);
    for (const how of ['inner', 'left', 'right', 'outer', 'semi', 'anti'] as const) {
      const got = plain((await run(s, o.join(c, { on: 'cust', how }))).toRows());
      const keys = ['id', 'cust'];
      expect(sortRows(got, keys), how).toEqual(sortRows(oracleJoin(data.orders, data.customers, how), keys));
    }
  });

  it.each(SETUPS)('a join feeds a grouped aggregate ($label)', async (s) => {
    const { o, c } = open(s);
    const got = plain((await run(s, o.join(c, { on: 'cust', how: 'left' }).groupBy('country').agg(col('q').sum().alias('q'), col('*').count().alias('n')))).toRows());
    const want = new Map<V, { q: number; n: number }>();
    for (const r of oracleJoin(data.orders, data.customers, 'left')) {
      if (r.country === null) continue;
      const e = want.get(r.country) ?? { q: 0, n: 0 };
      e.q += r.q as number; e.n++;
      want.set(r.country, e);
    }
    expect(got).toEqual([...want.entries()].sort((a, b) => cmp(a[0], b[0])).map(([country, e]) => ({ country, q: e.q, n: e.n })));
  });

  it.each(SETUPS)('sort is stable with nulls last or first, on several keys ($label)', async (s) => {
    const { o } = open(s);
    const got = plain((await run(s, o.sort(['city', 'v'], { descending: [false, true] }))).toRows());
    const want = [...data.orders].sort((x, y) => cmp(x.city, y.city) || -cmpNullsLast(x.v, y.v) || (x.id as number) - (y.id as number));
    expect(got.map((r) => r.id)).toEqual(want.map((r) => r.id));
    const first = plain((await run(s, o.sort('v', { nullsFirst: true }))).toRows());
    const wantFirst = [...data.orders].sort((x, y) => (x.v === null ? (y.v === null ? 0 : -1) : y.v === null ? 1 : (x.v as number) - (y.v as number)) || (x.id as number) - (y.id as number));
    expect(first.map((r) => r.id)).toEqual(wantFirst.map((r) => r.id));
  });

  it.each(SETUPS)('sort then head is a top-k with the same rows as a full sort ($label)', async (s) => {
    const { o } = open(s);
    const got = plain((await o.sort(['q', 'id'], { descending: [true, false] }).head(7, { executor: s.exec, memoryLimit: s.memoryLimit })).toRows());
    const want = [...data.orders].sort((x, y) => (y.q as number) - (x.q as number) || (x.id as number) - (y.id as number)).slice(0, 7);
    expect(got).toEqual(want);
  });

  it.each(SETUPS)('unique, valueCounts and groupBy().head ($label)', async (s) => {
    const { o } = open(s);
    const u = plain((await run(s, o.unique(['city', 'q']))).toRows());
    const firstOf = new Map<string, R>();
    for (const r of data.orders) { const k = JSON.stringify([r.city, r.q]); if (!firstOf.has(k)) firstOf.set(k, r); }
    expect(u).toEqual(sortRows([...firstOf.values()], ['city', 'q']));
    expect(await o.unique(['city', 'q']).count({ executor: s.exec, memoryLimit: s.memoryLimit })).toBe(firstOf.size);

    const vc = plain((await run(s, o.valueCounts('city'))).toRows());
    const counts = new Map<V, number>();
    for (const r of data.orders) counts.set(r.city, (counts.get(r.city) ?? 0) + 1);
    expect(vc).toEqual([...counts.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0])).map(([city, count]) => ({ city, count })));

    const top2 = plain((await run(s, o.sort('v', { descending: true }).groupBy('city').head(2))).toRows());
    const byCity = new Map<V, R[]>();
    for (const r of [...data.orders].sort((x, y) => -cmpNullsLast(x.v, y.v) || (x.id as number) - (y.id as number))) {
      if (r.city === null) continue;
      const l = byCity.get(r.city) ?? [];
      if (l.length < 2) l.push(r);
      byCity.set(r.city, l);
    }
    expect(top2).toEqual([...byCity.entries()].sort((a, b) => cmp(a[0], b[0])).flatMap(([, rs]) => rs));
  });

  it.each(SETUPS)('sort then groupBy().head over many keys, with ties, nulls first and a null key, equals a full sort ($label)', async (s) => {
    // each map task keeps only its first 3 per customer in sort order (physical/sinks/partition-sink.ts)
    const { o } = open(s);
    const got = plain((await run(s, o.sort(['q', 'v'], { descending: [false, true], nullsFirst: true }).groupBy(['cust'], { keepNullKeys: true }).head(3))).toRows());
    const vDescNullsFirst = (a: V, b: V): number => (a === b ? 0 : a === null ? -1 : b === null ? 1 : (b as number) - (a as number));
    const ordered = [...data.orders].sort((x, y) => (x.q as number) - (y.q as number) || vDescNullsFirst(x.v, y.v) || (x.id as number) - (y.id as number));
    const byCust = new Map<V, R[]>();
    for (const r of ordered) {
      const l = byCust.get(r.cust) ?? [];
      if (l.length < 3) l.push(r);
      byCust.set(r.cust, l);
    }
    expect(got).toEqual([...byCust.entries()].sort((a, b) => cmp(a[0], b[0])).flatMap(([, rs]) => rs));
  });

  it.each(SETUPS)('a grouped aggregate with many groups equals the oracle ($label)', async (s) => {
    const { o } = open(s);
    const got = plain((await run(s, o.groupBy('cust', 'city').agg(col('v').sum().alias('v'), col('q').max().alias('q'), col('*').count().alias('n')))).toRows());
    const want = new Map<string, R>();
    for (const r of data.orders) {
      if (r.cust === null || r.city === null) continue;
      const k = JSON.stringify([r.cust, r.city]);
      const e = want.get(k) ?? { cust: r.cust, city: r.city, v: 0, q: null, n: 0 };
      if (r.v !== null) e.v = Math.round(((e.v as number) + (r.v as number)) * 100) / 100;
      e.q = e.q === null ? r.q : Math.max(e.q as number, r.q as number);
      e.n = (e.n as number) + 1;
      want.set(k, e);
    }
    const rounded = got.map((r) => ({ ...r, v: Math.round((r.v as number) * 100) / 100 }));
    expect(rounded).toEqual(sortRows([...want.values()], ['cust', 'city']));
  });

  it.each(SETUPS)('window functions over partitions and over the whole frame equal the oracle ($label)', async (s) => {
    const { o } = open(s);
    const df = o.withColumns(
      col('v').rank({ method: 'min' }).over('city').alias('r'),
      col('q').cumSum().over('city', { orderBy: 'id' }).alias('cs'),
      col('v').shift(1).over('city', { orderBy: 'id' }).alias('prev'),
      col('v').rollingMean(3, { minPeriods: 1 }).over('city', { orderBy: 'id' }).alias('rm'),
      col('q').sum().over('cust').alias('qs'),
      rowNumber().over('city', { orderBy: 'id', descending: true }).alias('rn'),
      col('v').cumCount().over({ orderBy: 'id' }).alias('nv'),
      col('q').cumSum().alias('cq'), // no order: the files' order, across their partitions
    );
    const got = sortRows(plain((await run(s, df)).toRows()), ['id']);
    const byId = [...data.orders].sort((x, y) => (x.id as number) - (y.id as number));
    const want = byId.map((row) => {
      const city = byId.filter((x) => x.city === row.city);
      const upTo = city.filter((x) => (x.id as number) <= (row.id as number));
      const last3 = upTo.slice(-3).filter((x) => x.v !== null);
      const k = upTo.length - 1;
      return {
        ...row,
        r: row.v === null ? null : 1 + city.filter((x) => x.v !== null && (x.v as number) < (row.v as number)).length,
        cs: upTo.reduce((n, x) => n + (x.q as number), 0),
        prev: k === 0 ? null : upTo[k - 1].v,
        rm: last3.length === 0 ? null : last3.reduce((n, x) => n + (x.v as number), 0) / last3.length,
        qs: byId.filter((x) => x.cust === row.cust).reduce((n, x) => n + (x.q as number), 0),
        rn: city.length - k,
        nv: byId.filter((x) => (x.id as number) <= (row.id as number) && x.v !== null).length,
        cq: byId.filter((x) => (x.id as number) <= (row.id as number)).reduce((n, x) => n + (x.q as number), 0),
      };
    });
    expect(got.length).toBe(want.length);
    for (let i = 0; i < want.length; i++) {
      const { rm, ...rest } = got[i];
      const { rm: wantRm, ...wantRest } = want[i];
      expect(rest, `row ${i}`).toEqual(wantRest);
      if (wantRm === null) expect(rm).toBeNull();
      else expect(rm).toBeCloseTo(wantRm, 9);
    }
  });

  it.each(SETUPS)('the first rows of each partition by a window\'s row number equal the oracle, as a group head ($label)', async (s) => {
    const { o } = open(s);
    const top = o.filter(rowNumber().over('city', { orderBy: ['v', 'id'], descending: [true, false] }).le(2));
    expect(top.explain()).toMatch(/GroupHead 2 per key/);
    const got = sortRows(plain((await run(s, top)).toRows()), ['id']);
    const ranked = [...data.orders].sort((x, y) => -cmpNullsLast(x.v, y.v) || (x.id as number) - (y.id as number));
    const want = data.orders.filter((r) => ranked.filter((x) => x.city === r.city).indexOf(r) < 2);
    expect(got).toEqual(sortRows(want, ['id']));
    const first = plain((await run(s, o.withColumns(rowNumber().over({ orderBy: 'id' }).alias('n')).filter(col('n').lt(4)))).toRows());
    expect(sortRows(first, ['id'])).toEqual(sortRows(data.orders, ['id']).slice(0, 3).map((r, i) => ({ ...r, n: i + 1 })));
  });

  it.each(SETUPS)('concat stacks frames, aligning columns by name ($label)', async (s) => {
    const { o } = open(s);
    const swapped = o.select('q', 'v', 'city', 'cust', 'id');
    const got = plain((await run(s, concat([o, swapped]).filter(col('q').gt(15)))).toRows());
    const want = data.orders.filter((r) => (r.q as number) > 15);
    expect(got).toEqual([...want, ...want]);
  });
});

function cmpNullsLast(a: V, b: V): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1; // used negated for descending: nulls stay last
  return (a as number) - (b as number);
}

describe('out-of-core sort and write', () => {
  it('writes part files in global order and removes its spill files', async () => {
    const data = makeData(21, 5000);
    const out = mkdtempSync(join(root, 'sorted-'));
    const spill = mkdtempSync(join(root, 'spill-'));
    process.env.FLOE_SPILL_DIR = spill;
    try {
      const df = readCsvAnyBlocksize(join(data.dir, 'orders-*.csv'), { blocksize: 4096 });
      const res = await df.sort('v', { descending: true }).writeCsv(out, { memoryLimit: 16 * 1024, executor: pool });
      expect(res.files.length).toBeGreaterThan(1);
      const back = plain((await readCsv(out, { dtypes: { v: 'float64', city: 'string' } }).compute()).toRows());
      const want = [...data.orders].sort((x, y) => -cmpNullsLast(x.v, y.v) || (x.id as number) - (y.id as number));
      expect(back.map((r) => r.id)).toEqual(want.map((r) => r.id));
      expect(readdirSync(spill)).toEqual([]);
    } finally {
      delete process.env.FLOE_SPILL_DIR;
    }
  });
});

describe('a grouped aggregate written to files', () => {
  it.each([{ memoryLimit: 16 * 1024, label: 'every run spilled' }, { memoryLimit: undefined, label: 'default budget' }])('writes its groups in key order across part files, as compute() returns them ($label)', async ({ memoryLimit }) => {
    const data = makeData(23, 6000);
    const out = mkdtempSync(join(root, 'agg-out-'));
    const spill = mkdtempSync(join(root, 'spill-'));
    process.env.FLOE_SPILL_DIR = spill;
    try {
      const q = () => readCsvAnyBlocksize(join(data.dir, 'orders-*.csv'), { blocksize: 4096 })
        .groupBy('cust', 'city').agg(col('v').sum().alias('v'), col('q').max().alias('q'), col('*').count().alias('n'));
      const res = await q().writeCsv(out, { memoryLimit, executor: pool });
      const want = plain((await q().compute({ memoryLimit, executor: pool })).toRows());
      expect(want.length).toBeGreaterThan(500);
      expect(res.rows).toBe(want.length);
      expect(res.files.length).toBeGreaterThan(1);
      const back = plain((await readCsv(out, { dtypes: { cust: 'int64', city: 'string', v: 'float64', q: 'int64', n: 'int64' } }).compute()).toRows());
      const round = (rows: R[]) => rows.map((r) => ({ ...r, v: Math.round((r.v as number) * 100) / 100 }));
      expect(round(back)).toEqual(round(want));
      expect(readdirSync(spill)).toEqual([]);
    } finally {
      delete process.env.FLOE_SPILL_DIR;
    }
  });
});

describe('spill files', () => {
  const data = makeData(31, 2000);
  const frames = () => ({
    o: readCsvAnyBlocksize(join(data.dir, 'orders-*.csv'), { blocksize: 2048 }),
    c: readCsvAnyBlocksize(join(data.dir, 'customers.csv'), { blocksize: 512 }),
  });

  async function withSpillDir<T>(f: (dir: string) => Promise<T>): Promise<T> {
    const spill = mkdtempSync(join(root, 'spill-'));
    process.env.FLOE_SPILL_DIR = spill;
    try { return await f(spill); } finally { delete process.env.FLOE_SPILL_DIR; }
  }

  /** Every *.spill file under dir (the query's own spill folder is inside it). */
  function spillFiles(dir: string): string[] {
    return readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.spill')).map((f) => join(dir, f));
  }

  it('a spill file that goes missing fails the query with a clear error, never a wrong answer', async () => {
    await withSpillDir(async (dir) => {
      const { o, c } = frames();
      let removed = 0;
      const run = o.join(c, { on: 'cust' }).compute({
        executor: inline,
        memoryLimit: 1,
        onEvent: (e) => {
          if (e.type === 'task-done' && e.key.startsWith('exchange')) for (const f of spillFiles(dir)) { rmSync(f); removed++; }
        },
      });
      await expect(run).rejects.toThrow(/spill file .*\.spill cannot be read \(ENOENT\)/);
      expect(removed).toBeGreaterThan(0);
      expect(readdirSync(dir)).toEqual([]);
    });
  });

  it('a corrupt spill file fails the query with a clear error', async () => {
    await withSpillDir(async (dir) => {
      const { o, c } = frames();
      const run = o.join(c, { on: 'cust' }).compute({
        executor: inline,
        memoryLimit: 1,
        onEvent: (e) => {
          if (e.type === 'task-done' && e.key.startsWith('exchange')) for (const f of spillFiles(dir)) writeFileSync(f, 'not arrow at all');
        },
      });
      await expect(run).rejects.toThrow(/spill file .*\.spill is corrupt/);
      expect(readdirSync(dir)).toEqual([]);
    });
  });
});

describe('join edge cases and pictures', () => {
  const data = makeData(41, 300);
  const empty = join(data.dir, 'empty.csv');
  writeFileSync(empty, 'cust,country,v\n');
  const o = () => readCsvAnyBlocksize(join(data.dir, 'orders-*.csv'), { blocksize: 1024 });
  const e = () => readCsv(empty, { dtypes: { cust: 'int64', country: 'string', v: 'int64' } });

  it('an inner join with an empty side is empty, with the joined schema', async () => {
    for (const memoryLimit of [undefined, 1]) {
      const t = await o().join(e(), { on: 'cust' }).compute({ memoryLimit });
      expect(t.numRows).toBe(0);
      expect(t.schema.map((f) => `${f.name}:${f.dtype}`)).toEqual(['id:int64', 'cust:int64', 'city:string', 'v:float64', 'q:int64', 'country:string', 'v_right:int64']);
      const l = await o().join(e(), { on: 'cust', how: 'left' }).compute({ memoryLimit });
      expect(l.numRows).toBe(300);
      expect(l.column('country').toArray().every((x) => x === null)).toBe(true);
    }
  });

  it('join keys are checked while planning, in the user\'s words', () => {
    expect(() => o().join(e(), { on: 'cusst' })).toThrow(/join: left key column "cusst" not found \(did you mean "cust"\?\)/);
    expect(() => o().join(e(), { leftOn: 'city', rightOn: 'cust' })).toThrow(/join keys must have one type: left "city" is string, right "cust" is int64/);
    // an integer key against a float one: the hint widens the integer side (a float cast to int64 would lose values)
    const f = (): DataFrame => fromColumns({ k: [1.5, 2] });
    const i = (): DataFrame => fromColumns({ n: [1, 2] });
    expect(() => i().join(f(), { leftOn: 'n', rightOn: 'k' })).toThrow(`join keys must have one type: left "n" is int64, right "k" is float64; cast one side first, e.g. withColumns(col("n").cast('float64'))`);
    expect(() => f().join(i(), { leftOn: 'k', rightOn: 'n' })).toThrow(`e.g. withColumns(col("n").cast('float64'))`);
    expect(() => o().join(e(), { on: 'cust', how: 'cross' as never })).toThrow(/unknown how "cross"/);
    // without options it read .suffix of undefined; the key's name alone is { on } (pandas' merge, Polars' join)
    expect(() => (o().join as (x: DataFrame) => DataFrame)(e())).toThrow("join() needs the key columns: df.join(other, { on: 'id' }) or { leftOn, rightOn }");
    expect(o().join(e(), 'cust').explain()).toBe(o().join(e(), { on: 'cust' }).explain());
    expect(o().join(e(), ['cust']).schema).toEqual(o().join(e(), { on: 'cust' }).schema);
  });

  it('explain() and toDot() show the stages and exchanges', () => {
    const small = o().join(readCsv(join(data.dir, 'customers.csv')), { on: 'cust' });
    expect(small.explain()).toMatch(/join inner: right side broadcast to \d+ task\(s\)/);
    const big = small.explain({ memoryLimit: 1 });
    expect(big).toMatch(/join-left: \d+ task\(s\) → hash exchange on \[cust\] into \d+ bucket\(s\)/);
    expect(big).toMatch(/join inner: \d+ bucket pair\(s\), build right, probe left/);
    const dot = o().groupBy('city').agg(col('q').sum()).toDot();
    expect(dot).toMatch(/exchange/);
    expect(dot).toMatch(/reduce/);
  });
});

describe('string results whose dictionary repeats a string', () => {
  it('group and filter by text: min per group, then grouped again and compared to a literal', async () => {
    const path = join(root, 'repeat.csv');
    writeFileSync(path, 'a,s\n1,x\n1,y\n2,x\n2,z\n3,y\n');
    const mins = () => readCsv(path).groupBy('a').agg(col('s').min().alias('m'));
    const counts = await mins().groupBy('m').agg(col('*').count().alias('n')).compute();
    expect(counts.toRows()).toEqual([{ m: 'x', n: 2 }, { m: 'y', n: 1 }]);
    expect((await mins().filter(col('m').eq('x')).compute()).column('a').toArray()).toEqual([1, 2]);
  });
});

describe('null keys beside the empty string', () => {
  it('valueCounts and a groupBy keeping null keys count "" once beside null, across many partitions (it was split in two: 7 and 3)', async () => {
    const s = Array.from({ length: 40 }, (_, i) => ['', 'a', null, 'b'][i % 4]);
    const df = fromColumns({ s }, { blocksize: 64 });
    expect(df.npartitions).toBeGreaterThan(2);
    for (const executor of [new InlineExecutor(), undefined]) {
      expect((await df.valueCounts('s').compute({ executor })).toRows()).toEqual([{ s: '', count: 10 }, { s: 'a', count: 10 }, { s: 'b', count: 10 }, { s: null, count: 10 }]);
      const g = await df.groupBy('s').withOptions({ keepNullKeys: true }).agg(col('*').count()).compute({ executor });
      expect(g.toRows()).toEqual([{ s: '', count: 10 }, { s: 'a', count: 10 }, { s: 'b', count: 10 }, { s: null, count: 10 }]);
    }
  });
});
