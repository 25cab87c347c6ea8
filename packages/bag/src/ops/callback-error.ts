/**
 * Errors thrown by a user's function inside a bag task, retold with where they happened: the
 * step (map, filter, groupBy, …), the function's name, the partition and the element, e.g.
 *
 *   map(): the function 'fn' failed on partition 1, element { a: null }: TypeError: Cannot read properties of null (reading 'toFixed')
 *
 * The error keeps its class (a TypeError stays one) and the original as `cause` (on the thread
 * that ran it: across threads an error travels as its message, which still holds the original's).
 */
import { preview } from './preview.js';

type Fn = (...args: unknown[]) => unknown;

const BUILT_IN = [TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError];

/** `f(x)`, an element function (map, filter, a key), its errors retold. */
export function guardElement(f: Fn, verb: string, name: string, partition: number | null): (x: unknown) => unknown {
  return (x) => {
    try {
      return f(x);
    } catch (err) {
      throw callbackError(verb, name, partition, x, err);
    }
  };
}

/** `f(acc, x)`, a fold over elements (fold, foldby), its errors retold with the element. */
export function guardFold(f: Fn, verb: string, name: string, partition: number | null): (acc: unknown, x: unknown) => unknown {
  return (acc, x) => {
    try {
      return f(acc, x);
    } catch (err) {
      throw callbackError(verb, name, partition, x, err);
    }
  };
}

export function callbackError(verb: string, name: string, partition: number | null, x: unknown, err: unknown): Error {
  const original = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const where = partition === null ? ' on' : ` on partition ${partition},`;
  const message = `${verb}(): the function '${name}' failed${where} element ${preview(x)}: ${original}`;
  const Class = err instanceof Error ? (BUILT_IN.find((C) => err.constructor === C) ?? Error) : Error;
  return new Class(message, { cause: err });
}
