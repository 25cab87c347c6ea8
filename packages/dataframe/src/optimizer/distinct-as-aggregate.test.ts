/**
 * unique() of a frame's every column (or of the only columns read) runs as a grouped aggregate
 * with no aggregates: the same rows, in the same key order, columns in the input's order, nulls a
 * value of their own — through compute() and through writeCsv, with and without the rewrite.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { InlineExecutor } from '@floe/scheduler';
import { readCsvAnyBlocksize } from '../api/read-csv.js';
import type { DataFrame } from '../api/dataframe.js';
import { col } from '../index.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { Rng } from '../testing/random-csv.js';
import { optimize, withoutRewrites } from './optimize.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-distinct-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const executor = new InlineExecutor();

// 40 k rows, many repeated: s (300 strings, some empty = null), i (int, some null), f (float), b (bool), d (date)
const path = join(dir, 'rows.csv');
const rng = new Rng(11);
const rows: string[] = [];
for (let r = 0; r < 40_000; r++) {
  if (r > 50 && rng.chance(0.4)) { rows.push(rows[rng.int(0, r - 1)]); continue; }
  const s = rng.chance(0.03) ? '' : `s${rng.int(1, 300)}`;
  const i = rng.chance(0.03) ? '' : String(rng.int(-20, 20));
  rows.push(`${s},${i},${(rng.int(-400, 400) / 4).toFixed(2)},${rng.chance(0.5)},2024-0${rng.int(1, 9)}-1${rng.int(0, 9)}`);
}
writeFileSync(path, `s,i,f,b,d\n${rows.join('\n')}\n`);
const frame = (): DataFrame => readCsvAnyBlocksize(path, { blocksize: 64 * 1024, parseDates: ['d'] });

function kinds(plan: LogicalPlan): string[] {
  const out: string[] = [];
  for (let p: LogicalPlan | undefined = plan; p !== undefined; p = 'input' in p ? p.input : undefined) out.push(p.kind);
  return out;
}

describe('unique of its keys alone, as an aggregate', () => {
  test('which plans: every column, or the keys read alone; not head(2), other columns kept, keys computed or a sort first', () => {
    expect(kinds(optimize(frame().unique().plan))).toEqual(['aggregate', 'scan']);
    // keys in another order than the columns: the columns' order restored
    expect(kinds(optimize(frame().select('i', 's').unique(['s', 'i']).plan)).slice(0, 2)).toEqual(['project', 'aggregate']);
    expect(kinds(optimize(frame().unique(['s', 'i']).select('s', 'i').plan))).toContain('aggregate');
    expect(kinds(optimize(frame().unique(['s']).plan))).toContain('groupHead');
    expect(kinds(optimize(frame().select('s').groupBy('s').head(2).plan))).toContain('groupHead');
    expect(kinds(optimize(frame().select('s').groupBy(col('s').alias('t')).head(1).plan))).toContain('groupHead');
    expect(kinds(optimize(frame().select('s').sort('s').groupBy('s').head(1).plan))).toContain('groupHead');
  });

  const cases: [string, () => DataFrame][] = [
    ['unique() of every column', () => frame().unique()],
    ['unique(s, i) of s and i alone, in the other order', () => frame().select('i', 's').unique(['s', 'i'])],
    ['unique(b, s).select(s, b)', () => frame().unique(['b', 's']).select('s', 'b')],
    ['unique(d, i).count()', () => frame().unique(['d', 'i']).select('d', 'i').agg(col('*').count().alias('n'))],
  ];
  for (const [name, df] of cases) {
    test(`${name}: the rows, key order and columns of the group head`, async () => {
      const got = await df().compute({ executor });
      const plain = await withoutRewrites(() => df().compute({ executor }));
      expect(got.columns).toEqual(plain.columns);
      expect(got.toRows()).toEqual(plain.toRows());
      expect(got.numRows).toBeGreaterThan(0);
    });
  }

  test('written to files: the bytes of the group head\'s files, in key order', async () => {
    const text = async (out: string, write: () => Promise<unknown>): Promise<string> => {
      await write();
      return readdirSync(out).filter((f) => f.endsWith('.csv')).sort().map((f) => readFileSync(join(out, f), 'utf8').split('\n').slice(1).join('\n')).join('');
    };
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const got = await text(a, () => frame().unique().writeCsv(a, { executor, memoryLimit: '4MB' }));
    const plain = await text(b, () => withoutRewrites(() => frame().unique().writeCsv(b, { executor, memoryLimit: '4MB' })));
    expect(got).toBe(plain);
    expect(got.split('\n').filter((l) => l !== '').length).toBe(new Set(rows).size);
  });
});
