import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOutput } from './write-output.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeOutput', () => {
  it('writes a file complete, with no temporary file left', async () => {
    const path = join(dir, 'out.csv');
    await writeOutput(['a\n', '1\n'], { kind: 'file', path });
    expect(readFileSync(path, 'utf8')).toBe('a\n1\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('leaves neither the file nor a temporary one when rendering fails', async () => {
    function* failing(): Iterable<string> {
      yield 'a\n';
      throw new Error('boom');
    }
    const path = join(dir, 'failed.csv');
    await expect(writeOutput(failing(), { kind: 'file', path })).rejects.toThrow(`cannot write ${path}: boom`);
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('names a missing directory', async () => {
    await expect(writeOutput(['x'], { kind: 'file', path: join(dir, 'no', 'x.csv') })).rejects.toThrow('the directory does not exist');
  });

  it('waits for a slow stream to drain', async () => {
    const chunks: string[] = [];
    const slow = new Writable({ highWaterMark: 16, write(c, _e, cb) { chunks.push(String(c)); setTimeout(cb, 1); } });
    await writeOutput(Array.from({ length: 5000 }, (_, i) => `${i}\n`), { kind: 'stream', stream: slow });
    await new Promise<void>((res) => slow.end(res));
    expect(chunks.join('').split('\n')).toHaveLength(5001);
  });
});
