/**
 * Futures as arguments: wherever a task's arguments may hold futures (client.submit, delayed
 * calls), at any depth of arrays and plain objects, they are replaced by their results before
 * the task runs (a Future cannot cross a thread). Owns only that walk.
 */
import { Future } from './future.js';
import { isPlainObject } from './task.js';

/** True when `value` holds a future (at any depth of arrays and plain objects). */
export function holdsFuture(value: unknown): boolean {
  if (value instanceof Future) return true;
  if (Array.isArray(value)) return value.some(holdsFuture);
  return isPlainObject(value) && Object.values(value).some(holdsFuture);
}

/** Replaces futures (at any depth of arrays and plain objects) by their results; `leaf` sees every other value first (and may refuse it). */
export async function awaitFutures(args: readonly unknown[], leaf?: (v: unknown) => void): Promise<unknown[]> {
  const pending: Promise<unknown>[] = [];
  const walk = (v: unknown): unknown => {
    if (v instanceof Future) {
      const i = pending.push(v.result()) - 1;
      return { [SLOT]: i };
    }
    if (Array.isArray(v)) return v.map(walk);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    leaf?.(v);
    return v;
  };
  const shaped = args.map(walk);
  if (pending.length === 0) return [...args];
  const values = await Promise.all(pending);
  const fill = (v: unknown): unknown => {
    if (isPlainObject(v) && SLOT in v) return values[(v as Record<typeof SLOT, number>)[SLOT]];
    if (Array.isArray(v)) return v.map(fill);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return shaped.map(fill);
}

const SLOT = Symbol('future slot');
