/**
 * A full garbage collection of a thread at a task boundary, when its JS heap and external
 * memory (typed arrays) exceed a threshold. Engine tasks allocate large typed arrays and little
 * JS, so V8 seldom runs a full collection on its own and dead buffers stay resident:
 * - the driver, before each driver-side task (a barrier or a gather: a stage boundary, when the
 *   stage before has finished and its inputs are garbage), over DRIVER_GC_BYTES. Exchange
 *   buckets and sort runs handed on to workers stayed resident until the query ended: on a
 *   q10-shaped groupBy (2 M rows, 1.47 M groups, writeCsv, 256 MB budget) the driver held 92 MB
 *   of dead buffers and ~60 MB of dead heap through the last two stages.
 * - each pool thread, before each task, over WORKER_GC_BYTES: the task before it is done and
 *   its result handed over, so what it allocated is garbage. db-benchmark q10 (10 M rows, 10 M
 *   groups, writeCsv, 256 MB budget, 2 workers): peak RSS 577 → 496 MB; the seed groupby's CPU
 *   and peak RSS unchanged (3.6 CPU-s, ~230 MB over 0.35 GB, 3 alternating runs each). Under
 *   WORKER_GC_CAP, only once it holds WORKER_GC_BYTES more than its last collection left.
 *
 * A forced collection also frees the hidden classes of objects no longer alive, which throws away
 * the optimized code that checked them: the engine's hot classes keep a live instance for that
 * reason (@floe/dataframe kernels/shape-anchor.ts).
 *
 * gc() is taken the way Jest's --logHeapUsage takes it: the flag is set for one new context,
 * which hands its gc function over, and unset again.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const DRIVER_GC_BYTES = 64 * 1024 * 1024;
export const WORKER_GC_BYTES = 32 * 1024 * 1024;
/**
 * A pool thread holding less than this collects only once it holds WORKER_GC_BYTES more than its
 * last collection left: what a thread keeps between tasks (its string dictionaries, its compiled
 * code) was marked again by every task's collection — db-benchmark q3 (100 k string keys, 2
 * workers) spent 0.40–0.49 s a worker in 19–23 of them. Measured (3 alternating pairs): q3
 * 4.4–5.5 → 4.0–4.5 s, peak RSS 353–360 → 370–387 MB.
 *
 * A collection between tasks also cost compiled code: nothing of the finished task is alive, so
 * the hidden classes and closures its optimized code was specialized to died with it, and V8
 * threw that code away ("weak objects") and compiled it again in the next task, on threads that
 * compete with the workers for the same cores — db-benchmark q10 under a 256 MB budget: 587 such
 * deoptimizations, and 64 MB / 256 MB here instead of 32 / 128 ran it 6–9 % faster. The engine's
 * hot code no longer depends on what a task leaves behind (writers and merge orders are objects
 * of anchored classes, long loops sit in functions of their own: kernels/shape-anchor.ts), and
 * measured again after that (3 alternating pairs) q10 took 12.1 / 12.2 / 12.7 s with these values
 * and 12.4 / 12.3 / 12.7 s with 64 / 256, while the seed sort under 256 MB (1 GB) held 671 MB
 * at its peak against 742 MB: these values stay.
 */
export const WORKER_GC_CAP = 128 * 1024 * 1024;

let gc: (() => void) | null | undefined;

function gcFunction(): (() => void) | null {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
      setFlagsFromString('--no-expose-gc');
    } catch {
      gc = null;
    }
  }
  return gc;
}

const held = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

/**
 * Collects when this thread holds `threshold` bytes of heap and external memory or more, and
 * either `threshold` more than its last collection left or `cap` in all (the default cap: the
 * threshold) and a quarter of `threshold` more than the last collection left. Above the cap a
 * thread keeps much alive on purpose (a worker's lent run buffers, its records, its dictionaries:
 * db-benchmark q10's workers held 140–200 MB), and collecting every time freed 1–3 MB for 15–39 ms
 * before each task (~20 collections a run).
 */
export class ThresholdGc {
  /** What the last collection left. */
  private floor = 0;

  constructor(
    private readonly threshold: number,
    private readonly measure: () => number = held,
    private readonly collect: () => void = () => gcFunction()?.(),
    private readonly cap: number = threshold,
  ) {}

  check(): boolean {
    const h = this.measure();
    if (h < this.threshold || h < this.floor + (h < this.cap ? this.threshold : this.threshold / 4)) return false;
    this.collect();
    this.floor = this.measure();
    return true;
  }
}
