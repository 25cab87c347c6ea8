/**
 * Runs inside a pool thread: imports the task's module (cached), calls its export with the
 * arguments, and returns the result with its ArrayBuffers moved rather than cloned.
 * A thrown error is returned as data so every field survives the thread boundary.
 */
import { getHeapStatistics } from 'node:v8';
import { threadId } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { OpRef } from '../task.js';
import { collectTransferables } from '../transfer.js';
import { errorToData, type ErrorData } from './error-data.js';
import { ThresholdGc, WORKER_GC_BYTES, WORKER_GC_CAP } from '../threshold-gc.js';

export interface WorkerCall {
  op: OpRef;
  args: unknown[];
}

/** `heap`: this thread's V8 heap in use, sent at most every HEAP_SAMPLE_MS (for the dashboard). */
export type WorkerReply =
  | { ok: true; value: unknown; threadId: number; start: number; end: number; heap?: number }
  | { ok: false; error: ErrorData; threadId: number; start: number; end: number; heap?: number };

/** A module export that is a delayed-function wrapper carries the plain function under this key. */
export const TASK_FUNCTION = Symbol.for('floe.task-function');
const HEAP_SAMPLE_MS = 100;
let lastHeapSample = -Infinity;

function sampleHeap(now: number): number | undefined {
  if (now - lastHeapSample < HEAP_SAMPLE_MS) return undefined;
  lastHeapSample = now;
  return getHeapStatistics().used_heap_size;
}

const cache = new Map<string, Promise<(...args: unknown[]) => unknown>>();

export function loadOp(op: OpRef): Promise<(...args: unknown[]) => unknown> {
  const id = `${op.module}#${op.export}`;
  let fn = cache.get(id);
  if (!fn) {
    fn = import(op.module).then((mod: Record<string, unknown>) => {
      const exported = mod[op.export] as { [TASK_FUNCTION]?: unknown } | undefined;
      const f = exported?.[TASK_FUNCTION] ?? exported;
      if (typeof f !== 'function') throw new Error(`module ${op.module} has no exported function '${op.export}'`);
      return f as (...args: unknown[]) => unknown;
    });
    cache.set(id, fn);
  }
  return fn;
}

// what the task before left behind is collected before the next one starts (threshold-gc.ts)
const workerGc = new ThresholdGc(WORKER_GC_BYTES, undefined, undefined, WORKER_GC_CAP);

export default async function run(call: WorkerCall): Promise<unknown> {
  workerGc.check();
  const start = performance.timeOrigin + performance.now();
  let reply: WorkerReply;
  try {
    const fn = await loadOp(call.op);
    const value = await fn(...call.args);
    const stuck = uncloneable(value);
    // a function or symbol fails the reply's structured clone, which reached the caller as `{}`
    if (stuck !== null) throw new TypeError(`the task's result holds ${stuck}, which cannot cross to another thread; return plain data (numbers, strings, arrays, objects, typed arrays, Dates, Maps)`);
    const end = performance.timeOrigin + performance.now();
    reply = { ok: true, value, threadId, start, end, heap: sampleHeap(end) };
  } catch (err) {
    const end = performance.timeOrigin + performance.now();
    return { ok: false, error: errorToData(err), threadId, start, end, heap: sampleHeap(end) };
  }
  const buffers = [...collectTransferables(reply.value)];
  if (buffers.length === 0) return reply;
  return Piscina.move({ [Piscina.transferableSymbol]: buffers, [Piscina.valueSymbol]: reply } as never);
}

/**
 * The first function, symbol, Promise, weak collection or generator in a result (as `a function
 * at result.x[2]`), looked for through
 * arrays, plain objects and Maps up to a few thousand values (typed arrays and strings are not
 * entered); null when there is none in what was looked at.
 */
export function uncloneable(value: unknown): string | null {
  let budget = 4096;
  const seen = new Set<object>();
  const visit = (v: unknown, path: string): string | null => {
    if (typeof v === 'function') return `a function at ${path}`;
    if (typeof v === 'symbol') return `a symbol at ${path}`;
    // these fail the structured clone too, and reached the caller as a bare {}
    if (v instanceof Promise) return `a Promise at ${path} (await it inside the task)`;
    if (v instanceof WeakMap || v instanceof WeakSet || v instanceof WeakRef) return `a ${v.constructor.name} at ${path}`;
    const tag = v !== null && typeof v === 'object' ? Object.prototype.toString.call(v) : '';
    if (tag === '[object Generator]' || tag === '[object AsyncGenerator]') return `a generator at ${path} (collect its values into an array inside the task)`;
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || v instanceof ArrayBuffer || seen.has(v) || --budget < 0) return null;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && budget > 0; i++) { const r = visit(v[i], `${path}[${i}]`); if (r) return r; }
      return null;
    }
    if (v instanceof Map) {
      for (const [k, x] of v) { const r = visit(k, `${path} (a Map key)`) ?? visit(x, `${path}.get(${JSON.stringify(String(k))})`); if (r) return r; if (budget <= 0) break; }
      return null;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return null;
    for (const [k, x] of Object.entries(v)) { const r = visit(x, `${path}.${k}`); if (r) return r; if (budget <= 0) break; }
    return null;
  };
  return visit(value, 'result');
}
