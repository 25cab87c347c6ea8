/**
 * Runs inside a pool thread: imports the task's module (cached), calls its export with the
 * arguments, and returns the result — its ArrayBuffers moved rather than cloned for floe's own
 * ops, copied for users' functions, which may keep them (OpRef.copyResult).
 * A thrown error is returned as data so every field survives the thread boundary, and so is a
 * result that cannot be sent back: a task never fails to settle.
 */
import { createRequire } from 'node:module';
import { getHeapStatistics } from 'node:v8';
import { MessagePort, threadId } from 'node:worker_threads';
import type { OpRef } from '../task.js';
import { collectTransferables } from '../transfer.js';
import { errorToData, type ErrorData } from './error-data.js';
import { ThresholdGc, WORKER_GC_BYTES, WORKER_GC_CAP } from '../threshold-gc.js';
import { insideWorker } from './inside-worker.js';
import { rewrapBuffers } from '../node-buffers.js';
import { bundled } from '../bundle-map.js';

export interface WorkerCall {
  /** The task's key, for messages. */
  key: string;
  op: OpRef;
  args: unknown[];
  /** Which args were Node Buffers (node-buffers.ts). */
  buffers?: number[];
}

/** `heap`: this thread's V8 heap in use, sent at most every HEAP_SAMPLE_MS (for the dashboard). */
export type WorkerReply =
  | { ok: true; key: string; value: unknown; threadId: number; start: number; end: number; heap?: number; buffer?: boolean }
  | { ok: false; key: string; error: ErrorData; threadId: number; start: number; end: number; heap?: number };

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

// An ArrayBuffer detached before any task runs. V8 compiles typed-array code assuming no
// ArrayBuffer has ever been detached (a protector, one per thread), and throws all of that code
// away the first time one is — here, the first task's reply, which moves its buffers to the
// driver: the parser, the group index and the sums compiled during a worker's first task were
// marked for deoptimization as it replied ("code dependencies") and compiled again.
{
  const detached = new ArrayBuffer(8);
  structuredClone(detached, { transfer: [detached] });
}

export function loadOp(op: OpRef): Promise<(...args: unknown[]) => unknown> {
  const id = `${op.module}#${op.export}`;
  let fn = cache.get(id);
  if (!fn) {
    fn = import(bundled(op.module)).then((mod: Record<string, unknown>) => {
      const exported = mod[op.export] as { [TASK_FUNCTION]?: unknown } | undefined;
      const f = exported?.[TASK_FUNCTION] ?? exported;
      if (typeof f !== 'function') throw new Error(`module ${op.module} has no exported function '${op.export}'`);
      return f as (...args: unknown[]) => unknown;
    });
    cache.set(id, fn);
  }
  return fn;
}

/**
 * What a task left behind is collected once its reply is posted (threshold-gc.ts; guardReplies
 * below): while the driver takes the reply and the thread waits for its next task — a reduce
 * task waits for the last map task of the stage — rather than at the start of the next task,
 * when the collection (12–24 ms of a 100 k-group map task's garbage) delayed it.
 */
const workerGc = new ThresholdGc(WORKER_GC_BYTES, undefined, undefined, WORKER_GC_CAP);

export default async function run(call: WorkerCall): Promise<unknown> {
  const start = performance.timeOrigin + performance.now();
  let reply: WorkerReply;
  try {
    const fn = await loadOp(call.op);
    const value = await fn(...rewrapBuffers(call.args, call.buffers));
    const stuck = call.op.plainResult ? null : uncloneable(value);
    // a function or symbol fails the reply's structured clone, which reached the caller as `{}`
    if (stuck !== null) throw new TypeError(`the task's result holds ${stuck}, which cannot cross to another thread; ${PLAIN_DATA} (task '${call.key}')`);
    const end = performance.timeOrigin + performance.now();
    reply = { ok: true, key: call.key, value, threadId, start, end, heap: sampleHeap(end), buffer: Buffer.isBuffer(value) || undefined };
  } catch (err) {
    const end = performance.timeOrigin + performance.now();
    return { ok: false, key: call.key, error: errorToData(err), threadId, start, end, heap: sampleHeap(end) };
  }
  if (call.op.copyResult) return reply;
  const buffers = [...collectTransferables(reply.value)];
  if (buffers.length === 0) return reply;
  return movable(reply, buffers);
}

const PLAIN_DATA = 'return plain data (numbers, strings, arrays, objects, typed arrays, Dates, Maps, Sets)';

