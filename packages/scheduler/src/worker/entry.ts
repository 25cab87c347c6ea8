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
