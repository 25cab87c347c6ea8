/**
 * The indexed row parser is compiled once for its loop and once whole, not again after its
 * first buffer. Numbers are read eight bytes at a time except within 8 bytes of a buffer's end,
 * where digit loops take them; those loops first ran there — after V8 had compiled the parser —
 * so the compiled code had no type feedback for them and bailed out ("insufficient type feedback
 * for compare"), and the parser was compiled again, twice for each loop (db-benchmark q3: four
 * compiles of ~20–30 ms a worker instead of two). A parser's first call now reads its later rows'
 * numbers through the loops (FastTables.wordsUpTo). Here a file of several 1 MiB buffers is read
 * in a child process under `--trace-deopt` (compiling in the thread, as the pool's threads do, so
 * that when the code arrives does not vary with the machine's load): the parser may not bail out, and the values read
 * must be the file's (both ways of reading a number give the same value: sums in the same order, equal to the bit). Runs the built
 * package, as kernels/long-loops.test.ts does.
 */
import { describe, expect, test } from 'vitest';
import { dist, tracedChild, type Bailout } from '../../testing/traced-child.js';

const script = `
  import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
  import { tmpdir } from 'node:os';
  import { join } from 'node:path';
  import { readPartition } from ${dist('io/csv/read-partition.js')};
  import { DEFAULT_NULL_VALUES, nullTokenBytes } from ${dist('io/csv/dialect.js')};
  const rows = 400_000;
  let seed = 11;
  const rnd = () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const lines = ['a,b,id,c,v,f'];
  let intSum = 0, floatSum = 0;
  for (let i = 0; i < rows; i++) {
    const v = Math.floor(rnd() * 10 ** (1 + (i % 6)));
    const f = (Math.floor(rnd() * 1e8) / 1e6).toFixed(6);
    intSum += v; floatSum += Number(f);
    lines.push('x' + (i % 7) + ',' + (i % 3) + ',id' + String(i % 5000).padStart(6, '0') + ',yy,' + v + ',' + f);
  }
  const dir = mkdtempSync(join(tmpdir(), 'floe-priming-'));
  const path = join(dir, 'x.csv');
  const header = lines[0].length + 1;
  writeFileSync(path, lines.join('\\n') + '\\n');
  const st = statSync(path);
  const scan = {
    nFields: 6,
    fields: [{ index: 2, name: 'id', dtype: 'string' }, { index: 4, name: 'v', dtype: 'int64' }, { index: 5, name: 'f', dtype: 'float64' }],
    delimiter: 0x2c, nullTokens: nullTokenBytes(DEFAULT_NULL_VALUES), batchRows: 32768, dateErrorsNull: false, specialise: 'indexed',
  };
  let n = 0, ints = 0, floats = 0;
  readPartition({ path, start: header, end: st.size, dataStart: header, planned: { size: st.size, mtimeMs: st.mtimeMs } }, scan, (cols, m) => {
    const v = cols.find((c) => c.name === 'v').column.values, f = cols.find((c) => c.name === 'f').column.values;
    for (let i = 0; i < m; i++) { ints += v[i]; floats += f[i]; }
    n += m;
  });
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ n, bytes: st.size, intsEqual: ints === intSum, floatsEqual: floats === floatSum }));
`;

/** A file sorted by time, a row every 10 s: the 29th of its first month comes 241,920 rows in. */
const timestamps = `
  import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
  import { tmpdir } from 'node:os';
  import { join } from 'node:path';
  import { readPartition } from ${dist('io/csv/read-partition.js')};
  import { DEFAULT_NULL_VALUES, nullTokenBytes } from ${dist('io/csv/dialect.js')};
  const rows = 400_000;
  const t0 = Date.UTC(2011, 0, 1);
  const lines = ['ts,v'];
  let expected = 0;
  for (let i = 0; i < rows; i++) {
    const t = t0 + i * 10_000;
    expected += t;
    lines.push(new Date(t).toISOString().slice(0, 19).replace('T', ' ') + ',' + (i % 100));
  }
  const dir = mkdtempSync(join(tmpdir(), 'floe-priming-'));
  const path = join(dir, 'ts.csv');
  writeFileSync(path, lines.join('\\n') + '\\n');
  const st = statSync(path);
  const scan = {
    nFields: 2,
    fields: [{ index: 0, name: 'ts', dtype: 'timestamp' }, { index: 1, name: 'v', dtype: 'int64' }],
    delimiter: 0x2c, nullTokens: nullTokenBytes(DEFAULT_NULL_VALUES), batchRows: 32768, dateErrorsNull: false, specialise: 'plain',
  };
  let n = 0, sum = 0;
  readPartition({ path, start: 5, end: st.size, dataStart: 5, planned: { size: st.size, mtimeMs: st.mtimeMs } }, scan, (cols, m) => {
    const ts = cols.find((c) => c.name === 'ts').column.values;
    for (let i = 0; i < m; i++) sum += ts[i];
    n += m;
  });
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ n, equal: sum === expected, last: lines[rows] }));
`;

/** The reasons `fn` bailed out for. */
function reasonsOf(all: readonly Bailout[], fn: string): string[] {
  return all.filter((b) => b.fn === fn).map((b) => b.reason);
}

describe('the indexed row parser', () => {
  test('reads numbers near a buffer end without bailing out of its compiled code', () => {
    const { result, bailouts } = tracedChild<{ n: number; bytes: number; intsEqual: boolean; floatsEqual: boolean }>(script);
    expect(result.n).toBe(400_000);
    // several of the reader's 1 MiB buffers, so that several buffer ends are met after the compile
    expect(result.bytes).toBeGreaterThan(8 << 20);
    expect(result.intsEqual).toBe(true);
    expect(result.floatsEqual).toBe(true);
    expect(reasonsOf(bailouts, 'fastRowsIndexed')).toEqual([]);
  }, 240_000);
});

describe('the plain row parser', () => {
  test('checks the 29th of a month without bailing out of its compiled code', () => {
    const { result, bailouts } = tracedChild<{ n: number; equal: boolean; last: string }>(timestamps);
    expect(result.n).toBe(400_000);
    // the rows reach past the 29th of their first month
    expect(result.last.slice(0, 10)).toBe('2011-02-16');
    expect(result.equal).toBe(true);
    // the one bail-out allowed: a compile at a call's entry before the first call's feedback
    // reached the entry's loads ("generic named access", once); never at the date check's call
    const reasons = reasonsOf(bailouts, 'fastRows');
    expect(reasons.filter((x) => x !== 'Insufficient type feedback for generic named access')).toEqual([]);
    expect(reasons.length).toBeLessThanOrEqual(1);
  }, 240_000);
});
