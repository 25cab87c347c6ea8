/**
 * A grouping by a string key of more distinct values than a scan's dictionary holds by default
 * (MAX_DICT_ENTRIES): under a budget whose share lets a worker keep the key's dictionary past that
 * bound (the sample sees its values repeat), its codes taken as group ids; under a small one, a
 * dictionary a batch looked up by bytes. Either way partials flushed at maxGroups, split by key
 * hash with each piece's strings compacted, spilled, and merged in the reduces by the strings'
 * bytes — every group's sum, mean and count as a Map over the rows says, in key order.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InlineExecutor, LocalPool } from '@floe/scheduler';
import { col, readCsv } from '../index.js';
import { MAX_DICT_ENTRIES } from '../io/csv/dictionary-cache.js';
import { Rng } from '../testing/random-csv.js';

const KEYS = MAX_DICT_ENTRIES + 20_000;
const ROWS_A_KEY = 6;
let dir: string;
const want = new Map<string, { sum: number; n: number; wsum: number; wn: number }>();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-many-keys-'));
  const rng = new Rng(31);
  const rows: string[] = [];
  for (let k = 0; k < KEYS; k++) {
    // some keys non-ASCII (their bytes take the UTF-16 form in the group index)
    const key = k % 1000 === 7 ? `ü${k}` : `u${String(k).padStart(7, '0')}`;
    for (let r = 0; r < ROWS_A_KEY; r++) {
      const v = rng.int(-50, 50);
      const w = rng.chance(0.1) ? '' : String(rng.int(0, 400) / 4);
      rows.push(`${key},${v},${w}`);
      const e = want.get(key) ?? { sum: 0, n: 0, wsum: 0, wn: 0 };
      e.sum += v; e.n++;
      if (w !== '') { e.wsum += Number(w); e.wn++; }
      want.set(key, e);
    }
  }
  for (let i = rows.length - 1; i > 0; i--) { const j = rng.int(0, i); [rows[i], rows[j]] = [rows[j], rows[i]]; }
  writeFileSync(join(dir, 'events.csv'), `user,v,w\n${rows.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function check(executor: InlineExecutor | LocalPool, memoryLimit: string): Promise<void> {
  const t = await readCsv(join(dir, 'events.csv'), { blocksize: '4MB' })
    .groupBy('user').agg(col('v').sum().alias('v'), col('w').mean().alias('w'), col('*').count().alias('n'))
    .compute({ executor, memoryLimit });
  expect(t.numRows).toBe(KEYS);
  const rows = t.toRows() as { user: string; v: number; w: number | null; n: number }[];
  // in key order
  for (let i = 1; i < rows.length; i++) if (!(rows[i - 1].user < rows[i].user)) expect.fail(`row ${i}: ${rows[i - 1].user} before ${rows[i].user}`);
  for (const r of rows) {
    const e = want.get(r.user);
    if (e === undefined || r.v !== e.sum || r.n !== e.n || (e.wn === 0 ? r.w !== null : Math.abs((r.w ?? Number.NaN) - e.wsum / e.wn) > 1e-9)) {
      expect.fail(`${r.user}: got ${JSON.stringify(r)}, want ${JSON.stringify(e)}`);
    }
  }
}

describe('groupBy a string key of more values than a dictionary holds by default', () => {
  test('one thread, a budget that keeps the key\'s dictionary (256 MB)', async () => {
    await check(new InlineExecutor(), '256MB');
  });

  for (const budget of ['256MB', '48MB']) {
    test(`two workers, ${budget}${budget === '48MB' ? ': a dictionary a batch' : ''}`, async () => {
      const pool = new LocalPool({ workers: 2 });
      try {
        await check(pool, budget);
      } finally {
        await pool.close();
      }
    });
  }
});
