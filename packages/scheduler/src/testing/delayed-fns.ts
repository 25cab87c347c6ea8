/**
 * Task functions that tests run by module reference: workers import this module, so it does
 * no work at its top level (besides wrapping functions).
 */
import { threadId } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { delayed } from '../delayed.js';

/** Uses an import (`sleep`), so it can only run by module reference. */
export async function slowCube(n: number, ms = 1000): Promise<number> {
  await sleep(ms);
  return n ** 3;
}

/** An exported delayed wrapper: workers unwrap it and call the plain function. */
export const cube = delayed(async (n: number, ms: number = 1000) => {
  await sleep(ms);
  return n ** 3;
}, { module: import.meta.url, name: 'cube' });

export function add(a: number, b: number): number {
  return a + b;
}

/** Blocks its thread (like Python's time.sleep), and names it and when it started and ended. */
export function blockFor(ms: number): { thread: number; start: number; end: number } {
  const start = Date.now();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return { thread: threadId, start, end: Date.now() };
}

/** Computing inside a worker is refused with an explanation. */
export async function nestedCompute(): Promise<unknown> {
  return delayed((x: number) => x + 1)(1).compute();
}
