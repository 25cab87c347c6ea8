// The modules of the CLI's bundle (scripts/bundle-cli.mjs), apart so that a test can read them
// without building. A module a pool thread imports by URL (a task's op) must be one of them:
// packages/cli/src/bundle.e2e.test.ts compares this list with the ops the sources name.
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
};
