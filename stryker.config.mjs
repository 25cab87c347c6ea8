// Stryker over one engine folder at a time: run it as `pnpm mutate <target>` (scripts/mutate.mjs
// sets FLOE_MUTATE_TARGET; targets and their tests are in scripts/mutate-targets.mjs).
// perTest coverage runs each mutant against only the tests that reach it; concurrency 2 fits
// a shared 2-core machine. Scores per folder are recorded in TESTING.md.
import { TARGETS } from './scripts/mutate-targets.mjs';

const name = process.env.FLOE_MUTATE_TARGET ?? '';
const target = TARGETS[name];
if (!target) throw new Error(`stryker.config.mjs: set FLOE_MUTATE_TARGET to one of ${Object.keys(TARGETS).join(', ')} (or run \`pnpm mutate <target>\`)`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // static mutants (module-level constants) each need a full reload and all tests: ~half the run
  // time for ~6% of the mutants; TESTING.md says they are left out
  ignoreStatic: true,
  mutate: target.mutate,
  concurrency: Number(process.env.FLOE_MUTATE_CONCURRENCY ?? 2),
  // a mutant that loops forever is a timeout (counted as detected): 30 s over the test's own time,
  // because a runner restarted after a timeout reloads every module, which takes seconds on a
  // loaded machine (with 5 s, one real timeout set off a chain of false ones)
  timeoutMS: 30_000,
  timeoutFactor: 2,
  // one sandbox folder per target, so two targets can run at once
  tempDirName: `.stryker-tmp/${name}`,
  cleanTempDir: 'always',
  ignorePatterns: ['.stryker-tmp*', 'benchmarks/charts*', 'benchmarks/*.json', 'reports', 'sample-data', 'data', '**/dist', '**/*.tsbuildinfo'],
  // `pnpm mutate <target> --incremental` retests only mutants whose code or covering tests changed
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  // event-recorder writes every mutant's result as it comes (reports/mutation/<target>-events/):
  // a run stopped early still shows which mutants survived
  reporters: ['clear-text', 'progress', 'json', 'html', 'event-recorder'],
  eventReporter: { baseDir: `reports/mutation/${name}-events` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
  thresholds: { high: 80, low: 60, break: null },
};
