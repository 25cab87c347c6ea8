/** makeDirs: mkdirSync's recursive form, made one folder at a time (the recursive call never returned under /proc). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { makeDirs } from './make-dirs.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-mkdirs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('makeDirs', () => {
  test('makes the missing folders and returns the first it made, as mkdirSync(…, { recursive: true })', () => {
    const deep = join(dir, 'a', 'b', 'c');
    expect(makeDirs(deep)).toBe(join(dir, 'a'));
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(makeDirs(deep)).toBeUndefined();
    expect(makeDirs(join(dir, 'a', 'b', 'd'))).toBe(join(dir, 'a', 'b', 'd'));
  });

  test('a file in the way is named; a file at the path itself is mkdir\'s EEXIST (writers explain it)', () => {
    const file = join(dir, 'f.txt');
    writeFileSync(file, 'x');
    expect(() => makeDirs(join(file, 'sub', 'more'))).toThrow(`cannot create the folder ${join(file, 'sub')}: ${file} is a file`);
    expect(() => makeDirs(file)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(existsSync(join(file, 'sub'))).toBe(false);
  });

  test.skipIf(!existsSync('/proc/self'))('a folder /proc refuses is an error at once (the recursive mkdir looped at 100% CPU, deaf to signals)', () => {
    const module = fileURLToPath(new URL('./make-dirs.ts', import.meta.url));
    const script = `import { makeDirs } from ${JSON.stringify(module)}; try { makeDirs('/proc/.floe-no-such/x'); console.log('made'); } catch (e) { console.log(e.message); }`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
    expect(r.signal).toBeNull();
    expect(r.stdout.trim()).toBe('cannot create the folder /proc/.floe-no-such: this file system does not allow new folders there');
  });
});
