// The modules of floe's bundle (scripts/bundle.mjs), apart so that a test can read them without
// building. Every module a pool thread imports by URL (a task's op) is one of them, so that a
// thread started from the bundle never loads a second copy of floe from dist:
// packages/scheduler/src/bundle.e2e.test.ts compares this list with the ops the sources name.
/** Entry name → dist file. `cli` is what bin.ts imports; the rest are what pool threads import by URL. */
export const ENTRIES = {
  cli: 'cli/dist/cli-entry.js',
  'worker-entry': 'scheduler/dist/worker/entry.js',
  'op-partition-task': 'dataframe/dist/physical/partition-task.js',
  'op-exchange-ops': 'dataframe/dist/physical/exchange-ops.js',
  'op-gather': 'dataframe/dist/physical/gather.js',
  'op-combine': 'dataframe/dist/physical/combine.js',
  'op-run-source': 'scheduler/dist/ops/run-source.js',
  'op-local-function': 'scheduler/dist/local-function.js',
  'op-ping': 'scheduler/dist/ops/ping.js',
  'op-array-tasks': 'array/dist/kernels/tasks.js',
  'op-array-zarr-tasks': 'array/dist/io/zarr-tasks.js',
  'op-array-csv-parts': 'array/dist/io/csv-parts.js',
  'op-bag-run-partition': 'bag/dist/ops/run-partition.js',
  'op-bag-keyed-reduce': 'bag/dist/ops/keyed-reduce.js',
  'op-bag-reduce': 'bag/dist/ops/reduce.js',
  'op-ml-evaluate-candidate': 'ml/dist/ops/evaluate-candidate.js',
};
