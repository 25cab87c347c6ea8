import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      // before `floe`, which would also match `floe/core` (an alias matches a prefix up to a '/')
      'floe/core': fileURLToPath(new URL('./packages/floe/src/core.ts', import.meta.url)),
      '@floe/scheduler': src('scheduler'),
      '@floe/dataframe': src('dataframe'),
      '@floe/dashboard': src('dashboard'),
      '@floe/sql': src('sql'),
      '@floe/array': src('array'),
      '@floe/bag': src('bag'),
      '@floe/cluster': src('cluster'),
      '@floe/ml': src('ml'),
      floe: src('floe'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'scripts/**/*.test.ts', 'benchmarks/src/**/*.test.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
