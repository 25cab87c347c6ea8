/**
 * Runs once before any test file: brings every package's dist/ up to date with the `build`
 * script's command (tsc -b is incremental: about a second when nothing changed). Some tests run
 * the built code on purpose — the CLI's end-to-end tests spawn packages/cli/dist/bin.js, the
 * memory-cap and bad-input tests start processes that import dist/ — and must never pass or fail
 * on a stale build, however vitest was started (`npm test` or `npx vitest run some.test.ts`).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default function buildBeforeTests(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-b', 'packages/floe', 'packages/cli', 'packages/dashboard'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`the build failed (tsc -b exited with ${r.status ?? r.signal}); tests would run stale dist/ code: fix the errors above`);
}
