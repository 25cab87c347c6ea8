import { describe, expect, test } from 'vitest';
import { compileInThreads } from './compile-in-thread.js';

describe('compileInThreads', () => {
  test('only pools that fill the cores set the flag', () => {
    expect(compileInThreads(1, 4)).toBe(false);
    expect(compileInThreads(3, 4)).toBe(false);
    expect(compileInThreads(2, 2)).toBe(true);
    expect(compileInThreads(8, 2)).toBe(true);
  });
});
