#!/usr/bin/env node
/**
 * `pnpm mutate <target> [stryker options]`: mutation testing of one folder of the engine
 * (targets in mutate-targets.mjs). Runs Stryker with stryker.config.mjs, one folder at a time
 * so a run fits a shared 2-core machine; reports go to reports/mutation/<target>.{html,json}.
 * Not part of `npm test`: a run takes minutes to tens of minutes. Scores are kept in TESTING.md.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TARGETS } from './mutate-targets.mjs';

const [target, ...rest] = process.argv.slice(2);
if (!target || !(target in TARGETS)) {
  console.error(`usage: pnpm mutate <target> [stryker options]\n  targets: ${Object.keys(TARGETS).join(', ')}`);
  process.exit(2);
}
const pkg = createRequire(import.meta.url).resolve('@stryker-mutator/core/package.json');
const bin = join(dirname(pkg), 'bin', 'stryker.js');
const r = spawnSync(process.execPath, [bin, 'run', 'stryker.config.mjs', ...rest], {
  stdio: 'inherit',
  env: { ...process.env, FLOE_MUTATE_TARGET: target },
});
process.exit(r.status ?? 1);
