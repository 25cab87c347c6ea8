/**
 * Keeps a small instance of an engine class alive for the life of the thread, so that V8 keeps
 * the hidden classes (maps) its instances share.
 *
 * Why: a pool thread runs task after task, and between two tasks no instance of, say,
 * RowScanner or GroupIndex is alive. The full collection a worker makes at a task boundary
 * (@floe/scheduler threshold-gc.ts) then frees those classes' maps — V8 holds map transitions
 * weakly and a forced collection keeps none of the maps it would otherwise retain — and every
 * optimized function that checked them is thrown away with its type feedback ("weak objects" in
 * `node --trace-deopt`). The next task ran its hot loops through deoptimize → re-optimize cycles
 * again: db-benchmark q3 (100 k string keys, 1 worker) deoptimized the scan loop 63 times.
 *
 * An anchor must be built through the same constructor as real instances, with fields of the
 * same kinds (a field that holds a small integer in the anchor but a fraction in real use gives
 * the class a new map, which the anchor does not keep).
 */
const anchors: object[] = [];

/** Holds `instance` for the life of the thread; returns it. */
export function anchorShape<T extends object>(instance: T): T {
  anchors.push(instance);
  return instance;
}
