/**
 * A Bag: a lazy, partitioned collection of JS values — Dask's bag on floe's scheduler.
 *
 *   const events = readNdjson('events/*.jsonl');
 *   await events.filter((e) => e.status >= 500).pluck('path').frequencies().topk(10, ([, n]) => n).compute();
 *
 * Element steps (map, filter, pluck, flatten) fuse into one task per partition; reductions
 * (count, sum, fold, topk, …) are partials combined on the calling thread; keyed aggregations
 * (frequencies, distinct, groupBy, foldby) hash-partition into buckets that spill to disk past
 * the memory budget. Functions run on the workers when self-contained, on the calling thread
 * when they capture variables (see user-function.ts). Building a bag runs nothing.
 */
import { dirname, resolve } from 'node:path';
import type { FunctionOptions } from '@floe/scheduler';
import type { BagNode } from '../graph/bag-node.js';
import { newNodeId } from '../graph/bag-node.js';
import { COMBINE_REDUCE, REDUCE_KEYED, valueRef, type BuildContext } from '../graph/build-context.js';
import type { KeyedSpec, ReduceSpec, Source, Step } from '../graph/spec.js';
import { ref } from '@floe/scheduler';
import { makeDirs, type DataFrame } from '@floe/dataframe';
import { Item } from './item.js';
import { toDataFrame, type ToDataFrameOptions } from './to-dataframe.js';
import { runBag, type BagComputeOptions } from './run-bag.js';
import { userFunction, type UserFunction } from './user-function.js';

export interface ShuffleOptions {
  /** Partitions (hash buckets) of the result (default: the input's). More buckets, less memory per reduce task. */
  npartitions?: number;
}

export class Bag<T> {
  /** @internal */
  constructor(readonly node: BagNode) {}

  get npartitions(): number {
    return this.node.npartitions;
  }

  // ── element steps ────────────────────────────────────────────────────────────────

  map<R>(fn: (x: T) => R, options?: FunctionOptions): Bag<R> {
    const f = userFunction(fn, options, 'map');
    return this.withStep({ kind: 'map', fn: f.spec }, f);
  }

  filter(fn: (x: T) => unknown, options?: FunctionOptions): Bag<T> {
    const f = userFunction(fn, options, 'filter');
    return this.withStep({ kind: 'filter', fn: f.spec }, f);
  }

  /**
   * The value at `key` of each element (undefined where missing); with a list of keys, an array
   * of their values (Dask's tuple): `pluck(['a', 'b'])` turns `{ a: 1, b: 2, c: 3 }` into `[1, 2]`.
   */
  pluck<K extends keyof T & (string | number)>(key: K): Bag<T[K]>;
  pluck<K extends keyof T & (string | number)>(keys: readonly K[]): Bag<T[K][]>;
  pluck<K extends keyof T & (string | number)>(key: K | readonly K[]): Bag<T[K] | T[K][]> {
    const keys = Array.isArray(key) ? (key as readonly K[]) : [key as K];
    const bad = keys.findIndex((k) => typeof k !== 'string' && typeof k !== 'number');
    if (bad >= 0 || keys.length === 0) {
      const got = !Array.isArray(key) ? (key === null ? 'null' : typeof key) : keys.length === 0 ? 'an empty list' : `a list holding ${keys[bad] === null ? 'null' : typeof keys[bad]}`;
      throw new TypeError(`pluck() takes a property name or index, or a non-empty list of them, got ${got}`);
    }
    return this.withStep({ kind: 'pluck', key: Array.isArray(key) ? [...keys] : keys[0] }, null) as unknown as Bag<T[K]>;
  }

  /** Each element's items as elements: a bag of arrays becomes a bag of their items. */
  flatten(): Bag<T extends Iterable<infer U> ? U : never> {
    return this.withStep({ kind: 'flatten' }, null) as never;
  }

  // ── reductions ───────────────────────────────────────────────────────────────────

  count(): Item<number> {
    return this.reduce({ kind: 'count' });
  }

  sum(): Item<number> {
    return this.reduce({ kind: 'sum' });
  }

  min(): Item<T> {
    return this.reduce({ kind: 'min' });
  }

  max(): Item<T> {
    return this.reduce({ kind: 'max' });
  }

  mean(): Item<number> {
    return this.reduce({ kind: 'mean' });
  }

  /** Variance; `ddof` 0 by default, as in Dask's bags. */
  var(ddof = 0): Item<number> {
    return this.reduce({ kind: 'var', ddof, sqrt: false });
  }

  std(ddof = 0): Item<number> {
    return this.reduce({ kind: 'var', ddof, sqrt: true });
  }

