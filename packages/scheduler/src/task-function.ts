/**
 * How a user's own function becomes a task op, so that tasks stay data. Where it runs is
 * decided here, once, when the function is wrapped (never while a graph runs):
 *
 * - by module reference: `{ module: import.meta.url, name: 'cube' }` names an export that every
 *   worker imports (the module is evaluated once per worker, so it must not do work at its top
 *   level — keep task functions in a module of their own, or guard the script's main code);
 *   for CPU-bound functions that use imports;
 * - by source, on the workers: a self-contained function (it uses only its parameters, its own
 *   variables and the globals) is sent as its text and compiled once per worker (ops/run-source.ts);
 * - on the calling thread: a function that captures variables — from its closure, its module's
 *   imports, or `this` of the code around it — runs where it was created, on the event loop,
 *   so its async work overlaps (local-function.ts). So do built-in and bound functions, whose
 *   source cannot be read.
 *
 * Never resolves anything by stack-trace inspection: the module is always named explicitly.
 * (The stack is read for one thing only: the file a function sent as text comes from, to name it
 * in that function's stack frames on the workers — source-location.ts.)
 */
import type { OpRef } from './task.js';
import { tokenize } from './tokenize.js';
import { TASK_FUNCTION } from './worker/entry.js';
import type { SourceFunction } from './ops/run-source.js';
import { readFunctionSource, type FunctionSource } from './function-source.js';
import { closureNames } from './closure-scopes.js';
import { registerLocal, RUN_LOCAL } from './local-function.js';
import { sourceLocation } from './source-location.js';

export { TASK_FUNCTION };

export interface FunctionOptions {
  /**
   * URL of a module that exports the function (usually `import.meta.url`): workers import it
   * and call the export, so the function may use anything its module imports.
   */
  module?: string;
  /** The export's name in `module` (default: the function's own name); also the task group. */
  name?: string;
  /**
   * The function keeps no reference to the ArrayBuffers it returns, so a worker may move them
   * back instead of copying them (faster for large typed arrays). Default false: a result is
   * copied, as Dask pickles one, because moving a buffer the function keeps (a module-level
   * table, a cache) would leave it empty on the worker.
   */
  transferResult?: boolean;
}

/** A function ready to be called as a task: its op and the arguments that precede the user's. */
export interface TaskFunction {
  readonly name: string;
  readonly op: OpRef;
  readonly prefix: readonly unknown[];
  /** Content hash of the op (and source), for task keys. */
  readonly token: string;
  /** Runs on the calling thread (it captures variables), not on a worker. */
  readonly local: boolean;
  /** What it captures, e.g. `['sleep']` (empty for worker functions; for built-in and bound ones too). */
  readonly captures: readonly string[];
  /** Arguments it can see (its parameters), or null for all: the rest are not passed. */
  readonly params: number | null;
  /** @internal The function itself, kept alive while a task may name it. */
  readonly fn?: unknown;
}

const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const RUN_SOURCE: OpRef = { module: new URL(`./ops/run-source${ext}`, import.meta.url).href, export: 'runSource' };
const RUN_SOURCE_COPIED: OpRef = { ...RUN_SOURCE, copyResult: true };

/** A user's export as an op: its result is copied back unless the user said it may be moved (see OpRef.copyResult). */
function userOp(module: string, name: string, options: FunctionOptions): OpRef {
  return options.transferResult ? { module, export: name } : { module, export: name, copyResult: true };
}

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
      const op = userOp(fn.module, fn.export, options);
      return { name: options.name ?? fn.export, op, prefix: [], token: tokenize(op.module, op.export), local: false, captures: [], params: null };
    }
    throw new TypeError(`expected a function or { module, export }, got ${describe(fn)}`);
  }
  if (options.module !== undefined) {
    const name = options.name ?? fn.name;
    if (!name) {
      throw new TypeError(`${noun} given { module } has no name to look up in ${options.module}: pass { module: import.meta.url, name: '<export name>' }`);
    }
    const op = userOp(options.module, name, options);
    const params = readFunctionSource(Function.prototype.toString.call(fn))?.params ?? null;
    return { name, op, prefix: [], token: tokenize(op.module, op.export), local: false, captures: [], params };
  }
  const name = options.name ?? (fn.name || 'fn');
  const source = Function.prototype.toString.call(fn);
  if (/^class\b/.test(source)) throw new TypeError(`${noun} '${name}' is a class; pass a function`);
  const info = /\{\s*\[native code\]\s*\}\s*$/.test(source) ? null : readFunctionSource(source);
  const captures = info ? capturedBy(fn, info) : [];
  if (!info || captures.length > 0) {
    const id = registerLocal(fn as (...args: unknown[]) => unknown, name);
    return { name, op: RUN_LOCAL, prefix: [id], token: tokenize(RUN_LOCAL.module, id), local: true, captures, params: info?.params ?? null, fn };
  }
  const at = sourceLocation(source);
  const spec: SourceFunction = at === null ? { name, source, noun } : { name, source, noun, at };
  return { name, op: options.transferResult ? RUN_SOURCE : RUN_SOURCE_COPIED, prefix: [spec], token: tokenize(RUN_SOURCE.module, source), local: false, captures: [], params: info.params };
}

/** The arguments a task passes: those the function can see (`xs.map(cube)` passes no index or array to `(n) => …`). */
export function visibleArgs(tf: TaskFunction, args: readonly unknown[]): readonly unknown[] {
  return tf.params === null || args.length <= tf.params ? args : args.slice(0, tf.params);
}

/**
 * Globals a worker thread has too: those of the language and of Node, present when floe loaded.
 * One the program adds later (`globalThis.x = …`, a REPL's `var x`) exists only on its thread.
 */
const WORKER_GLOBALS = new Set(Object.getOwnPropertyNames(globalThis));

/**
 * The variables `fn` takes from around it: free names that are not workers' globals, and free
 * names that are but that its closure shadows (`import { setTimeout } from 'node:timers/promises'`).
 * Where the closure cannot be inspected, every global name it uses counts as captured.
 */
function capturedBy(fn: AnyFunction, info: FunctionSource): string[] {
  const out = new Set<string>(info.contextual);
  const globalNames: string[] = [];
  for (const name of info.freeNames) {
    if (name === 'eval' || !WORKER_GLOBALS.has(name)) out.add(name); // direct eval can reach the closure
    else globalNames.push(name);
  }
  const shadowed = closureNames(fn, globalNames) ?? new Set(globalNames);
  for (const name of shadowed) out.add(name);
  return [...out].sort();
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}
