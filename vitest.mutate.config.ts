/**
 * The vitest config Stryker runs (stryker.config.mjs): the workspace aliases to sources, and
 * only the test files of the folder being mutated (FLOE_MUTATE_TARGET, scripts/mutate-targets.mjs).
 * No global setup: these tests run sources, never dist/, so no build is needed.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';
import { TARGETS } from './scripts/mutate-targets.mjs';

const target = TARGETS[process.env.FLOE_MUTATE_TARGET ?? ''];
if (!target) throw new Error('vitest.mutate.config.ts: FLOE_MUTATE_TARGET names no target in scripts/mutate-targets.mjs');

export default defineConfig({
  resolve: base.resolve,
  test: {
    include: target.tests,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
