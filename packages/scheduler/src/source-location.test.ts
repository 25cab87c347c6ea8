import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { delayed } from './delayed.js';
import { LocalPool } from './local-pool.js';
import { sourceLocation } from './source-location.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-source-location-'));
const pool = new LocalPool({ workers: 1 });
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

const frame = (file: string, line: number): string => `    at main (${pathToFileURL(file).href}:${line}:3)`;

describe('sourceLocation', () => {
  const fn = '(s) => {\n    if (!s) throw new Error(\'empty\');\n    return s.length;\n  }';
  test('finds a function\'s text in a file of the calling stack, past floe\'s own frames: its URL, line and column', () => {
    const file = join(dir, 'script.mjs');
    writeFileSync(file, `import { delayed } from 'floe';\n\n// a comment\nconst len = delayed(${fn});\nawait len('x').compute();\n`);
    const floeFrame = `    at toTaskFunction (${new URL('./task-function.ts', import.meta.url).href}:120:9)`;
    const stack = ['Error', floeFrame, frame('/nowhere/gone.mjs', 3), frame(file, 4), frame(file, 5)].join('\n');
    expect(sourceLocation(fn, stack)).toEqual({ url: pathToFileURL(file).href, line: 4, column: 20 });
  });

  test('finds nothing when the text is in the file twice, or only in floe\'s or an installed package\'s files', () => {
    const twice = join(dir, 'twice.mjs');
    writeFileSync(twice, `const a = delayed(${fn});\nconst b = delayed(${fn});\n`);
    expect(sourceLocation(fn, frame(twice, 1))).toBeNull();
    const pkg = join(dir, 'node_modules', 'lib.mjs');
    expect(sourceLocation(fn, `${frame(pkg, 1)}\n${frame(new URL(import.meta.url).pathname, 1)}`)).toBeNull();
  });
});

describe('a delayed function\'s stack frames on a worker', () => {
  test('name the file and line its text is at (they named floe-delayed-function:… and a line of the wrapper)', async () => {
    const file = join(dir, 'tasks.mjs');
    writeFileSync(file, [
      '// tasks of a script',
      '',
      'export function make(delayed) {',
      '  return delayed((x) => {',
      '    if (x < 0) throw new RangeError(`negative: ${x}`);',
      '    return x;',
      '  }, { name: \'check\' });',
      '}',
      'export class Parser {',
      '  static half(x) { if (x > 1) throw new RangeError(`too big: ${x}`); return x / 2; }',
      '  async twice(x) { throw new TypeError(`no ${x}`); }',
      '}',
      'export const methods = (delayed) => [delayed(Parser.half), delayed(Parser.prototype.twice)];',
      '',
    ].join('\n'));
    type Make = (d: typeof delayed) => (x: number) => { compute(o: object): Promise<unknown> };
    const { make } = (await import(pathToFileURL(file).href)) as { make: Make };
    const err = (await make(delayed)(-1).compute({ executor: pool }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('negative: -1');
    expect(err.stack).toContain(`${pathToFileURL(file).href}:5:22`);
    expect(err.stack).not.toMatch(/floe-delayed-function/);
    // methods, `function ` (or `async function`) put before them on the line above: their columns are theirs
    const { methods } = (await import(pathToFileURL(file).href)) as { methods: (d: typeof delayed) => ((x: number) => { compute(o: object): Promise<unknown> })[] };
    const [halfFn, twiceFn] = methods(delayed);
    const half = (await halfFn(5).compute({ executor: pool }).catch((e: unknown) => e)) as Error;
    expect(half.stack).toContain(`${pathToFileURL(file).href}:10:37`);
    const twice = (await twiceFn(1).compute({ executor: pool }).catch((e: unknown) => e)) as Error;
    expect(twice.message).toBe('no 1');
    expect(twice.stack).toContain(`${pathToFileURL(file).href}:11:26`);
    // on the first lines of a file (before the lines compiling it puts ahead of it): named as before
    const first = join(dir, 'first.mjs');
    writeFileSync(first, 'export const early = (delayed) => delayed((x) => { throw new Error(`early ${x}`); }, { name: \'early\' });\n');
    const { early } = (await import(pathToFileURL(first).href)) as { early: Make };
    const e2 = (await early(delayed)(1).compute({ executor: pool }).catch((e: unknown) => e)) as Error;
    expect(e2.message).toBe('early 1');
    expect(e2.stack).toMatch(/floe-delayed-function:early/);
  });
});
