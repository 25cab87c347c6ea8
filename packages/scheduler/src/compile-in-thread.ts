/**
 * Pool threads compile their optimized code on their own thread when they fill the machine's
 * cores. V8 compiles hot functions with TurboFan on background threads while the code goes on
 * running unoptimized; with every core busy running a worker those threads got little CPU, and
 * a task's hot loops (the CSV scan, the Parquet unpacking) ran unoptimized for a large part of
 * the first tasks. Compiling in the thread that needs the code (`--no-concurrent-recompilation`)
 * measured, 2 workers on 2 cores, 3 alternating pairs each: db-benchmark q8 2.59–2.74 → 2.48–2.59 s,
 * q6 2.16–2.20 → 2.00–2.08 s, q1 1.01–1.05 → 0.96–0.99 s, the 1 GB seed 1.53–1.54 → 1.46–1.49 s,
 * the 2 GB seed from Parquet 1.06–1.10 → 1.00–1.03 s; q10 (11 s) unchanged.
 *
 * A V8 flag is the process's: it is set before the pool's threads start (a thread's isolate
 * reads it when it is made) and stays set, so threads the program starts later compile this way
 * too. With spare cores (fewer workers than cores) it is left alone.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

export function compileInThreads(workers: number, cores = availableParallelism()): boolean {
  if (workers < cores) return false;
  setFlagsFromString('--no-concurrent-recompilation');
  return true;
}
