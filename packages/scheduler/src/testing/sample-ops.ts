/** Task functions used by the scheduler's own tests (imported by module URL in workers). */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { resourceLimits, threadId, type ResourceLimits } from 'node:worker_threads';

export function add(a: number, b: number): number {
  return a + b;
}

export function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

export async function sleepThenEcho(ms: number, value: unknown): Promise<{ value: unknown; thread: number }> {
  await new Promise((r) => setTimeout(r, ms));
  return { value, thread: threadId };
}

/** Sleeps and reports its thread and when it started and ended (Date.now(), one clock per process). */
export async function sleepSpan(ms: number): Promise<{ thread: number; start: number; end: number }> {
  const start = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  return { thread: threadId, start, end: Date.now() };
}

export function fill(n: number, v: number): { data: Float64Array } {
  return { data: new Float64Array(n).fill(v) };
}

/** A result that cannot cross a thread: a function inside plain data. */
export function returnsFunction(): { rows: number[]; fmt: { format: () => string } } {
  return { rows: [1, 2], fmt: { format: () => 'x' } };
}

/** Throws a built-in error class (RangeError, TypeError, …) by name. */
/** A result holding what a thread cannot receive: a Promise, a WeakMap or a generator. */
export function returnsUncloneable(kind: 'promise' | 'weakmap' | 'generator'): unknown {
  if (kind === 'promise') return { p: Promise.resolve(1) };
  if (kind === 'weakmap') return [1, new WeakMap()];
  return { rows: (function* () { yield 1; })() };
}

/** Throws a value that is not an Error. */
export function throwsValue(kind: 'object' | 'string' | 'number'): never {
  throw kind === 'object' ? { code: 42, why: 'disk' } : kind === 'string' ? 'plain text' : 7;
}

export function throwsBuiltIn(name: 'RangeError' | 'TypeError' | 'SyntaxError'): never {
  const Class = { RangeError, TypeError, SyntaxError }[name];
  throw new Class(`a ${name} from the task`);
}

export function boom(message: string): never {
  const err = new Error(message) as Error & { file: string; line: number };
  err.file = 'a.csv';
  err.line = 7;
  throw err;
}

/** Exits the worker thread on the first `times` calls (counted in a file), then returns `value`. */
export async function crashFirst(counterFile: string, times: number, value: number): Promise<number> {
  const { readFileSync, writeFileSync } = await import('node:fs');
  let n = 0;
  try { n = Number(readFileSync(counterFile, 'utf8')); } catch { /* first call */ }
  writeFileSync(counterFile, String(n + 1));
  if (n < times) process.exit(1);
  return value;
}

/** Allocates until the worker's heap limit kills it. */
export function exhaustHeap(): number {
  const keep: number[][] = [];
  for (;;) keep.push(new Array(1e6).fill(Math.random()));
}

/** Whether a 'gc' performance entry is a full (mark-compact) collection. */
function isMajor(e: PerformanceEntry): boolean {
  return (e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
}

/**
 * How many full (mark-compact) collections the thread runs while it allocates `mb` MB of arrays
 * it keeps (each survives its young collections into the old generation), counted by a
 * PerformanceObserver, whose entries arrive after the allocation (hence the wait).
 */
export async function majorCollectionsKeeping(mb: number): Promise<number> {
  let major = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (isMajor(e)) major++;
  });
  observer.observe({ entryTypes: ['gc'] });
  const keep: number[][] = [];
  for (let i = 0; i < mb * 10; i++) keep.push(new Array(12_500).fill(i + 0.5)); // 100 kB each
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  return keep.length > 0 ? major : -1;
}

/** When this thread's full collections started (ms since the epoch), from the first dropGarbage on. */
const majorStarts: number[] = [];
let majorObserver: PerformanceObserver | null = null;

/** dropGarbage's arrays, held until the task's reply has been posted. */
let garbage: Float64Array[] | null = null;

/**
 * Allocates `mb` MB of typed arrays and drops them once the task's reply is posted (piscina posts
 * it in a microtask after the task returns; the arrays go in the next turn): a thread holds them
 * when it replies whatever V8's own young collections freed before (in CI, the arrays had been
 * freed by the reply and no collection was due). From the first call on, the thread's full
 * collections are recorded (majorCollectionStarts).
 */
export function dropGarbage(mb: number): number {
  majorObserver ??= new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (isMajor(e)) majorStarts.push(performance.timeOrigin + e.startTime);
  });
  majorObserver.observe({ entryTypes: ['gc'] });
  garbage = [];
  let sum = 0;
  for (let i = 0; i < mb; i++) sum += garbage[garbage.push(new Float64Array(131_072).fill(i)) - 1]![7]!;
  setImmediate(() => {
    garbage = null;
  });
  return sum;
}

/** The full collections recorded since dropGarbage (entries arrive after a collection: hence the wait). */
export async function majorCollectionStarts(): Promise<number[]> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return [...majorStarts];
}

/** The V8 heap limits of the thread running the task. */
export function threadResourceLimits(): ResourceLimits {
  return resourceLimits;
}

/** A table this module keeps between tasks (a lookup table, a cache): returning it must not empty it. */
const keptTable = new Float64Array([1, 2, 3, 4]);

export function getKeptTable(): Float64Array {
  return keptTable;
}

/** The table's sum (0 once its buffer was moved away: a detached array has length 0). */
export function keptTableTotal(): number {
  let total = 0;
  for (let i = 0; i < keptTable.length; i++) total += keptTable[i];
  return total;
}

/** A typed array whose buffer was already transferred away (byteLength 0). */
export function detachedArray(): Float64Array {
  const a = new Float64Array(3);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
}

/** Results the reply cannot carry, hidden where a quick look does not go. */
export function returnsHiddenFunction(kind: 'set' | 'instance' | 'deep'): unknown {
  if (kind === 'set') return new Set([1, () => 1]);
  if (kind === 'instance') return new (class Row { v = 2; cb = () => 1; })();
  let o: unknown = { f: () => 1 };
  for (let i = 0; i < 5000; i++) o = { x: o };
  return [new Array(5000).fill(0), o];
}

/** An Error with a function in an extra field (axios' errors carry their config): structured clone drops the field. */
export function returnsErrorWithConfig(): { error: Error } {
  return { error: Object.assign(new Error('request failed'), { config: { transform: [() => 1] } }) };
}

export function readEnv(name: string): string | undefined {
  return process.env[name];
}

/** Never settles. */
export function never(): Promise<never> {
  return new Promise(() => {});
}

/** Returns at once, leaving a timer that writes `path` after `ms`. */
export async function writeLater(path: string, ms: number): Promise<number> {
  const { renameSync, writeFileSync } = await import('node:fs');
  // written whole, then renamed into place: a reader on another thread that sees the file sees all
  // of it (it could see the file created and still empty: local-pool.test.ts read '' once, in CI)
  setTimeout(() => {
    writeFileSync(`${path}.tmp`, 'written after the task returned');
    renameSync(`${path}.tmp`, path);
  }, ms);
  return threadId;
}

/** Returns at once, leaving a timer that throws `message` after `ms`. */
export function throwLater(message: string, ms: number): number {
  setTimeout(() => {
    throw new Error(message);
  }, ms);
  return threadId;
}
