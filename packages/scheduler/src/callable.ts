/**
 * A task function as a plain, synchronous-callable function inside a task: what a collection's
 * partition task uses to call a user's function once per element (bags' map/filter), where a
 * task per call would cost far more than the call. The function is described as data — the op
 * and prefix of a TaskFunction (task-function.ts) — and resolved once per task:
 *   sent as source      compiled once per thread (ops/run-source.ts), called directly;
 *   by module           the module's export, imported once per thread;
 *   captured variables  the calling thread's registry (local-function.ts): such a task must run
 *                       there (`local: true`), and elsewhere fails saying so.
 * Never decides where a function runs: toTaskFunction did, when the user's function was wrapped.
 */
import { compile, explainClosureError, type SourceFunction } from './ops/run-source.js';
import type { OpRef } from './task.js';
import { loadOp } from './worker/entry.js';

/** The plain-data part of a TaskFunction: enough to call it on any thread that can. */
export interface CallableSpec {
  readonly name: string;
  readonly op: OpRef;
  readonly prefix: readonly unknown[];
}

type Fn = (...args: unknown[]) => unknown;

export async function loadCallable(spec: CallableSpec): Promise<Fn> {
  if (spec.op.export === 'runSource' && /\/ops\/run-source\.(?:ts|js)$/.test(spec.op.module)) {
    const source = spec.prefix[0] as SourceFunction;
    const f = compile(source);
    return (...args: unknown[]) => {
      try {
        return f(...args);
      } catch (err) {
        throw explainClosureError(err, source);
      }
    };
  }
  const f = await loadOp(spec.op);
  const prefix = spec.prefix;
  if (prefix.length === 0) return f;
  if (prefix.length === 1) {
    const p0 = prefix[0];
    return (...args: unknown[]) => f(p0, ...args);
  }
  return (...args: unknown[]) => f(...prefix, ...args);
}
