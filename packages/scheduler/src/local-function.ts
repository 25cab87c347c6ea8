/**
 * Functions that capture variables (closures, imports) run on the thread that created them,
 * on its event loop, where their async work overlaps (what Dask's threads scheduler is for
 * `delayed`). Their tasks stay data: a task names the `runLocal` export of this module and the
 * function's id in this thread's registry. The registry holds functions weakly: a delayed value
 * or a future keeps its function alive, and an entry goes when nothing needs it any more.
 *
 * Kept on globalThis (under a symbol) so that every copy of this module in a thread shares it.
 * Never lets such a task run elsewhere: on another thread the id is unknown, which is said.
 */
import type { OpRef } from './task.js';

type AnyFunction = (...args: unknown[]) => unknown;

interface Registry {
  next: number;
  functions: Map<string, WeakRef<AnyFunction>>;
  cleanup: FinalizationRegistry<string>;
}

const KEY = Symbol.for('floe.local-functions');

function registry(): Registry {
  const g = globalThis as Record<symbol, Registry | undefined>;
  let r = g[KEY];
  if (!r) {
    const functions = new Map<string, WeakRef<AnyFunction>>();
    r = { next: 1, functions, cleanup: new FinalizationRegistry((id) => functions.delete(id)) };
    g[KEY] = r;
  }
  return r;
}

const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
export const RUN_LOCAL: OpRef = { module: new URL(`./local-function${ext}`, import.meta.url).href, export: 'runLocal' };

/** Registers `fn` and returns its id, e.g. `cube#3`. The caller must keep `fn` alive while tasks name it. */
export function registerLocal(fn: AnyFunction, name: string): string {
  const r = registry();
  const id = `${name}#${r.next++}`;
  r.functions.set(id, new WeakRef(fn));
  r.cleanup.register(fn, id);
  return id;
}

/** The op of a local task: calls the registered function with the task's arguments. */
export function runLocal(id: string, ...args: unknown[]): unknown {
  const fn = registry().functions.get(id)?.deref();
  if (!fn) {
    throw new Error(`function '${id}' captures variables, so it runs only on the thread that created it, and is not known here: run its task on the calling thread (floe does so for delayed functions and client.submit), or pass { module: import.meta.url } to run an exported function on workers`);
  }
  return fn(...args);
}
