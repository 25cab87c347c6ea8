/**
 * floe's bundle (scripts/bundle.mjs) after a benchmark rebuilds dist with `tsc -b`: a rebuilt
 * dist no longer matches the bundle, and floe would then run from dist — measured slower than
 * users' `pnpm run build` leaves it (each pool thread loads ~300 modules instead of a few dozen).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Rebuilds the bundle; returns a note for the report. A failure is reported, not thrown: dist is then measured. */
export function buildBundle(repoRoot: string, log: (msg: string) => void): string {
  log('bundling floe (scripts/bundle.mjs) …');
  try {
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'bundle.mjs')], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    return 'bundle built';
  } catch {
    log('  warning: the bundle did not build; floe runs from dist/');
    return '**the bundle FAILED to build — floe ran from dist/**';
  }
}
