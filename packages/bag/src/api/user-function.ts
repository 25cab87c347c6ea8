/**
 * A user's function given to map/filter/foldby/…, made ready for partition tasks by the same
 * machinery as delayed functions (toTaskFunction): a self-contained function is sent to the
 * workers as source; one that captures variables runs on the calling thread (its partition
 * tasks become local); `{ module: import.meta.url }` names an export workers import. Decided
 * here, when the bag is created, and never changed while it runs.
 */
import { toTaskFunction, type CallableSpec, type FunctionOptions, type TaskFunction } from '@floe/scheduler';

export interface UserFunction {
  readonly spec: CallableSpec;
  /** Captures variables: tasks calling it run on the calling thread. */
  readonly local: boolean;
  /** Keeps a local function alive (its registry entry is weak) while the bag exists. */
  readonly keep: TaskFunction;
}

export function userFunction(fn: unknown, options: FunctionOptions | undefined, verb: string): UserFunction {
  if (typeof fn !== 'function') {
    throw new TypeError(`${verb}() expects a function, got ${fn === null ? 'null' : Array.isArray(fn) ? 'an array' : typeof fn}`);
  }
  const tf = toTaskFunction(fn as (...args: never[]) => unknown, options ?? {}, `function given to ${verb}()`);
  return { spec: { name: tf.name, op: tf.op, prefix: tf.prefix }, local: tf.local, keep: tf };
}
