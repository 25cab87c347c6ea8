import { describe, expect, test } from 'vitest';
import { readFunctionSource } from './function-source.js';

const read = (source: string) => readFunctionSource(source);

describe('reading a function from its source', () => {
  test('free names are the names it uses but does not declare', () => {
    expect(read('async (n) => { await sleep(1000); return n ** 3; }')).toEqual({ freeNames: ['sleep'], contextual: [], params: 1 });
    expect(read('(xs) => xs.reduce((a, b) => a * b, 1)')).toEqual({ freeNames: [], contextual: [], params: 1 });
    expect(read('function f(n) { return n < 2 ? n : f(n - 1) + Math.max(factor, n); }')!.freeNames).toEqual(['Math', 'factor']);
  });

  test('its own declarations of every kind are not free', () => {
    const src = `({ a, b: [c, ...d] }, e = a) => {
      var v = 1; let l = 2; const k = 3;
      function inner() { return v + l + k; }
      class C { m() { return C; } }
      try { throw 1; } catch (err) { return err; }
      outer: for (const x of d) { if (x) continue outer; }
      for (var i = 0; i < 2; i++) {}
      return { key: a, [c]: e, inner, C, i, obj: { prop: 1 }.prop };
    }`;
    expect(read(src)).toEqual({ freeNames: [], contextual: [], params: 2 });
  });

  test('function expressions, method shorthand, generators and async forms parse', () => {
    expect(read('function (x) { return x; }')!.params).toBe(1);
    expect(read('async function named(x, y) { return x + y; }')!.params).toBe(2);
    expect(read('twice(x) { return x * 2; }')!.params).toBe(1);
    expect(read('async later(x) { return x + 0.5; }')!.params).toBe(1);
    expect(read('*gen(a) { yield a; }')!.params).toBe(1);
    expect(read("['computed'](a, b) { return a; }")!.params).toBe(2);
    expect(read('x => x')!.params).toBe(1);
  });

  test('a rest parameter or reading `arguments` means every argument is visible', () => {
    expect(read('(...xs) => xs.length')!.params).toBeNull();
    expect(read('function () { return arguments.length; }')!.params).toBeNull();
    expect(read('function (a) { return () => arguments[1]; }')!.params).toBeNull(); // an arrow shares its arguments
    expect(read('function (a) { return function () { return arguments; }; }')!.params).toBe(1); // the inner one's own
  });

  test('what an arrow takes from the code around it: this, arguments, new.target; super and import.meta always', () => {
    expect(read('(x) => x * this.factor')!.contextual).toEqual(['this']);
    expect(read('(x) => arguments[0]')!.contextual).toEqual(['arguments']);
    expect(read('function (x) { return this.factor + arguments[0]; }')!.contextual).toEqual([]);
    expect(read('(x) => function () { return this; }')!.contextual).toEqual([]);
    expect(read('(x) => { class A { f = this; } return A; }')!.contextual).toEqual([]);
    expect(read('async () => import.meta.url')!.contextual).toEqual(['import.meta']);
    expect(read('m() { return super.m(); }')!.contextual).toEqual(['super']);
  });

  test('transpiler helpers are not free: floe provides them wherever the function runs', () => {
    expect(read('(x) => { const f = __name(() => x, "f"); return f(); }')!.freeNames).toEqual([]);
  });

  test('built-in and bound functions, classes and text that is no function are not readable', () => {
    expect(read('function max() { [native code] }')).toBeNull();
    expect(read('(n) => { await sleep(1000); }')).toBeNull(); // await outside an async function
    expect(read('class A {}')).toBeNull();
  });
});
