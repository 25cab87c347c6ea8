/** The pool a command's query runs on, started before its input's samples are read: taken by the query, closed when nothing takes it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeEarlyPool, startPoolEarly, takeEarlyPool } from './early-pool.js';
import { runMain as run } from './testing/run-main.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-early-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startPoolEarly', () => {
  it('starts the --workers pool once, for that count; not for --explain or --redis', async () => {
    startPoolEarly({ workers: 2, explain: true }, []);
    expect(takeEarlyPool(2)).toBeNull();
    startPoolEarly({ workers: 2, redis: 'redis://localhost' }, []);
    expect(takeEarlyPool(2)).toBeNull();
    startPoolEarly({ workers: 2 }, []);
    expect(takeEarlyPool(3)).toBeNull();
    const pool = takeEarlyPool(2);
    expect(pool?.concurrency).toBe(2);
    expect(takeEarlyPool(2)).toBeNull();
    await pool!.close();
    // a count the pool refuses is left to the query, which names it
    startPoolEarly({ workers: 0 }, []);
    expect(takeEarlyPool(0)).toBeNull();
    await closeEarlyPool();
  });

  it('a command with --workers runs its query on the pool it started, and closes one a failed command never took', async () => {
    const p = join(dir, 'k.csv');
    writeFileSync(p, 'k,v\na,1\nb,2\na,3\n');
    expect(await run(['agg', p, '--by', 'k', '--agg', 'sum(v)', '--workers', '2', '--no-progress'])).toEqual({ code: 0, stdout: 'k,sum_v\na,4\nb,2\n', stderr: '' });
    expect(takeEarlyPool(2)).toBeNull();
    // a pool started and never taken (here: started by hand; in a command, one that failed on
    // its --agg after opening its input) is closed when main ends
    startPoolEarly({ workers: 2 }, []);
    const bad = await run(['agg', p, '--by', 'k', '--agg', 'sum(nosuch)', '--workers', '2', '--no-progress']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown column "nosuch"/);
    expect(takeEarlyPool(2)).toBeNull();
  });
});
