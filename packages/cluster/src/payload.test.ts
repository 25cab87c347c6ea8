import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodePayload, dropPayload, encodePayload } from './payload.js';
import { FileStorage } from './shared-storage.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('payloads', () => {
  it('carries a small value inline and keeps typed arrays and Maps', async () => {
    dir = mkdtempSync(join(tmpdir(), 'floe-payload-'));
    const storage = new FileStorage(dir);
    const value = { sums: new Float64Array([1.5, 2.5]), keys: new Map([['a', 1n]]) };
    const p = await encodePayload(value, storage, 'job1.result');
    expect('inline' in p).toBe(true);
    expect(await decodePayload(p, storage)).toEqual(value);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('puts a large value in shared storage, with only its location in the payload, and drops it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'floe-payload-'));
    const storage = new FileStorage(dir);
    const value = new Int32Array(100_000).map((_, i) => i * 7);
    const p = await encodePayload(value, storage, 'job2.result');
    expect(p).toEqual({ stored: 'job2.result', bytes: expect.any(Number) });
    expect(await decodePayload(p, storage)).toEqual(value);
    await dropPayload(p, storage);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a location that would leave the shared directory', async () => {
    dir = mkdtempSync(join(tmpdir(), 'floe-payload-'));
    const storage = new FileStorage(dir);
    await expect(storage.get('../etc/passwd')).rejects.toThrow(/refusing location/);
  });
});
