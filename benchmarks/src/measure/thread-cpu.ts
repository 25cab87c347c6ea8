/**
 * CPU seconds of each thread of this process, from /proc/self/task/<tid>/stat (Linux; elsewhere
 * an empty map). Node does not name its worker threads, so a caller tells them apart by how busy
 * they were: the main thread is the one whose id is the process id.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Thread id → user + system CPU seconds so far (clock ticks of 1/100 s). */
export function threadCpuSeconds(): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // fields after the ")" that closes the thread name: state is field 3, utime 14, stime 15
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

export interface CpuByThread {
  /** The calling (main) thread. */
  main: number;
  /** The `workers` busiest other threads: the pool's workers. */
  workers: number;
  /** Everything else: V8's GC and compiler helpers, libuv, a module-loader thread. */
  other: number;
}

/** CPU seconds spent since `before` (a threadCpuSeconds() taken earlier), split main / workers / other. */
export function cpuByThread(before: Map<number, number>, workers: number): CpuByThread {
  const after = threadCpuSeconds();
  let main = 0;
  const rest: number[] = [];
  for (const [tid, s] of after) {
    const d = s - (before.get(tid) ?? 0);
    if (tid === process.pid) main = d;
    else rest.push(d);
  }
  rest.sort((a, b) => b - a);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  return { main, workers: sum(rest.slice(0, workers)), other: sum(rest.slice(workers)) };
}
