/**
 * The element chain of a partition task: map, filter, pluck and flatten steps fused into one
 * function per element, so a partition is one pass with no intermediate arrays. User functions
 * are resolved once per task (loadCallable) and called directly.
 */
import { loadCallable } from '@floe/scheduler';
import type { Step } from '../graph/spec.js';
import { guardElement } from './callback-error.js';

export type Push = (x: unknown) => void;

/** `partition`: the partition's number, for errors of user functions (null where not known). */
export async function buildChain(steps: readonly Step[], sink: Push, partition: number | null = null): Promise<Push> {
  let next = sink;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i];
    const after = next;
    switch (step.kind) {
      case 'map': {
        const name = step.fn.name;
        const f = guardElement(await loadCallable(step.fn), 'map', name, partition);
        next = (x) => after(syncResult(f(x), name, 'map'));
        break;
      }
      case 'filter': {
        const name = step.fn.name;
        const f = guardElement(await loadCallable(step.fn), 'filter', name, partition);
        next = (x) => {
          if (syncResult(f(x), name, 'filter')) after(x);
        };
        break;
      }
      case 'pluck': {
        const key = step.key;
        if (typeof key === 'object') {
          next = (x) => after(key.map((k) => (x === null || x === undefined ? undefined : (x as Record<string | number, unknown>)[k])));
          break;
        }
        next = (x) => after(x === null || x === undefined ? undefined : (x as Record<string | number, unknown>)[key]);
        break;
      }
      case 'flatten':
        next = (x) => {
          if (Array.isArray(x)) {
            for (let k = 0; k < x.length; k++) after(x[k]);
            return;
          }
          if (x === null || typeof x !== 'object' || typeof (x as Iterable<unknown>)[Symbol.iterator] !== 'function') {
            throw new TypeError(`flatten(): an element is not iterable (${describe(x)}); flatten needs every element to be an array or another iterable`);
          }
          for (const y of x as Iterable<unknown>) after(y);
        };
        break;
      default:
        throw new Error(`internal: unknown bag step ${(step as { kind: string }).kind}`);
    }
  }
  return next;
}

/** Element functions run synchronously, once per element; an async one would be a Promise per element. */
export function syncResult(v: unknown, name: string, verb: string): unknown {
  if (v instanceof Promise) {
    v.catch(() => {}); // its rejection is reported by the error below, not as an unhandled rejection
    throw new TypeError(`${verb}(): the function '${name}' returned a Promise; functions given to a bag run once per element and must be synchronous (use delayed() for async work)`);
  }
  return v;
}

function describe(x: unknown): string {
  return x === null ? 'null' : typeof x === 'object' ? 'an object' : `${typeof x} ${JSON.stringify(x)?.slice(0, 40)}`;
}
