/**
 * For the tests that a kernel's compiled code does not bail out: a script run in a child process
 * against the built package, under `--trace-deopt`, compiling in its thread as the pool's threads
 * do (`--no-concurrent-recompilation`: with V8's background compiles, when the code arrives varies
 * with the machine's load). The script prints its answer as its last line of JSON.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** A built module of this package, as an import specifier to splice into a child's script. */
export function dist(path: string): string {
  return JSON.stringify(join(root, 'packages/dataframe/dist', path));
}

/** A bail-out of compiled code: the function's name (empty for an anonymous one) and V8's reason. */
export interface Bailout {
  fn: string;
  reason: string;
}

/** Runs `source` (an ES module) traced; the answer it printed last and every bail-out, in order. */
export function tracedChild<T>(source: string): { result: T; bailouts: Bailout[] } {
  const r = spawnSync(process.execPath, ['--trace-deopt', '--no-concurrent-recompilation', '--input-type=module', '-e', source], { cwd: root, encoding: 'utf8', timeout: 240_000, maxBuffer: 256 << 20 });
  expect(r.status, r.stderr).toBe(0);
  const result = JSON.parse(r.stdout.split('\n').filter((l) => l.startsWith('{')).pop()!) as T;
  const bailouts = [...r.stdout.matchAll(/^\[bailout \(kind: [^,]+, reason: ([^)]*)\): begin\. deoptimizing \S+ <JSFunction (\S*) /gm)].map((m) => ({ fn: m[2], reason: m[1] }));
  return { result, bailouts };
}
