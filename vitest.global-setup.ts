/**
 * Runs once before any test file: brings every package's dist/ and floe's bundle up to date
 * with the `build` script's commands (tsc -b is incremental: about a second when nothing
 * changed; the bundle takes about another). Some tests run
 * the built code on purpose — the CLI's end-to-end tests spawn packages/cli/dist/bin.js, the
 * memory-cap and bad-input tests start processes that import dist/ — and must never pass or fail
 * on a stale build, however vitest was started (`npm test` or `npx vitest run some.test.ts`).
 *
 * It also gives the run its own temporary folder: TMPDIR points into a fresh folder that the
 * teardown removes, so the folders tests make (and anything a failing test leaves behind) do not
 * pile up in the machine's /tmp run after run. The test workers start after this and inherit it.
 * A run that is killed never tears down: its folder is named after its process, and the next run
 * removes the folders of runs whose process is gone.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive } from './packages/dataframe/src/io/temp-dir.js';

const root = fileURLToPath(new URL('.', import.meta.url));

const RUN_PREFIX = 'floe-test-run-';

/** Removes the folders of earlier runs (floe-test-run-<pid>-…) whose process is gone: killed runs, which never tore down. */
function removeAbandonedRuns(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = name.startsWith(RUN_PREFIX) ? /^(\d+)-/.exec(name.slice(RUN_PREFIX.length))?.[1] : undefined;
    if (pid === undefined || Number(pid) === process.pid || isAlive(Number(pid))) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
    } catch {
      // another user's folder: theirs to remove
    }
  }
}

export default function buildBeforeTests(): () => void {
  const previousTmp = process.env.TMPDIR;
  removeAbandonedRuns(tmpdir());
  const runTmp = mkdtempSync(join(tmpdir(), `${RUN_PREFIX}${process.pid}-`));
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
  // and floe's bundle, which the built `floe` and dist's pools use while it matches dist (select-bundle.ts)
  const b = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) {
    teardown();
    throw new Error(`floe's bundle failed to build (scripts/bundle.mjs exited with ${b.status ?? b.signal}): fix the errors above`);
  }
  return teardown;
}
