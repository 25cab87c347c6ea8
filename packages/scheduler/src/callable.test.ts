import { describe, expect, test } from 'vitest';
import { loadCallable } from './callable.js';
import { toTaskFunction } from './task-function.js';

const spec = (fn: Parameters<typeof toTaskFunction>[0], options = {}) => {
  const tf = toTaskFunction(fn, options);
  return { tf, spec: { name: tf.name, op: tf.op, prefix: tf.prefix } };
};

describe('loadCallable', () => {
  test('a self-contained function is compiled from its source and called directly (no Promise per call)', async () => {
    const { tf, spec: s } = spec((n: number) => n * 2);
    expect(tf.local).toBe(false);
    const f = await loadCallable(s);
    expect(f(21)).toBe(42);
  });

  test('a function by module reference is its export, with no prefix', async () => {
    const { spec: s } = spec({ module: new URL('./testing/delayed-fns.ts', import.meta.url).href, export: 'add' });
    expect((await loadCallable(s))(2, 3)).toBe(5);
  });

  test('a function that captures variables is called through this thread registry', async () => {
    const k = 10;
    const { tf, spec: s } = spec((n: number) => n + k);
    expect(tf.local).toBe(true);
    expect((await loadCallable(s))(1)).toBe(11);
  });
});
