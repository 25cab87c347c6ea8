import { describe, expect, test } from 'vitest';
import { closureNames } from './closure-scopes.js';

describe('the names a function finds in its closure', () => {
  test('a variable named like a global is found; the real global is not', () => {
    const setTimeout = (): string => 'mine';
    const fn = (): unknown => [setTimeout(), Math.max(1, 2)];
    expect(closureNames(fn, ['setTimeout', 'Math'])).toEqual(new Set(['setTimeout']));
  });

  test('only the names asked about are reported', () => {
    const a = 1;
    const b = 2;
    const fn = (): number => a + b;
    expect(closureNames(fn, ['a'])).toEqual(new Set(['a']));
    expect(closureNames(fn, [])).toEqual(new Set());
  });

  test('leaves nothing behind on globalThis', () => {
    const before = Object.getOwnPropertySymbols(globalThis).length;
    closureNames(() => Math.PI, ['Math']);
    expect(Object.getOwnPropertySymbols(globalThis)).toHaveLength(before);
  });
});