  /**
   * Folds the elements with `binop(acc, x)` in each partition and the partitions' results with
   * `combine` (default `binop`). With `initial`, each partition starts from it; without, from
   * its first element (and an empty bag is an error). Dask's positional form works too:
   * `fold(binop, combine, initial)` (they were ignored, and the fold ran without its initial).
   */
  fold<A = T>(binop: (acc: A, x: T) => A, options?: { combine?: (a: A, b: A) => A; initial?: A }): Item<A>;
  fold<A = T>(binop: (acc: A, x: T) => A, combine: ((a: A, b: A) => A) | null | undefined, initial?: A): Item<A>;
  fold<A = T>(binop: (acc: A, x: T) => A, second: { combine?: (a: A, b: A) => A; initial?: A } | ((a: A, b: A) => A) | null = {}, ...rest: A[]): Item<A> {
    const options: { combine?: (a: A, b: A) => A; initial?: A } = typeof second === 'function' || second === null || rest.length > 0
      ? { ...(typeof second === 'function' ? { combine: second } : {}), ...(rest.length > 0 ? { initial: rest[0] } : {}) }
      : second;
    const b = userFunction(binop, undefined, 'fold');
    const c = options.combine ? userFunction(options.combine, undefined, 'fold') : b;
    const initial = 'initial' in options ? { value: options.initial } : null;
    return this.reduce({ kind: 'fold', binop: b.spec, combine: c.spec, initial }, [b, c]);
  }

  /** The k largest elements (by `key(x)`, or the elements themselves), largest first. */
  topk(k: number, key?: (x: T) => unknown): Item<T[]> {
    return this.top(k, key, true, 'topk');
  }

  /** The k smallest elements, smallest first. */
  bottomk(k: number, key?: (x: T) => unknown): Item<T[]> {
    return this.top(k, key, false, 'bottomk');
  }

  // ── keyed aggregations (hash-partitioned, spilling) ─────────────────────────────────

  /** `[value, count]` for each distinct element. */
  frequencies(options: ShuffleOptions = {}): Bag<[T, number]> {
    return this.keyed({ kind: 'frequencies' }, [], options);
  }

  /** Each distinct element once (arrays and plain objects compare by content). */
  distinct(options: ShuffleOptions = {}): Bag<T> {
    return this.keyed({ kind: 'distinct' }, [], options);
  }

  /** `[key, elements]` for each key: every element with that key, in input order. */
  groupBy<K>(key: (x: T) => K, options: ShuffleOptions & FunctionOptions = {}): Bag<[K, T[]]> {
    const k = userFunction(key, functionOptions(options), 'groupBy');
    return this.keyed({ kind: 'groupBy', key: k.spec }, [k], options);
  }

  /**
   * Groups by `key` and folds each group as it goes, without holding the groups:
   * `binop(acc, x)` within partitions (from `initial`, else the group's first element), then
   * `combine(a, b)` across them (default `binop`; from `combineInitial` when given).
   *
   *   events.foldby((e) => e.user, (acc, e) => acc + e.bytes, 0, (a, b) => a + b)
   */
  foldby<K, A>(key: (x: T) => K, binop: (acc: A, x: T) => A, ...rest: [initial?: A, combine?: (a: A, b: A) => A, combineInitial?: A]): Bag<[K, A]> {
    const k = userFunction(key, undefined, 'foldby');
    const b = userFunction(binop, undefined, 'foldby');
    const c = rest.length >= 2 && rest[1] !== undefined ? userFunction(rest[1], undefined, 'foldby') : b;
    const spec: KeyedSpec = {
      kind: 'foldby',
      key: k.spec,
      binop: b.spec,
      initial: rest.length >= 1 ? { value: rest[0] } : null,
      combine: c.spec,
      combineInitial: rest.length >= 3 ? { value: rest[2] } : null,
    };
    return this.keyed(spec, [k, b, c], {});
  }

  // ── results ──────────────────────────────────────────────────────────────────────

  /** Every element, in partition order. */
  async compute(options: BagComputeOptions = {}): Promise<T[]> {
    const parts = await runBag((ctx) => ctx.partitionTasks(this.node, 'collect', () => ({ kind: 'collect' })), options);
    const out: T[] = [];
    for (const p of parts) for (const x of (p as { value: T[] }).value) out.push(x);
    return out;
  }

