/**
 * Delayed functions: calling one records a task instead of running it, so ordinary functions
 * build a task graph that runs in parallel on `compute()`:
 *
 *   import { setTimeout as sleep } from 'node:timers/promises';
 *   const cube = delayed(async (n: number) => { await sleep(1000); return n ** 3; });
 *   const multiply = delayed((xs: number[]) => xs.reduce((a, b) => a * b, 1));
 *   await multiply([1, 2, 3, 4, 5].map(cube)).compute();   // 1728000, in about 1 s
 *
 * A delayed call is a task spec (tasks are data): its arguments may be delayed values, or
 * arrays and plain objects holding them, which become references to those tasks; futures
 * (from client.submit) are waited for when the graph is computed, and replaced by their results. Arguments
 * beyond the function's parameters are dropped (it cannot see them), so `xs.map(cube)` passes
 * no index and array. Keys are `<name>-<hash>`: every call is its own task (like Dask), unless
 * `pure: true`, where the same call made twice is one task. Calling never runs anything.
 * Where each task runs (a worker, or the calling thread for a function that captures
 * variables) is decided when `delayed(fn)` wraps it: see task-function.ts.
 */
import { runGraph } from './run-graph.js';
import { TaskGraph } from './graph.js';
import { isPlainObject, ref, type OpRef } from './task.js';
import { TASK_FUNCTION, toTaskFunction, visibleArgs, type FunctionOptions, type TaskFunction } from './task-function.js';
import { tokenize } from './tokenize.js';
import { runContext, type RunOptions } from './run-context.js';
import { awaitFutures, holdsFuture } from './future-args.js';
import { graphToDot, type DotOptions } from './to-dot.js';
import { visualizeGraph, type VisualizeTarget } from './visualize.js';

export interface DelayedOptions extends FunctionOptions {
  /**
   * Calls with equal arguments are the same task (default false, as in Dask: every call is its
   * own task, so random numbers and clocks are called each time). Set true for functions whose
   * result depends only on their arguments, so that repeated calls share one task.
   */
  pure?: boolean;
}

/** A value, a delayed value, or arrays and plain objects holding delayed values. */
export type Lazy<T> =
  | T
  | Delayed<T>
  | (T extends readonly (infer U)[] ? readonly Lazy<U>[] : never)
  | (T extends Record<string, unknown> ? { [K in keyof T]: Lazy<T[K]> } : never);

export interface DelayedFunction<A extends unknown[], R> {
  (...args: { [K in keyof A]: Lazy<A[K]> }): Delayed<Awaited<R>>;
  readonly taskFunction: TaskFunction;
  readonly [TASK_FUNCTION]: (...args: A) => R;
}

interface DelayedNode {
  readonly op: OpRef;
  /** Runs on the calling thread (the function captures variables). */
  readonly local: boolean;
  /** Keeps the function alive (a local function's registry entry is weak). */
  readonly fn: TaskFunction;
  /** Full task arguments, with delayed values replaced by references to their keys. */
  readonly args: readonly unknown[];
  readonly deps: readonly Delayed<unknown>[];
}

/** A value that will be computed by a task (and the tasks it needs). */
export class Delayed<T> {
  /** @internal */ declare readonly __type?: T;

  constructor(
    /** The task's key, e.g. `cube-1a2b3c4d5e`. */
    readonly key: string,
    /** The task group (the function's name): progress and the dashboard count by it. */
    readonly group: string,
    /** @internal */ readonly node: DelayedNode,
  ) {}

  /** Runs the graph behind this value and resolves to it. */
  async compute(options: RunOptions = {}): Promise<T> {
    const [value] = await computeAll([this], options);
    return value as T;
  }

  /** The task graph that computes this value (dependencies first). */
  toGraph(): TaskGraph {
    return buildGraph([this]);
  }

  /** The graph in Graphviz DOT. */
  toDot(options: DotOptions = {}): string {
    return graphToDot(this.toGraph(), options);
  }