/**
 * What Piscina.move(…) returns for a reply and the buffers it moves: the value and its
 * transferables under piscina's global symbols, marked with the movable symbol of the piscina
 * instance whose worker runs this thread (its symbols.js, which that worker.js loads). Importing
 * 'piscina' itself for Piscina.move loaded the pool's side of it in every thread (~25 ms of
 * each thread's start, its CommonJS sources parsed for their exports).
 */
const piscinaSymbols = createRequire(createRequire(import.meta.url).resolve('piscina'))('./symbols.js') as { kMovable: symbol; kTransferable: symbol; kValue: symbol };

function movable(value: unknown, buffers: ArrayBufferLike[]): unknown {
  const { kMovable, kTransferable, kValue } = piscinaSymbols;
  const moved = { [kTransferable]: buffers, [kValue]: value };
  Object.defineProperty(moved, kMovable, { enumerable: false, configurable: true, writable: true, value: true });
  return moved;
}

/**
 * piscina posts a task's reply itself, and a reply that fails to post (a value the checker below
 * did not reach, a detached buffer) is swallowed there: the task never settles and holds its
 * slot for ever. So on a floe pool thread, a reply that throws while being posted is replaced by
 * an error reply for the same task, saying what could not be sent. Only piscina's task replies
 * (`{ taskId, result: WorkerReply }`) are touched; any other message's error is rethrown as is.
 * Once a reply is posted, the thread's garbage is collected if it holds enough (workerGc).
 */
function guardReplies(): void {
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function postGuarded(this: MessagePort, message: unknown, transfer?: never) {
    const reply = replyIn(message);
    try {
      post.call(this, message, transfer);
    } catch (err) {
      if (reply === null) throw err;
      const unsent = new TypeError(`the task's result could not be sent back from its worker: ${String((err as Error)?.message ?? err).replace(/\.$/, '')}; ${PLAIN_DATA} (task '${reply.key}')`);
      const failed: WorkerReply = { ok: false, key: reply.key, error: errorToData(unsent), threadId, start: reply.start, end: reply.end };
      post.call(this, { ...(message as object), result: failed });
    }
    if (reply !== null) workerGc.check();
  };
}

/** The WorkerReply inside a piscina task reply, or null for any other message. */
function replyIn(message: unknown): WorkerReply | null {
  if (message === null || typeof message !== 'object' || !('taskId' in message) || !('result' in message)) return null;
  const r = (message as { result: unknown }).result as Partial<WorkerReply> | null;
  return r !== null && typeof r === 'object' && typeof r.ok === 'boolean' && typeof r.threadId === 'number' ? (r as WorkerReply) : null;
}

if (insideWorker()) guardReplies();

/**
 * The first function, symbol, Promise, weak collection or generator in a result (as `a function
 * at result.x[2]`), looked for through arrays, plain objects, class instances' own fields, Maps
 * and Sets up to a few thousand values (typed arrays and strings are not entered); null when
 * there is none in what was looked at (the reply's post is guarded for the rest).
 */
export function uncloneable(value: unknown): string | null {
  let budget = 4096;
  const seen = new Set<object>();
  // strings, numbers and the like need no look, nor a path made for them: a result's 100 k-string
  // dictionary took ~70 ms a task
  const plain = (x: unknown): boolean => x === null || (typeof x !== 'object' && typeof x !== 'function' && typeof x !== 'symbol');
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
      for (let i = 0; i < v.length && budget > 0; i++) {
        const x: unknown = v[i];
        // plain() written out: a call per string of a dictionary, in code that runs once a task (unoptimized)
        if (x === null || (typeof x !== 'object' && typeof x !== 'function' && typeof x !== 'symbol')) continue;
        const r = visit(x, `${path}[${i}]`);
        if (r) return r;
      }
      return null;
    }
    if (v instanceof Map) {
      for (const [k, x] of v) { const r = (plain(k) ? null : visit(k, `${path} (a Map key)`)) ?? (plain(x) ? null : visit(x, `${path}.get(${JSON.stringify(String(k))})`)); if (r) return r; if (budget <= 0) break; }
      return null;
    }
    if (v instanceof Set) {
      let i = 0;
      for (const x of v) { const at = i++; if (plain(x)) continue; const r = visit(x, `${path} (Set item ${at})`); if (r) return r; if (budget <= 0) break; }
      return null;
    }
    // a class instance is cloned as a plain object of its own fields, so a function field fails it
    // too; an Error, Date or RegExp is cloned without its extra fields (an axios error's config)
    if (tag !== '[object Object]') return null;
    for (const [k, x] of Object.entries(v)) { if (plain(x)) continue; const r = visit(x, `${path}.${k}`); if (r) return r; if (budget <= 0) break; }
    return null;
  };
  return visit(value, 'result');
}
