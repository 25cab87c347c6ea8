/**
 * The hidden classes of the hot engine classes survive a worker's task boundaries: a groupBy of
 * 24 small partitions on one pool thread (which collects garbage between tasks) never throws
 * away the scan loop's or the group index's optimized code because a class's map died
 * ("weak objects" in `--trace-deopt`). Without the anchors, every task boundary did.
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

describe('shape anchors', () => {
  test('a pool thread keeps its optimized scan and group code across tasks', () => {
    const script = `
      import { readCsv, col, LocalPool } from ${JSON.stringify(floeDist)};
      const pool = new LocalPool({ workers: 1 });
      const t = await readCsv(${JSON.stringify(join(dir, 'a.csv'))}, { blocksize: '256KB' }).groupBy('k').agg(col('v').sum()).compute({ executor: pool });
      console.log('groups', t.numRows);
      await pool.close();`;
    const r = spawnSync(process.execPath, ['--trace-deopt', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('groups 50000');
    const dropped = [...r.stdout.matchAll(/SharedFunctionInfo (\w+)>\) \(opt id \d+\) for deoptimization, reason: weak objects/g)]
      .map((m) => m[1])
      .filter((name) => HOT.has(name));
    expect(dropped).toEqual([]);
  }, 120_000);
});
