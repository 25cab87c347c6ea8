/**
 * Tasks are data: a task names its function by module URL and export name, and its arguments
 * are structured-cloneable values or references to other tasks' results. No closure ever
 * crosses a thread, so the same task runs on the local pool today and on another executor later.
 */

/** Where a task's function lives: an importable module specifier (usually a file URL) and an export. */
export interface OpRef {
  readonly module: string;
  readonly export: string;
  /**
   * The result's ArrayBuffers are copied back from the worker instead of moved. Set on users'
   * functions (task-function.ts), which may keep what they return (a module-level table) —
   * moving it would empty it on the worker. floe's own ops build fresh buffers per task and
   * leave this unset, so their large column buffers move without a copy.
   */
  readonly copyResult?: boolean;
  /**
   * The op returns plain data by construction (floe's own ops: columns, partials, file lists),
   * so the worker does not walk its result for values that cannot cross to another thread — a
   * walk that visited every string of a 100 k-key partial's dictionaries, ~10–25 ms a task.
   */
  readonly plainResult?: boolean;
}

/** A placeholder inside `args` that the scheduler replaces with another task's result. */
export interface TaskRef {
  readonly $ref: string;
  /** A part of the result: property names / indexes walked from it (e.g. bucket i of an exchange). */
  readonly $path?: readonly (string | number)[];
}

export interface TaskSpec {
  /** Unique, stable, readable key, e.g. `scan-0003` or `cube-1a2b3c`. */
  readonly key: string;
  readonly op: OpRef;
  /** Positional arguments; may contain TaskRefs at any depth of arrays and plain objects. */
  readonly args: readonly unknown[];
  /** Keys of tasks whose results this task needs (derived from the refs in args). */
  readonly deps: readonly string[];
  /** Task group shown in progress and the dashboard, e.g. `scan-partition`. */
  readonly group: string;
  /** Run on the calling thread instead of the pool (cheap combine/finalize steps). */
  readonly local?: boolean;
  /** Bytes of input this task reads, for byte-based progress. */
  readonly bytes?: number;
}

export function ref(key: string, path?: readonly (string | number)[]): TaskRef {
  return path && path.length > 0 ? { $ref: key, $path: path } : { $ref: key };
}

export function isRef(value: unknown): value is TaskRef {
  if (typeof value !== 'object' || value === null || typeof (value as TaskRef).$ref !== 'string') return false;
  const keys = Object.keys(value);
  return keys.length === 1 || (keys.length === 2 && Array.isArray((value as TaskRef).$path));
}

/** Collects the keys referenced anywhere inside `value`. */
export function collectRefs(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (isRef(value)) out.add(value.$ref);
  else if (Array.isArray(value)) for (const v of value) collectRefs(v, out);
  else if (isPlainObject(value)) for (const v of Object.values(value)) collectRefs(v, out);
  else if (value instanceof Map) for (const [k, v] of value) { collectRefs(k, out); collectRefs(v, out); }
  else if (value instanceof Set) for (const v of value) collectRefs(v, out);
  return out;
}

/** Replaces every TaskRef inside `value` with the result it names. */
export function substituteRefs(value: unknown, results: ReadonlyMap<string, unknown>): unknown {
  if (isRef(value)) {
    if (!results.has(value.$ref)) throw new Error(`internal: result of task '${value.$ref}' is not available`);
    let out = results.get(value.$ref);
    for (const step of value.$path ?? []) out = (out as Record<string | number, unknown> | null | undefined)?.[step];
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => substituteRefs(v, results));
  if (isPlainObject(value)) {
    // fromEntries defines own keys: a key named __proto__ stays a key
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteRefs(v, results)]));
  }
  // Dask looks inside dicts and sets too; a Map or Set holding no reference goes as it is
  if (value instanceof Map) return collectRefs(value).size === 0 ? value : new Map([...value].map(([k, v]) => [substituteRefs(k, results), substituteRefs(v, results)]));
  if (value instanceof Set) return collectRefs(value).size === 0 ? value : new Set([...value].map((v) => substituteRefs(v, results)));
  return value;
}

/** An object literal's kind of object (prototype Object or null): walked into, where a class instance is a value. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
