/**
 * A property of the optimizer: its rewriting rules (predicate, projection and calendar-field
 * pushdown, unique of its keys alone as an aggregate) never change an answer. Random small queries — chains of filter, withColumns,
 * select, sort, limit, groupBy/agg, unique and join over two generated files cut into many partitions —
 * run once with every rule and once with only the rules a plan needs to run (output names,
 * literal types); the rows must be the same. A failure prints the query, so it can become a
 * named test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InlineExecutor } from '@floe/scheduler';
import { afterAll, describe, expect, test } from 'vitest';
import { col, lit, type DataFrame, type Expr } from '../index.js';
import { readCsvAnyBlocksize } from '../api/read-csv.js';
import { Rng } from '../testing/random-csv.js';
import { withoutRewrites } from './optimize.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-optprop-'));
const inline = new InlineExecutor();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEYS = ['a', 'b', 'c', 'd'];
// `pnpm mutate optimizer` reruns this test for every mutant it reaches: the first 12 queries there
const SEEDS = process.env.FLOE_MUTATE_TARGET ? 12 : 200;

function writeData(rng: Rng): { left: string; right: string } {
  const left = [`k,x,y,t`];
  for (let i = 0; i < 120; i++) {
    const k = rng.chance(0.1) ? '' : rng.pick(KEYS);
    const x = rng.chance(0.1) ? '' : String(rng.int(-5, 20));
    const y = rng.chance(0.1) ? '' : (rng.int(-100, 100) / 8).toString();
    const t = `20${rng.int(10, 13)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')} ${String(rng.int(0, 23)).padStart(2, '0')}:00:00`;
    left.push(`${k},${x},${y},${t}`);
  }
  const right = ['k,w'];
  for (const k of KEYS.slice(0, 3)) for (let j = 0; j < rng.int(1, 2); j++) right.push(`${k},${rng.int(0, 9)}`);
  const l = join(dir, 'left.csv');
  const r = join(dir, 'right.csv');
  writeFileSync(l, `${left.join('\n')}\n`);
  writeFileSync(r, `${right.join('\n')}\n`);
  return { left: l, right: r };
}

interface Step {
  text: string;
  apply: (df: DataFrame) => DataFrame;
}

const numericCols = (df: DataFrame): string[] => df.schema.filter((f) => f.dtype === 'int64' || f.dtype === 'float64').map((f) => f.name);
const colsOf = (df: DataFrame, dtype: string): string[] => df.schema.filter((f) => f.dtype === dtype).map((f) => f.name);

/** One random step that fits the frame's current columns, or null if none does. */
function randomStep(rng: Rng, df: DataFrame, right: () => DataFrame, n: number): Step | null {
  const nums = numericCols(df);
  const strs = colsOf(df, 'string');
  const times = colsOf(df, 'timestamp');
  const all = df.columns;
  const kind = rng.pick(['filter', 'filter', 'filterKey', 'filterTime', 'with', 'withNew', 'withYear', 'select', 'sortLimit', 'limit', 'group', 'join', 'unique']);
  switch (kind) {
    case 'filter': {
      if (nums.length === 0) return null;
      const c = rng.pick(nums);
      const v = rng.int(-3, 12);
      const orNull = rng.chance(0.3);
      const cond: Expr = orNull ? col(c).gt(v).or(col(c).isNull()) : col(c).gt(v);
      return { text: `filter(${c} > ${v}${orNull ? ` or ${c} is null` : ''})`, apply: (d) => d.filter(cond) };
    }
    case 'filterKey': {
      if (strs.length === 0) return null;
      const c = rng.pick(strs);
      const v = rng.pick(KEYS);
      return { text: `filter(${c} != '${v}')`, apply: (d) => d.filter(col(c).neq(lit(v))) };
    }
    case 'filterTime': {
      if (times.length === 0) return null;
      const c = rng.pick(times);
      const m = rng.int(2, 11);
      return { text: `filter(${c}.month > ${m})`, apply: (d) => d.filter(col(c).dt.month().gt(m)) };
    }
    case 'with': {
      if (nums.length === 0) return null;
      const c = rng.pick(nums);
      return { text: `withColumns(${c} * 2 + 1 as ${c})`, apply: (d) => d.withColumns(col(c).mul(2).add(1).alias(c)) };
    }
    case 'withNew': {
      if (nums.length === 0) return null;
      const c = rng.pick(nums);
      const name = `n${n}`;
      return { text: `withColumns(${c} - 3 as ${name})`, apply: (d) => d.withColumns(col(c).sub(3).alias(name)) };
    }
    case 'withYear': {
      if (times.length === 0) return null;
      const c = rng.pick(times);
      const name = `yr${n}`;
      return { text: `withColumns(${c}.year as ${name})`, apply: (d) => d.withColumns(col(c).dt.year().alias(name)) };
    }
    case 'select': {
      const keep = all.filter(() => rng.chance(0.6));
      if (keep.length === 0) keep.push(rng.pick(all));
      return { text: `select(${keep.join(', ')})`, apply: (d) => d.select(...keep) };
    }
    case 'sortLimit': {
      const first = rng.pick(all);
      const by = [first, ...all.filter((c) => c !== first)]; // every column: a total order, so the kept rows are defined
      const k = rng.int(1, 30);
      const desc = rng.chance(0.5);
      return { text: `sort(${by.join(', ')}${desc ? ' desc' : ''}).limit(${k})`, apply: (d) => d.sort(by, { descending: desc }).limit(k) };
    }
    case 'limit': {
      const k = rng.int(1, 60);
      return { text: `limit(${k})`, apply: (d) => d.limit(k) };
    }
    case 'group': {
      const keys = [...strs, ...times].filter(() => rng.chance(0.5));
      if (keys.length === 0 || nums.length === 0) return null;
      const v = rng.pick(nums);
      const useYear = times.includes(keys[0]) && rng.chance(0.5);
      const keyExprs = keys.map((k, i) => (i === 0 && useYear ? col(k).dt.year().alias(k) : col(k)));
      return {
        text: `groupBy(${keys.map((k, i) => (i === 0 && useYear ? `${k}.year` : k)).join(', ')}).agg(sum ${v}, count ${v}, max ${v})`,
        apply: (d) => d.groupBy(...keyExprs).agg(col(v).sum().alias(`s_${v}`), col(v).count().alias(`c_${v}`), col(v).max().alias(`m_${v}`)),
      };
    }
    case 'unique': {
      // every column, or a few (then only those, in another order: a group head of its keys alone)
      if (rng.chance(0.5)) return { text: 'unique()', apply: (d) => d.unique() };
      const keys = all.filter(() => rng.chance(0.5));
      if (keys.length === 0) return null;
      const shown = [...keys].reverse();
      return { text: `unique(${keys.join(', ')}).select(${shown.join(', ')})`, apply: (d) => d.unique(keys).select(...shown) };
    }
    case 'join': {
      if (!all.includes('k') || df.schema.find((f) => f.name === 'k')?.dtype !== 'string' || all.includes('w')) return null;
      const how = rng.pick(['inner', 'left', 'semi', 'anti'] as const);
      const rightFilter = rng.chance(0.5);
      return {
        text: `join(right${rightFilter ? '.filter(w > 3)' : ''}, on k, ${how})`,
        apply: (d) => d.join(rightFilter ? right().filter(col('w').gt(3)) : right(), { on: 'k', how }),
      };
    }
  }
  return null;
}

