/**
 * The folders `pnpm mutate <target>` runs Stryker over, and the tests that judge each one.
 * A target's tests must run the mutated code on the test's own thread: Stryker switches a
 * mutant on in the vitest worker only, so code a query runs on the worker pool (LocalPool
 * threads) keeps its original behaviour there. The tests listed here run queries on an
 * InlineExecutor or call the code directly. The differential suite takes part in a reduced
 * form (4 seeds, inline blocksizes only: the whole suite took 80 s per surviving mutant).
 */
const df = 'packages/dataframe/src';
// the differential suite runs 4 seeds at two inline blocksizes under mutation (differential.test.ts)
const PHYSICAL_TESTS = [`${df}/physical/**/*.test.ts`, `${df}/operators.test.ts`, `${df}/api/sort.test.ts`, `${df}/api/persist.test.ts`, `${df}/differential.test.ts`];

export const TARGETS = {
  optimizer: {
    mutate: [`${df}/optimizer/**/*.ts`, `!${df}/optimizer/**/*.test.ts`],
    // predicate-pushdown.test.ts checks answers on the worker pool: rules.test.ts (plans) and the
    // property test (answers, inline) cover the same and run in-thread
    tests: [`${df}/optimizer/rules.test.ts`, `${df}/optimizer/optimizer-properties.test.ts`],
  },
  kernels: {
    mutate: [`${df}/kernels/reductions/**/*.ts`, `!${df}/kernels/reductions/**/*.test.ts`],
    tests: [`${df}/kernels/reductions/**/*.test.ts`, `${df}/kernels/aggregates.test.ts`],
  },
  physical: {
    mutate: [`${df}/physical/**/*.ts`, `!${df}/physical/**/*.test.ts`],
    tests: PHYSICAL_TESTS,
  },
  // physical/ in two halves that each finish within an hour on a shared 2-core machine:
  // planning (the operator graph, exchanges, pipelines) …
  'physical-plan': {
    mutate: ['lower', 'operator-graph', 'exchange-ops', 'pipeline-spec', 'check-outputs'].map((f) => `${df}/physical/${f}.ts`),
    tests: PHYSICAL_TESTS,
  },
  // … and the operators that run the tasks (sinks, combine, finalize, gather, row chains)
  'physical-run': {
    mutate: [`${df}/physical/sinks/*.ts`, `!${df}/physical/**/*.test.ts`, ...['partition-task', 'combine', 'finalize', 'gather', 'row-chain', 'row-chunk', 'task-input'].map((f) => `${df}/physical/${f}.ts`)],
    tests: PHYSICAL_TESTS,
  },
};
