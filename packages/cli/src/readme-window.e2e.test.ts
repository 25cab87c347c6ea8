/**
 * The README's window-function example is a test: its TypeScript block runs against the library
 * as written, in a folder holding the sales files it names (two stores, 30 days, one day's
 * amount missing), and what it prints is checked against answers computed here in plain JS.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { col, readCsv, rowNumber, shutdown, type ReadCsvOptions } from 'floe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeBlocks } from './testing/readme-blocks.js';

let dir: string;
/** The mean of the non-null values, or null. */
const mean = (xs: (number | null)[]): number | null => {
  const vs = xs.filter((x): x is number => x !== null);
  return vs.length === 0 ? null : vs.reduce((a, b) => a + b, 0) / vs.length;
};
const amounts = new Map<string, (number | null)[]>([
  ['east', Array.from({ length: 30 }, (_, d) => (d === 4 ? null : ((d * 37) % 23) + 10))],
  ['west', Array.from({ length: 30 }, (_, d) => ((d * 11) % 17) + 5)],
]);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-readme-window-'));
  mkdirSync(join(dir, 'sales'));
  for (const [store, xs] of amounts) {
    const lines = xs.map((a, d) => `${store},2024-06-${String(d + 1).padStart(2, '0')},${a ?? ''}`);
    writeFileSync(join(dir, 'sales', `${store}.csv`), `store,day,amount\n${lines.join('\n')}\n`);
  }
});

afterAll(async () => {
  await shutdown();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('README: window functions', () => {
  it('runs the example as written, and its numbers are the store-by-store answers', async () => {
    const [code] = readmeBlocks('Window functions: shares, running totals, ranks, lag and lead', 'ts');
    const body = code.replace(/^import .*$/m, '');
    const printed: unknown[] = [];
    const inDir = (p: string, o?: ReadCsvOptions) => readCsv(isAbsolute(p) ? p : join(dir, p), o);
    const run = new Function('readCsv', 'col', 'rowNumber', 'console', `return (async () => {${body}})();`) as (...a: unknown[]) => Promise<void>;
    await run(inDir, col, rowNumber, { log: (x: unknown) => printed.push(x) });
    // head(5): east's first five days, in order
    const head = printed[0] as { toRows(): Record<string, unknown>[] };
    const east = amounts.get('east')!;
    const eastTotal = east.reduce<number>((n, a) => n + (a ?? 0), 0);
    const distinct = [...new Set(east.filter((a): a is number => a !== null))].sort((a, b) => b - a);
    expect(head.toRows().map((r) => [r.store, r.amount, Number((r.share as number | null)?.toFixed(6) ?? NaN), r.to_date, r.change, r.week, r.rank])).toEqual(
      east.slice(0, 5).map((a, d) => [
        'east', a,
        a === null ? NaN : Number((a / eastTotal).toFixed(6)),
        a === null ? null : east.slice(0, d + 1).reduce<number>((n, x) => n + (x ?? 0), 0), // a null day's is null (Polars)
        d === 0 || a === null || east[d - 1] === null ? null : a - east[d - 1]!,
        mean(east.slice(Math.max(0, d - 6), d + 1)), // the days in (day − 7 days, day]
        a === null ? null : distinct.indexOf(a) + 1,
      ]),
    );
    // each store's best day (the first of equal amounts in day order)
    expect(String(printed[1])).toMatch(/^shape: \(2, 3\)/);
    for (const [store, xs] of amounts) {
      const best = Math.max(...xs.filter((a): a is number => a !== null));
      const day = `2024-06-${String(xs.indexOf(best) + 1).padStart(2, '0')}`;
      expect(String(printed[1])).toMatch(new RegExp(`${store}.*${day}.*${best}`));
    }
  });
});