  /**
   * Draws the graph: `visualize('graph.svg')` writes the file, `visualize({ format: 'svg' })`
   * only renders; both resolve to the rendered text.
   */
  visualize(target: VisualizeTarget = { format: 'svg' }): Promise<string> {
    return visualizeGraph(this.toGraph(), target);
  }

  toString(): string {
    return `Delayed('${this.key}')`;
  }
}

let impureCalls = 0;

/**
 * Wraps a function so that calling it builds a task instead of running it.
 * A self-contained function is sent to workers as source; one that captures variables (its
 * closure, its module's imports) runs on the calling thread; with `{ module: import.meta.url }`
 * workers import it from its (exporting) module.
 *
 * (Generic over the whole function, not its parameters and result, so that a parameter with a
 * default, `(n: number, ms = 1000) => …`, keeps the default's type instead of becoming unknown.)
 */
export function delayed<F extends (...args: never[]) => unknown>(fn: F, options: DelayedOptions = {}): DelayedFunction<Parameters<F>, ReturnType<F>> {
  type R = ReturnType<F>;
  const tf = toTaskFunction(fn, options, 'delayed function');
  const pure = options.pure ?? false;
  const call = (...args: unknown[]): Delayed<Awaited<R>> => {
    const deps = new Map<string, Delayed<unknown>>();
    const taskArgs = [...tf.prefix, ...visibleArgs(tf, args).map((a) => lift(a, deps, tf.local))];
    const hash = tokenize(tf.token, taskArgs, pure ? 0 : ++impureCalls);
    return new Delayed(`${safeName(tf.name)}-${hash}`, tf.name, { op: tf.op, local: tf.local, fn: tf, args: taskArgs, deps: [...deps.values()] });
  };
  Object.defineProperty(call, 'taskFunction', { value: tf });
  Object.defineProperty(call, TASK_FUNCTION, { value: fn });
  Object.defineProperty(call, 'name', { value: tf.name });
  return call as unknown as DelayedFunction<Parameters<F>, R>;
}

/**
 * Computes several delayed values at once; work they share runs once. As Dask's compute: delayed
 * values inside arrays and plain objects are computed in place (`compute([a, b])` → `[[va, vb]]`),
 * and any other value comes back as it is (`compute(a, 5)` → `[va, 5]`). Options go last: a plain
 * object whose keys are all options (client, executor, signal, onEvent, maxInFlight, progress).
 */
