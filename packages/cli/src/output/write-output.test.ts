import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('a run interrupted while its file was written keeps the old file (it replaced it and exited 0)', async () => {
    const sub = join(dir, 'interrupted');
    mkdirSync(sub);
    const path = join(sub, 'x.csv');
    writeFileSync(path, 'old\n');
    const controller = new AbortController();
    // the signal arrives while the (synchronous) write runs: the chunks are rendered during it
    function* rendering(): Iterable<string> {
      yield 'a\n';
      controller.abort(new Error('interrupted by SIGTERM'));
      yield '1\n';
    }
    await expect(writeOutput(rendering(), { kind: 'file', path }, controller.signal)).rejects.toThrow('interrupted by SIGTERM');
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(sub)).toEqual(['x.csv']);
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

  it('follows a symlink: the file it points to is replaced, the link stays a link', async () => {
    const d = join(dir, 'links');
    mkdirSync(d);
    writeFileSync(join(d, 'real.csv'), 'old\n');
    chmodSync(join(d, 'real.csv'), 0o640);
    symlinkSync('real.csv', join(d, 'link.csv'));
    symlinkSync('new.csv', join(d, 'dangling.csv'));
    await writeOutput(['a\n'], { kind: 'file', path: join(d, 'link.csv') });
    await writeOutput(['b\n'], { kind: 'file', path: join(d, 'dangling.csv') });
    expect(readlinkSync(join(d, 'link.csv'))).toBe('real.csv');
    expect(readFileSync(join(d, 'real.csv'), 'utf8')).toBe('a\n');
    expect(statSync(join(d, 'real.csv')).mode & 0o777).toBe(0o640);
    expect(readlinkSync(join(d, 'dangling.csv'))).toBe('new.csv');
    expect(readFileSync(join(d, 'new.csv'), 'utf8')).toBe('b\n');
    expect(readdirSync(d).sort()).toEqual(['dangling.csv', 'link.csv', 'new.csv', 'real.csv']);
  });

  it('writes through a FIFO instead of replacing it', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (b: Buffer) => { got += b.toString(); });
    const done = new Promise<void>((res) => reader.on('close', () => res()));
    await writeOutput(['x,y\n', '1,2\n'], { kind: 'file', path: fifo });
    await done;
    expect(got).toBe('x,y\n1,2\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a full device (through a symlink to /dev/full) is a clean error, and the device stays a device', async () => {
    const link = join(dir, 'full');
    symlinkSync('/dev/full', link);
    await expect(writeOutput(['a\n'], { kind: 'file', path: link })).rejects.toThrow(`cannot write ${link}: no space left on the device`);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('names a directory given as the output', async () => {
    await expect(writeOutput(['x'], { kind: 'file', path: dir })).rejects.toThrow(`cannot write ${dir}: it is a directory`);
  });
});