type Outcome = { rows: string[] } | { error: string };

async function outcome(df: DataFrame): Promise<Outcome> {
  try {
    const rows = (await df.compute({ executor: inline })).toRows().map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));
    return { rows: rows.sort() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe('optimizer rules never change an answer', () => {
  test(`${SEEDS} random queries: every rule vs only the required ones`, async () => {
    const failures: string[] = [];
    let ran = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const rng = new Rng(seed);
      const paths = writeData(rng);
      const bs = rng.pick([64, 200, 1 << 20]);
      const left = (): DataFrame => readCsvAnyBlocksize(paths.left, { blocksize: bs });
      const right = (): DataFrame => readCsvAnyBlocksize(paths.right, { blocksize: bs });
      const steps: Step[] = [];
      let df = left();
      const length = rng.int(2, 5);
      for (let i = 0; steps.length < length && i < 20; i++) {
        const s = randomStep(rng, df, right, i);
        if (s === null) continue;
        steps.push(s);
        df = s.apply(df);
      }
      const query = steps.map((s) => s.text).join(' . ');
      const optimized = await outcome(df);
      const plain = await withoutRewrites(() => outcome(df));
      if ('error' in plain) failures.push(`seed ${seed} (blocksize ${bs}): the unoptimized query failed: ${plain.error}\n  ${query}`);
      else ran++;
      if (JSON.stringify(optimized) !== JSON.stringify(plain)) {
        failures.push(`seed ${seed} (blocksize ${bs}): answers differ\n  ${query}\n  optimized:   ${JSON.stringify(optimized).slice(0, 400)}\n  unoptimized: ${JSON.stringify(plain).slice(0, 400)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(ran).toBe(SEEDS);
  }, 600_000);
});
