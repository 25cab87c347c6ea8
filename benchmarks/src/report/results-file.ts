/**
 * Where a benchmark script writes its RESULTS file, and the line saying what it measured.
 * RESULTS files come only from a clean commit (issue 17): with uncommitted engine or
 * benchmark changes the script stops, unless `--allow-dirty`, which writes
 * `RESULTS-<name>-uncommitted.md` instead (git-ignored, never the committed file).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uncommittedChanges } from './machine.js';

export interface ResultsFile {
  /** Absolute path of the file to write. */
  path: string;
  /** Short commit hash of HEAD, or 'unknown' outside git. */
  commit: string;
  /** Uncommitted paths that change what is measured (empty on a clean tree). */
  dirty: string[];
  /** One line for the file: when, by which command, at which commit; "Never edited by hand." */
  provenance(command: string): string;
}

/**
 * Decide where `RESULTS-<name>.md` goes. On a dirty tree without `allowDirty` it prints why and
 * exits with status 2 before anything is measured.
 */
export function resultsFile(name: string, opts: { repoRoot: string; benchRoot: string; allowDirty: boolean }): ResultsFile {
  const dirty = uncommittedChanges(opts.repoRoot) ?? [];
  const base = `RESULTS-${name}`;
  if (dirty.length > 0 && !opts.allowDirty) {
    console.error(
      `the tree has uncommitted changes (${dirty.slice(0, 5).join('; ')}${dirty.length > 5 ? '; …' : ''}): ${base}.md is only written from a clean commit.\ncommit first, or pass --allow-dirty to write ${base}-uncommitted.md instead`,
    );
    process.exit(2);
  }
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: opts.repoRoot, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout: the file says so
  }
  const path = join(opts.benchRoot, dirty.length > 0 ? `${base}-uncommitted.md` : `${base}.md`);
  return {
    path,
    commit,
    dirty,
    provenance: (command) =>
      `Generated ${new Date().toISOString()} by \`${command}\` at commit ${commit}${dirty.length > 0 ? ` + uncommitted changes (${dirty.length} paths)` : ''}. Never edited by hand.`,
  };
}

/** The people-written analysis under a RESULTS file's generated tables (from `## What this says` on), kept across runs. */
export function keptNotes(path: string): string {
  if (!existsSync(path)) return '';
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf('\n## What this says');
  return at < 0 ? '' : text.slice(at);
}
