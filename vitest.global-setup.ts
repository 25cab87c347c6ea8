/**
 * Runs once before any test file: brings every package's dist/ up to date with the `build`
 * script's command (tsc -b is incremental: about a second when nothing changed). Some tests run
 * the built code on purpose — the CLI's end-to-end tests spawn packages/cli/dist/bin.js, the
 * memory-cap and bad-input tests start processes that import dist/ — and must never pass or fail
 * on a stale build, however vitest was started (`npm test` or `npx vitest run some.test.ts`).
 *
 * It also gives the run its own temporary folder: TMPDIR points into a fresh folder that the
 * teardown removes, so the folders tests make (and anything a failing test leaves behind) do not
 * pile up in the machine's /tmp run after run. The test workers start after this and inherit it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default function buildBeforeTests(): () => void {
  const previousTmp = process.env.TMPDIR;
  const runTmp = mkdtempSync(join(tmpdir(), 'floe-test-run-'));
  chmodSync(runTmp, 0o1777); // like /tmp: a test that runs a check as another user must reach its files
  process.env.TMPDIR = runTmp;
  const teardown = (): void => {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    rmSync(runTmp, { recursive: true, force: true });
  };
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-b', 'packages/floe', 'packages/cli', 'packages/dashboard'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    teardown();
    throw new Error(`the build failed (tsc -b exited with ${r.status ?? r.signal}); tests would run stale dist/ code: fix the errors above`);
  }
  return teardown;
}
