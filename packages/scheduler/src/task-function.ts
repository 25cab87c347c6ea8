/**
 * How a user's own function becomes a task op, so that tasks stay data:
 *
 * - by module reference: `{ module: import.meta.url, name: 'cube' }` names an export that every
 *   worker imports (the module is evaluated once per worker, so it must not do work at its top
 *   level — keep task functions in a module of their own, or guard the script's main code);
 * - by source: a self-contained function is sent as its text and compiled once per worker
 *   (ops/run-source.ts). It sees the globals (setTimeout, fetch, Math, …) but not its closure.
 *
 * Never resolves anything by stack-trace inspection: the module is always named explicitly.
 */
import type { OpRef } from './task.js';
import { tokenize } from './tokenize.js';
import { TASK_FUNCTION } from './worker/entry.js';
import type { SourceFunction } from './ops/run-source.js';

export { TASK_FUNCTION };

export interface FunctionOptions {
  /**
   * URL of a module that exports the function (usually `import.meta.url`): workers import it
   * and call the export, so the function may use anything its module imports.
   */
  module?: string;
  /** The export's name in `module` (default: the function's own name); also the task group. */
  name?: string;
}

/** A function ready to be called as a task: its op and the arguments that precede the user's. */
export interface TaskFunction {
  readonly name: string;
  readonly op: OpRef;
  readonly prefix: readonly unknown[];
  /** Content hash of the op (and source), for task keys. */
  readonly token: string;
}

const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const RUN_SOURCE: OpRef = { module: new URL(`./ops/run-source${ext}`, import.meta.url).href, export: 'runSource' };

type AnyFunction = (...args: never[]) => unknown;

/** A value that already names its task function (a delayed function wrapper). */
export interface HasTaskFunction {
  readonly [TASK_FUNCTION]: AnyFunction;
  readonly taskFunction: TaskFunction;
}

export function hasTaskFunction(fn: unknown): fn is HasTaskFunction {
  return typeof fn === 'function' && (fn as Partial<HasTaskFunction>).taskFunction !== undefined;
}

/** `noun` names the function in error messages: 'delayed function', 'submitted function'. */
export function toTaskFunction(fn: AnyFunction | OpRef, options: FunctionOptions = {}, noun = 'function'): TaskFunction {
  if (hasTaskFunction(fn)) return fn.taskFunction;
  if (typeof fn !== 'function') {
    if (fn && typeof fn.module === 'string' && typeof fn.export === 'string') {
      const op = { module: fn.module, export: fn.export };
      return { name: options.name ?? fn.export, op, prefix: [], token: tokenize(op.module, op.export) };
    }
    throw new TypeError(`expected a function or { module, export }, got ${describe(fn)}`);
  }
  if (options.module !== undefined) {
    const name = options.name ?? fn.name;
    if (!name) {
      throw new TypeError(`${noun} given { module } has no name to look up in ${options.module}: pass { module: import.meta.url, name: '<export name>' }`);
    }
    const op = { module: options.module, export: name };
    return { name, op, prefix: [], token: tokenize(op.module, op.export) };
  }
  const name = options.name ?? (fn.name || 'fn');
  const source = sourceOf(fn, name, noun);
  const spec: SourceFunction = { name, source, noun };
  return { name, op: RUN_SOURCE, prefix: [spec], token: tokenize(RUN_SOURCE.module, source) };
}

function sourceOf(fn: AnyFunction, name: string, noun: string): string {
  const source = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    throw new TypeError(`${noun} '${name}' is built in or bound, so its source cannot be sent to a worker: wrap it, e.g. (x) => ${name}(x), or export it from a module and use delayed(fn, { module: import.meta.url })`);
  }
  if (/^class\b/.test(source)) throw new TypeError(`${noun} '${name}' is a class; pass a function`);
  return source;
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}
