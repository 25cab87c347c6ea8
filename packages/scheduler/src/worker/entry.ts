/**
 * Runs inside a pool thread: imports the task's module (cached), calls its export with the
 * arguments, and returns the result with its ArrayBuffers moved rather than cloned.
 * A thrown error is returned as data so every field survives the thread boundary.
 */
import { threadId } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { OpRef } from '../task.js';
import { collectTransferables } from '../transfer.js';
import { errorToData, type ErrorData } from './error-data.js';

export interface WorkerCall {
  op: OpRef;
  args: unknown[];
}

export type WorkerReply =
  | { ok: true; value: unknown; threadId: number; start: number; end: number }
  | { ok: false; error: ErrorData; threadId: number; start: number; end: number };

const cache = new Map<string, Promise<(...args: unknown[]) => unknown>>();

export function loadOp(op: OpRef): Promise<(...args: unknown[]) => unknown> {
  const id = `${op.module}#${op.export}`;
  let fn = cache.get(id);
  if (!fn) {
    fn = import(op.module).then((mod: Record<string, unknown>) => {
      const f = mod[op.export];
      if (typeof f !== 'function') throw new Error(`module ${op.module} has no exported function '${op.export}'`);
      return f as (...args: unknown[]) => unknown;
    });
    cache.set(id, fn);
  }
  return fn;
}

export default async function run(call: WorkerCall): Promise<unknown> {
  const start = performance.timeOrigin + performance.now();
  let reply: WorkerReply;
  try {
    const fn = await loadOp(call.op);
    const value = await fn(...call.args);
    reply = { ok: true, value, threadId, start, end: performance.timeOrigin + performance.now() };
  } catch (err) {
    return { ok: false, error: errorToData(err), threadId, start, end: performance.timeOrigin + performance.now() };
  }
  const buffers = [...collectTransferables(reply.value)];
  if (buffers.length === 0) return reply;
  return Piscina.move({ [Piscina.transferableSymbol]: buffers, [Piscina.valueSymbol]: reply } as never);
}
