import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempDir, removeTempDir, sweepStaleTempDirs } from './temp-dir.js';

const root = mkdtempSync(join(tmpdir(), 'floe-temp-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Above any pid_max (2^22), so no process can have it. */
const DEAD_PID = 99_999_999;
const host = hostname().replace(/[^A-Za-z0-9.-]/g, '_');

describe('temp folders of writeCsv', () => {
  it('createTempDir makes a hidden folder naming this process and host; removeTempDir removes it', () => {
    const dir = createTempDir(root);
    expect(dir.startsWith(join(root, `.floe-tmp-${process.pid}-`))).toBe(true);
    expect(dir.endsWith(`-${host}`)).toBe(true);
    expect(existsSync(dir)).toBe(true);
    removeTempDir(dir);
    expect(existsSync(dir)).toBe(false);
  });

  it('the sweep removes folders of dead processes on this host, and keeps live ones, other hosts\' and other names', () => {
    const d = join(root, 'sweep');
    const names = [
      `.floe-tmp-${DEAD_PID}-abc-${host}`, // dead, this host: removed
      `.floe-tmp-${DEAD_PID}-abc`, // dead, written before names had a host: removed
      `.floe-tmp-${DEAD_PID}-abc-some-other-host`, // another machine on shared storage: kept
      `.floe-tmp-${process.ppid}-abc-${host}`, // a live process: kept
      '.floe-tmp-notes', 'part-00000.csv', // not ours: kept
    ];
    for (const n of names) mkdirSync(join(d, n), { recursive: true });
    const live = createTempDir(d); // sweeps first, and is itself kept by later sweeps
    expect(sweepStaleTempDirs(d)).toEqual([]);
    expect(readdirSync(d).sort()).toEqual([names[2], names[3], names[4], live.slice(d.length + 1), names[5]].sort());
    removeTempDir(live);
  });
});
