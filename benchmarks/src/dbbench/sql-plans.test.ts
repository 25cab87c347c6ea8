/**
 * db-benchmark's groupby questions, written in SQL (exactly as DuckDB runs them), plan to the
 * same optimized plan as the same questions written with the DataFrame API: SQL shares floe's
 * planner, so it runs at the DataFrame API's speed. q8's row_number() window, cut to its first
 * two rows a key, runs as the API's sort + group head (optimizer/window-top-n.ts); q9's pow(r, 2)
 * is r * r over float casts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv, shutdown, sql } from 'floe';
import { afterAll, describe, expect, it } from 'vitest';
import { generateGroupby, groupbyFileName } from '../data/gen-dbbench.js';
import { GROUPBY_QUESTIONS } from './groupby-questions.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-sql-plans-'));
const params = { rows: 2000, k: 10, nas: 5, seed: 1 };
generateGroupby(dir, params);
const file = join(dir, groupbyFileName(params));

afterAll(async () => {
  await shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('db-benchmark groupby questions: SQL plans like the DataFrame API', () => {
  for (const q of GROUPBY_QUESTIONS.filter((x) => x.id !== 'q8' && x.id !== 'q9')) {
    it(`${q.id} ${q.title}`, () => {
      expect(sql(q.sql, { tables: { x: readCsv(file) } }).explain()).toBe(q.floe({ x: readCsv(file) }).explain());
    });
  }

  it('q8 (a window\'s first two rows a key) runs as a group head and gives the same answers as the DataFrame API', async () => {
    const q8 = GROUPBY_QUESTIONS.find((x) => x.id === 'q8')!;
    const viaSql = sql(q8.sql, { tables: { x: readCsv(file) } });
    expect(viaSql.explain()).toMatch(/GroupHead 2 per key \[col\("id6"\)\]\n\s+Sort col\("v3"\) desc/);
    const a = (await viaSql.sort(['id6', 'largest2_v3']).compute()).toRows();
    const b = (await q8.floe({ x: readCsv(file) }).sort(['id6', 'v3']).compute()).toRows();
    expect(a.map((r) => [r.id6, r.largest2_v3])).toEqual(b.map((r) => [r.id6, r.v3]));
    expect(a.length).toBeGreaterThan(10);
  });

  it('q9 gives the same answers as the DataFrame API', async () => {
    const q9 = GROUPBY_QUESTIONS.find((x) => x.id === 'q9')!;
    const a = (await sql(q9.sql, { tables: { x: readCsv(file) } }).sort(['id2', 'id4']).compute()).toRows();
    const b = (await q9.floe({ x: readCsv(file) }).sort(['id2', 'id4']).compute()).toRows();
    expect(a.length).toBe(b.length);
    a.forEach((row, i) => {
      expect([row.id2, row.id4]).toEqual([b[i].id2, b[i].id4]);
      if (row.r2 === null || b[i].r2 === null) expect(row.r2).toBe(b[i].r2);
      else expect(row.r2 as number).toBeCloseTo(b[i].r2 as number, 12);
    });
  });
});