  /**
   * The first n elements, computed now: reads partitions in order (as many at once as the pool
   * runs) and stops when it has n; each partition stops reading once it has enough.
   */
  async take(n: number, options: BagComputeOptions = {}): Promise<T[]> {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`take() needs a whole number of elements, got ${n}`);
    const out: T[] = [];
    const all = this.node.npartitions;
    let batch = 1;
    for (let from = 0; from < all && out.length < n; from += batch, batch *= 2) {
      const want = n - out.length;
      const to = Math.min(all, from + batch);
      const parts = await runBag((ctx) => ctx.partitionTasks(this.node, 'take', () => ({ kind: 'take', n: want }), false, [from, to]), options, 'take()');
      for (const p of parts) for (const x of (p as { value: T[] }).value) if (out.length < n) out.push(x);
    }
    return out;
  }

  /**
   * Writes each partition as a text file, one element (a string) per line: `out/*.jsonl`
   * becomes `out/0.jsonl`, `out/1.jsonl`, … (the folder is created). Numbers are zero-padded
   * to one width (`00` … `15`), so that reading `out/*.jsonl` back keeps the order. A part file
   * appears only when complete. Runs now; resolves to the paths written.
   */
  async toTextFiles(pattern: string, options: BagComputeOptions = {}): Promise<string[]> {
    if (typeof pattern !== 'string' || (pattern.match(/\*/g) ?? []).length !== 1) {
      throw new Error(`toTextFiles() needs a path with one '*' for the partition number, e.g. 'out/*.jsonl', got ${JSON.stringify(pattern)}`);
    }
    const width = String(this.node.npartitions - 1).length;
    const paths = Array.from({ length: this.node.npartitions }, (_, i) => resolve(pattern.replace('*', String(i).padStart(width, '0'))));
    for (const d of new Set(paths.map((p) => dirname(p)))) makeDirs(d);
    const parts = await runBag((ctx) => ctx.partitionTasks(this.node, 'write', (i) => ({ kind: 'write', path: paths[i] })), options, 'toTextFiles()');
    return parts.map((p) => (p as { value: string }).value);
  }

  /**
   * A DataFrame over a bag of records (plain objects), computed now and written as CSV part
   * files in a temp folder that the DataFrame reads (see to-dataframe.ts):
   *
   *   await (await events.toDataFrame()).groupBy('status').agg(col('*').count()).compute();
   */
  toDataFrame(options: ToDataFrameOptions = {}): Promise<DataFrame> {
    return toDataFrame(this, options);
  }

  toString(): string {
    return `Bag<${this.node.name}, npartitions=${this.node.npartitions}>`;
  }

  // ── internals ────────────────────────────────────────────────────────────────────

  private withStep<R>(step: Step, f: UserFunction | null): Bag<R> {
    const n = this.node;
    return new Bag<R>({ ...n, id: newNodeId(), steps: [...n.steps, step], local: n.local || (f?.local ?? false), keep: f ? [...n.keep, f.keep] : n.keep });
  }

  private reduce<R>(spec: ReduceSpec, fns: readonly UserFunction[] = []): Item<R> {
    const node = this.node;
    const local = fns.some((f) => f.local);
    const id = newNodeId();
    return new Item<R>((ctx: BuildContext) => {
      const parts = ctx.partitionTasks(node, `${spec.kind}${id}`, () => ({ kind: 'reduce', spec }), local);
      return ctx.graph.add({ key: `${spec.kind}-${id}`, op: COMBINE_REDUCE, args: [spec, ...parts.map((k) => ref(k))], local: true });
    }, [node, ...fns.map((f) => f.keep)]);
  }

  private top(k: number, key: ((x: T) => unknown) | undefined, descending: boolean, verb: string): Item<T[]> {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`${verb}() needs a whole number k, got ${k}`);
    const f = key ? userFunction(key, undefined, verb) : null;
    return this.reduce({ kind: 'topk', k, key: f?.spec ?? null, descending }, f ? [f] : []);
  }

  private keyed<R>(spec: KeyedSpec, fns: readonly UserFunction[], options: ShuffleOptions): Bag<R> {
    const p = options.npartitions ?? this.node.npartitions;
    if (!Number.isInteger(p) || p < 1) throw new RangeError(`npartitions must be a positive whole number, got ${p}`);
    const parent = this.node;
    const local = fns.some((f) => f.local);
    const id = newNodeId();
    const sources = (ctx: BuildContext): Source[] => {
      const n = parent.npartitions;
      // map tasks share the budget while they run; their in-memory tails wait together for the reduces
      const threshold = Math.max(4096, Math.floor(ctx.budget / Math.max(1, ctx.inFlight)));
      const keepAtEnd = Math.max(1024, Math.floor(ctx.budget / (2 * Math.max(1, n))));
      const maps = ctx.partitionTasks(parent, `${spec.kind}${id}`, (i) => ({ kind: 'keyed', spec, p, spill: { dir: ctx.spillPath, name: `${spec.kind}-${id}-m${i}`, threshold, keepAtEnd } }), local);
      return Array.from({ length: p }, (_, j) => {
        const key = ctx.graph.add({ key: `${spec.kind}-${id}-reduce-${j}`, group: `${spec.kind}-reduce`, op: REDUCE_KEYED, args: [spec, ...maps.map((m) => ref(m, ['value', j]))], local: local || undefined });
        return { kind: 'items', items: valueRef(key) as never };
      });
    };
    return new Bag<R>({ id, name: spec.kind, npartitions: p, sources, steps: [], local: false, keep: [parent, ...fns.map((f) => f.keep)] });
  }
}

function functionOptions(o: FunctionOptions): FunctionOptions | undefined {
  return o.module === undefined && o.name === undefined ? undefined : { module: o.module, name: o.name };
}