export async function compute<T extends readonly Delayed<unknown>[]>(...values: T): Promise<{ -readonly [K in keyof T]: T[K] extends Delayed<infer V> ? V : never }>;
export async function compute<T extends readonly Delayed<unknown>[]>(...args: [...T, RunOptions]): Promise<{ -readonly [K in keyof T]: T[K] extends Delayed<infer V> ? V : never }>;
export async function compute(...args: unknown[]): Promise<unknown[]> {
  const options = args.length > 0 && isRunOptions(args[args.length - 1]) ? (args.pop() as RunOptions) : {};
  const found = new Set<Delayed<unknown>>();
  const visit = (v: unknown): void => {
    if (v instanceof Delayed) found.add(v);
    else if (v !== null && typeof v === 'object' && typeof (v as { compute?: unknown }).compute === 'function') {
      // a DataFrame, bag or array is not a delayed value: it would come back uncomputed
      throw new TypeError(`compute() takes delayed values; a ${(v as object).constructor?.name ?? 'collection'} has its own .compute()`);
    }
    else if (Array.isArray(v)) v.forEach(visit);
    else if (isPlainObject(v)) Object.values(v).forEach(visit);
  };
  args.forEach(visit);
  const list = [...found];
  const results = await computeAll(list, options);
  const value = new Map<Delayed<unknown>, unknown>(list.map((d, i) => [d, results[i]]));
  const fill = (v: unknown): unknown => {
    if (v instanceof Delayed) return value.get(v);
    if (Array.isArray(v)) return v.map(fill);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return args.map(fill);
}

const RUN_OPTIONS = new Set(['client', 'executor', 'signal', 'onEvent', 'maxInFlight', 'progress']);

function isRunOptions(v: unknown): boolean {
  return isPlainObject(v) && Object.keys(v).every((k) => RUN_OPTIONS.has(k));
}

async function computeAll(values: readonly Delayed<unknown>[], options: RunOptions): Promise<unknown[]> {
  const ctx = runContext(options);
  try {
    const out = await runGraph(await withFutureResults(buildGraph(values)), {
      executor: ctx.executor,
      signal: ctx.signal,
      onEvent: ctx.onEvent,
      maxInFlight: ctx.maxInFlight,
      outputs: [...new Set(values.map((v) => v.key))],
    });
    return values.map((v) => out.get(v.key));
  } finally {
    ctx.finish();
  }
}

/**
 * The graph with the futures among its tasks' arguments replaced by their results: as in Dask, a
 * delayed function may be called with a future (from client.submit), which cannot cross a thread.
 */
async function withFutureResults(graph: TaskGraph): Promise<TaskGraph> {
  const tasks = graph.list();
  if (!tasks.some((t) => holdsFuture(t.args))) return graph;
  const args = await Promise.all(tasks.map((t) => (holdsFuture(t.args) ? awaitFutures(t.args) : t.args)));
  const out = new TaskGraph();
  tasks.forEach((t, i) => out.add({ key: t.key, op: t.op, args: args[i], group: t.group, local: t.local, bytes: t.bytes }));
  return out;
}

/** The graph for `roots`: each task once, after everything it needs (iterative, for long chains). */
export function buildGraph(roots: readonly Delayed<unknown>[]): TaskGraph {
  const graph = new TaskGraph();
  const stack: { d: Delayed<unknown>; expanded: boolean }[] = roots.map((d) => ({ d, expanded: false })).reverse();
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (graph.has(top.d.key)) continue;
    if (top.expanded) {
      graph.add({ key: top.d.key, op: top.d.node.op, args: top.d.node.args, group: top.d.group, local: top.d.node.local || undefined });
      continue;
    }
    stack.push({ d: top.d, expanded: true });
    for (let i = top.d.node.deps.length - 1; i >= 0; i--) {
      const dep = top.d.node.deps[i];
      if (!graph.has(dep.key)) stack.push({ d: dep, expanded: false });
    }
  }
  return graph;
}

/**
 * Replaces delayed values inside arrays and plain objects by references, collecting them.
 * `local`: the task runs on this thread, so its arguments need not be cloneable.
 */
function lift(value: unknown, deps: Map<string, Delayed<unknown>>, local: boolean): unknown {
  if (value instanceof Delayed) {
    deps.set(value.key, value);
    return ref(value.key);
  }
  if (Array.isArray(value)) return value.map((v) => lift(v, deps, local));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = lift(v, deps, local);
    return out;
  }
  // a delayed value inside a Map or Set is computed first, as Dask does inside dicts and sets (it was passed as the Delayed object)
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [lift(k, deps, local), lift(v, deps, local)]));
  if (value instanceof Set) return new Set([...value].map((v) => lift(v, deps, local)));
  if (value instanceof Promise) throw new TypeError('a Promise cannot be an argument of a task (it cannot cross to a worker); await it first and pass its value (a future from client.submit is taken as its result)');
  if (isLazyCollection(value)) {
    throw new TypeError(`a ${value.constructor.name} cannot be an argument of a delayed function as it is (its lazy plan would be passed, not its rows); pass the result of \`await df.compute()\`, or build the step into the query`);
  }
  if (typeof value === 'function' && !local) {
    throw new TypeError(`a function cannot be an argument of a task that runs on a worker (it cannot cross a thread); call it inside the task, or pass a delayed value`);
  }
  return value;
}

/** A lazy collection (a DataFrame, a bag, a chunked array: a class instance with compute()): not data a task can take. */
function isLazyCollection(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !(value instanceof Delayed) && !isPlainObject(value) && typeof (value as { compute?: unknown }).compute === 'function';
}

function safeName(name: string): string {
  return name.replace(/[^\w.$]+/g, '_') || 'fn';
}
