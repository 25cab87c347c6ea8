/**
 * Benchmarks that measure each run in a child process of their own (so its peak RSS is its own):
 * the children are the benchmark's own file compiled to JavaScript (plain node, as a user runs
 * floe; no tsx loader in any thread), told which case to run with `--child CASE`, and print one
 * JSON line of what they measured. Used by parquet-vs-csv.ts and lineitem.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** What every child reports. */
export interface ChildRun {
  seconds: number;
  rssMB: number;
}

/** The value of `--name` on the command line, or `dflt`; a missing flag without a default is an error. */
export function flag(name: string, dflt?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  if (dflt === undefined) throw new Error(`--${name} is required`);
  return dflt;
}

/** Compiles the child scripts (tsconfig.dbbench.json) into `benchRoot`/dist. */
export function compileChildScripts(benchRoot: string): void {
  execFileSync(join(benchRoot, '..', 'node_modules', '.bin', 'tsc'), ['-p', join(benchRoot, 'tsconfig.dbbench.json')], { cwd: benchRoot, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Runs one case in a child and returns its report (the last line it printed); logs time and RSS. */
export function runChild<T extends ChildRun>(childJs: string, kind: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): T {
  const r = spawnSync(process.execPath, [childJs, '--child', kind, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env });
  if (r.status !== 0) throw new Error(`${kind} failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
  process.stderr.write(`${kind}: ${m.seconds.toFixed(2)} s, peak RSS ${m.rssMB} MB\n`);
  return m;
}

/** The run with the median time (the upper one of an even count). */
export function medianRun<T extends ChildRun>(runs: readonly T[]): T {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[runs.length >> 1];
}
