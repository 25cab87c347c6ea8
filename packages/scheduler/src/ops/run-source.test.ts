import { describe, expect, test } from 'vitest';
import { runSource } from './run-source.js';

describe('running a function sent as source', () => {
  test('compiles arrows, functions and method shorthand, and calls them with the arguments', async () => {
    expect(await runSource({ name: 'a', source: '(x, y) => x + y', noun: 'delayed function' }, 1, 2)).toBe(3);
    expect(await runSource({ name: 'b', source: 'async function b(x) { return x * 2; }', noun: 'delayed function' }, 4)).toBe(8);
    expect(await runSource({ name: 'c', source: 'twice(x) { return x * 2; }', noun: 'delayed function' }, 5)).toBe(10);
  });

  test('a name the worker does not have is explained, with the fix', async () => {
    await expect(runSource({ name: 'scale', source: '(x) => x * floeNoSuchGlobal', noun: 'submitted function' }, 2)).rejects.toThrow(
      "submitted function 'scale' uses 'floeNoSuchGlobal', a global of the calling thread that worker threads do not have; pass it as an argument, or define the function in a module that sets it up and use delayed(fn, { module: import.meta.url })",
    );
  });
});
