/**
 * The db-benchmark runner's flags. A run with `--quick` or with fewer rows than the full 1e7 is a
 * smoke test: it writes RESULTS-dbbench-quick.md / results-dbbench-quick.json, never the real
 * RESULTS-dbbench.md. Runs with other settings (a memory limit, answers written to a file)
 * write their own files too (see resultsName), so one never overwrites another's table.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_TASKS, TASKS, type Task } from './question.js';

export const FULL_ROWS = 10_000_000;
/** The db-benchmark's own data: K=100 (a key of N/K values), 5% nulls. */
const DEFAULT_K = 100;
const DEFAULT_NAS = 5;

export interface DbConfig {
  quick: boolean;
  rows: number;
  k: number;
  nas: number;
  runs: number;
  tasks: Task[];
  /** Question ids to run (null: all). */
  questions: string[] | null;
  memoryLimit: string | null;
  /** Where the timed query puts its answer: an in-memory table, or a CSV file (floe writeCsv, DuckDB COPY … TO). */
  answer: 'memory' | 'file';
  threads: number;
  timeoutS: number;
  dataDir: string | null;
  build: boolean;
  /** Measure with uncommitted changes (into the git-ignored `-uncommitted` files). */
  allowDirty: boolean;
  argv: string[];
}

export const USAGE = `usage: pnpm --filter @floe/benchmarks dbbench [--quick] [--rows 1e7] [--k 100] [--nas 5] [--runs 3]
         [--only groupby|join|window] [--questions q1,q2] [--memory-limit 256MB] [--answer memory|file] [--threads 2]
         [--timeout SECONDS] [--data-dir DIR] [--no-build] [--allow-dirty]
RESULTS files are written only from a clean commit; --allow-dirty writes RESULTS-…-uncommitted.md instead.`;

function count(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag}: expected an integer ≥ ${min}, got '${text}'`);
  return n;
}

export function parseDbConfig(argv: string[]): DbConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      rows: { type: 'string' },
      k: { type: 'string', default: String(DEFAULT_K) },
      nas: { type: 'string', default: String(DEFAULT_NAS) },
      runs: { type: 'string' },
      only: { type: 'string' },
      questions: { type: 'string' },
      'memory-limit': { type: 'string' },
      answer: { type: 'string', default: 'memory' },
      threads: { type: 'string', default: '2' },
      timeout: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      'allow-dirty': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const rows = values.rows ? count('--rows', values.rows, 100) : values.quick ? 100_000 : FULL_ROWS;
  const tasks = (values.only ?? DEFAULT_TASKS.join(',')).split(',').map((s) => s.trim());
  for (const t of tasks) if (!(TASKS as readonly string[]).includes(t)) throw new Error(`--only: unknown task '${t}' (use ${TASKS.join(', ')})`);
  const questions = values.questions ? values.questions.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) : null;
  for (const q of questions ?? []) if (!/^q\d+$/.test(q)) throw new Error(`--questions: '${q}' is not a question id like q1`);
  const nas = count('--nas', values.nas!, 0);
  if (nas > 100) throw new Error(`--nas: a percentage 0..100, got ${nas}`);
  const quick = values.quick || rows < FULL_ROWS;
  if (values.answer !== 'memory' && values.answer !== 'file') throw new Error(`--answer: 'memory' or 'file', got '${values.answer}'`);
  return {
    quick,
    rows,
    k: count('--k', values.k!, 1),
    nas,
    runs: values.runs ? count('--runs', values.runs, 1) : quick ? 1 : 3,
    tasks: tasks as Task[],
    questions,
    memoryLimit: values['memory-limit'] ?? null,
    answer: values.answer,
    threads: count('--threads', values.threads!, 1),
    timeoutS: values.timeout ? count('--timeout', values.timeout, 1) : quick ? 120 : 900,
    dataDir: values['data-dir'] ?? null,
    build: !values['no-build'],
    allowDirty: values['allow-dirty'] === true,
    argv,
  };
}

/**
 * `RESULTS-dbbench` plus one suffix per setting that differs from the default run: `-k10`,
 * `-nas0`, `-256MB`, `-answer-file`, `-quick`. Results of other data (`--k 10`: 1 M ids) had
 * the default run's file name, and replaced its whole table (its settings differ, so none of its
 * questions were kept).
 */
export function resultsName(cfg: Pick<DbConfig, 'quick' | 'memoryLimit' | 'answer' | 'k' | 'nas'>): string {
  const data = `${cfg.k !== DEFAULT_K ? `-k${cfg.k}` : ''}${cfg.nas !== DEFAULT_NAS ? `-nas${cfg.nas}` : ''}`;
  const limit = cfg.memoryLimit ? `-${cfg.memoryLimit.replace(/[^\w.]/g, '')}` : '';
  return `dbbench${data}${limit}${cfg.answer === 'file' ? '-answer-file' : ''}${cfg.quick ? '-quick' : ''}`;
}
