/**
 * The hidden classes of the hot engine classes survive a worker's task boundaries: a groupBy of
 * 24 small partitions on one pool thread (which collects garbage between tasks) never throws
 * away the scan loop's or the group index's optimized code because a class's map died
 * ("weak objects" in `--trace-deopt`). Without the anchors, every task boundary did. Nor does
 * its first reply, which detaches the ArrayBuffers it moves ("code dependencies").
 * Runs the built package in a child process, as memory-cap.test.ts does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const floeDist = join(root, 'packages/floe/dist/index.js');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-anchor-'));
  const rows = ['k,v\n'];
  for (let i = 0; i < 400_000; i++) rows.push(`id${(i * 7919) % 50_000},${i % 97}.25\n`);
  writeFileSync(join(dir, 'a.csv'), rows.join(''));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Functions of RowScanner and GroupIndex (and its key mappers) in the engine's hot loops. */
const HOT = new Set(['scanRows', 'slowField', 'store', 'isNullToken', 'setNull', 'map', 'addGroup', 'column', 'offsetColumn', 'idOf', 'id']);

/** A groupBy of the file's partitions (24 of 256 KB by default) on one pool thread: `--trace-deopt`'s output. */
function traceGroupBy(blocksize = '256KB'): string {
  const script = `
      import { readCsv, col, LocalPool } from ${JSON.stringify(floeDist)};
      const pool = new LocalPool({ workers: 1 });
      const t = await readCsv(${JSON.stringify(join(dir, 'a.csv'))}, { blocksize: '${blocksize}' }).groupBy('k').agg(col('v').sum()).compute({ executor: pool });
      console.log('groups', t.numRows);
      await pool.close();`;
  const r = spawnSync(process.execPath, ['--trace-deopt', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain('groups 50000');
  return r.stdout;
}

describe('shape anchors', () => {
  test('a pool thread keeps its optimized scan and group code across tasks', () => {
    const dropped = [...traceGroupBy().matchAll(/SharedFunctionInfo (\w+)>\) \(opt id \d+\) for deoptimization, reason: weak objects/g)]
      .map((m) => m[1])
      .filter((name) => HOT.has(name));
    expect(dropped).toEqual([]);
  }, 120_000);

  // V8 compiles typed-array code assuming no ArrayBuffer was ever detached, and throws all of it
  // away when one first is: a worker's first reply moved its buffers to the driver, and the parser
  // and group index compiled during the first task were compiled again (scheduler/worker/entry.ts
  // detaches one before any task)
  test('nor throws it away when its first reply moves buffers to the driver', () => {
    // 2 MB partitions: the first task is long enough for the scan and the group index to be compiled in it
    const dropped = [...traceGroupBy('2MB').matchAll(/SharedFunctionInfo (\w+)>\) \(opt id \d+\) for deoptimization, reason: code dependencies/g)]
      .map((m) => m[1])
      .filter((name) => HOT.has(name) || name.startsWith('fastRows'));
    expect(dropped).toEqual([]);
  }, 120_000);
});
