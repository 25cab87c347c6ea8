/**
 * The contenders: who runs, with how many threads, under which memory cap, and the exact
 * command line of one measured run. Every run is a fresh plain `node` process started from the
 * benchmarks folder, running our child scripts compiled to `dist/` (see compile-contenders.ts):
 * no TypeScript loader in the measured process, so its start-up time and memory are not counted.
 */
import { join } from 'node:path';
import type { QuerySpec } from '../queries.js';
import { cliArgs, cliAvailable, cliBinPath, cliSupports } from './floe-cli.js';
import type { RunSpec } from './protocol.js';

/** `polars`: the form a user writes (parseDates + dt.year()); `polars-text`: its fastest reasonable form (the year read from the date's text). */
export type Family = 'floe-lib' | 'floe-cli' | 'baseline' | 'duckdb' | 'polars' | 'polars-text';

export interface Contender {
  id: string;
  family: Family;
  label: string;
  threads: number;
  /** `--max-old-space-size` in MB for the whole process, if capped. */
  capMB?: number;
}

export interface Paths {
  repoRoot: string;
  benchRoot: string;
}

export interface Launch {
  cmd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

const SCRIPT: Record<Exclude<Family, 'floe-cli'>, string> = {
  'floe-lib': 'floe-lib.js',
  baseline: 'baseline.js',
  duckdb: 'duckdb.js',
  polars: 'polars.js',
  'polars-text': 'polars.js',
};

function make(family: Family, threads: number, capMB?: number): Contender {
  const unit = family === 'floe-lib' || family === 'floe-cli' ? 'w' : 't';
  const base = family === 'baseline' ? 'baseline' : `${family}-${threads}${unit}`;
  const id = capMB ? `${base}-cap${capMB}` : base;
  const what: Record<Family, string> = {
    'floe-lib': `floe library, ${threads} worker${threads > 1 ? 's' : ''}`,
    'floe-cli': `floe CLI, ${threads} worker${threads > 1 ? 's' : ''}`,
    baseline: 'in-memory baseline: csv-parse + Map',
    duckdb: `DuckDB, ${threads} thread${threads > 1 ? 's' : ''}`,
    polars: `Polars, ${threads} thread${threads > 1 ? 's' : ''} (as a user writes it: parseDates, dt.year())`,
    'polars-text': `Polars, ${threads} thread${threads > 1 ? 's' : ''} (its fastest form: the year from the date's text)`,
  };
  return { id, family, threads: family === 'baseline' ? 1 : threads, capMB, label: capMB ? `${what[family]}, --max-old-space-size=${capMB}` : what[family] };
}

/** Everything the suite can run, uncapped: one worker/thread and all cores where it applies. */
export function standardContenders(cores: number): Contender[] {
  const list = [
    make('floe-lib', 1), make('floe-lib', cores),
    make('floe-cli', 1), make('floe-cli', cores),
    make('baseline', 1),
    make('duckdb', 1), make('duckdb', cores),
    make('polars', cores), make('polars-text', cores),
  ];
  return list.filter((c, i) => list.findIndex((d) => d.id === c.id) === i);
}

/** The memory-cap experiment: the baseline and floe (all cores) under the same heap cap. */
export function cappedContenders(cores: number, capMB: number): Contender[] {
  return [make('floe-lib', cores, capMB), make('floe-cli', cores, capMB), make('baseline', 1, capMB)];
}

export function supports(c: Contender, q: QuerySpec): boolean {
  return c.family === 'floe-cli' ? cliSupports(q) : true;
}

/** Null when the contender can run here, else why not. */
export function unavailableReason(c: Contender, paths: Paths): string | null {
  if (c.family === 'floe-cli' && !cliAvailable(paths.repoRoot)) return `the CLI is not built (${cliBinPath(paths.repoRoot)} is missing)`;
  return null;
}

export function launch(c: Contender, spec: RunSpec, paths: Paths): Launch {
  const nodeFlags = c.capMB ? [`--max-old-space-size=${c.capMB}`] : [];
  const env: NodeJS.ProcessEnv = { ...process.env, POLARS_MAX_THREADS: String(c.threads), POLARS_FORM: c.family === 'polars-text' ? 'text' : 'natural' };
  if (c.family === 'floe-cli') {
    const q = spec.query;
    if (!cliSupports(q)) throw new Error(`${c.id} cannot run ${q.id}`);
    return { cmd: process.execPath, args: [...nodeFlags, cliBinPath(paths.repoRoot), ...cliArgs(q, spec.dir, c.threads)], env };
  }
  const script = join(paths.benchRoot, 'dist', 'contenders', SCRIPT[c.family]);
  return { cmd: process.execPath, args: [...nodeFlags, script, JSON.stringify(spec)], env };
}
