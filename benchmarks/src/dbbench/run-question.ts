/**
 * Runs one question: rounds of one fresh process per engine, the order alternating between
 * rounds (floe, DuckDB; DuckDB, floe; …) so drift on a shared machine hits both alike. An engine
 * that fails, times out or lacks the API is not retried in later rounds. The first answer of
 * each engine is kept for the answer check, then deleted.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runMeasured, type RunStatus } from '../measure/run-measured.js';
import { parseReport, type ChildSpec } from './child-protocol.js';
import { compareAnswers, type Agreement } from './compare-answers.js';
import type { Question } from './question.js';

export const ENGINES = ['floe', 'duckdb'] as const;
export type Engine = (typeof ENGINES)[number];

export interface DbRun {
  engine: Engine;
  /** 0-based round. */
  run: number;
  status: RunStatus | 'unsupported';
  /** Seconds of the query inside the process. */
  wall?: number;
  /** MB (10^6 bytes): the process's VmHWM when the answer was in hand. */
  peakRssMB?: number;
  /** MB: GNU time's peak RSS of the whole process, writing the answer file included. */
  processPeakRssMB?: number;
  processWall?: number;
  rows?: number;
  engineVersion?: string;
  note?: string;
}

export interface QuestionContext {
  benchRoot: string;
  scratchDir: string;
  files: Record<string, string>;
  threads: number;
  memoryLimit: string | null;
  answer: 'memory' | 'file';
  runs: number;
  timeoutS: number;
  log: (msg: string) => void;
}

export interface QuestionOutcome {
  runs: DbRun[];
  agreement: Agreement | null;
  /** Why there is no answer check. */
  agreementNote?: string;
}

async function runEngine(engine: Engine, q: Question, run: number, answerPath: string, ctx: QuestionContext): Promise<DbRun> {
  const spec: ChildSpec = {
    task: q.task, question: q.id, sql: q.sql, files: ctx.files, threads: ctx.threads, answerPath, answer: ctx.answer,
    ...(ctx.memoryLimit ? { memoryLimit: ctx.memoryLimit } : {}),
  };
  const script = join(ctx.benchRoot, 'dist', 'dbbench', `${engine}-child.js`);
  const m = await runMeasured(process.execPath, [script, JSON.stringify(spec)], { timeoutMs: ctx.timeoutS * 1000, cwd: ctx.benchRoot });
  const rec: DbRun = {
    engine, run, status: m.status, processWall: m.processWall,
    processPeakRssMB: Number.isFinite(m.peakRss) ? m.peakRss / 1e6 : undefined,
  };
  if (m.status !== 'ok') {
    const rss = rec.processPeakRssMB === undefined ? '' : ` (peak RSS ${rec.processPeakRssMB.toFixed(0)} MB by then)`;
    rec.note = m.status === 'timeout' ? `killed after ${ctx.timeoutS} s${rss}` : errorLine(m.stderrTail) || `exit code ${m.exitCode}`;
    return rec;
  }
  const report = parseReport(m.stdout);
  if (!report) return { ...rec, status: 'error', note: `no @@dbbench line; stderr: ${lastLines(m.stderrTail)}` };
  rec.peakRssMB = report.peakRss / 1e6;
  if (report.status === 'unsupported') return { ...rec, status: 'unsupported', note: report.message };
  return { ...rec, wall: report.wall, rows: report.rows, engineVersion: report.engine };
}

export async function runQuestion(q: Question, ctx: QuestionContext): Promise<QuestionOutcome> {
  const runs: DbRun[] = [];
  const answers = new Map<Engine, string>();
  const stopped = new Set<Engine>();
  try {
    for (let run = 0; run < ctx.runs; run++) {
      const order = run % 2 === 0 ? ENGINES : [...ENGINES].reverse();
      for (const engine of order) {
        if (stopped.has(engine)) continue;
        const answerPath = join(ctx.scratchDir, `answer-${q.task}-${q.id}-${engine}-${run}.csv`);
        const rec = await runEngine(engine, q, run, answerPath, ctx);
        runs.push(rec);
        ctx.log(`  ${q.task} ${q.id} run ${run + 1}/${ctx.runs} ${engine.padEnd(6)} ${describe(rec)}`);
        if (rec.status === 'ok' && !answers.has(engine)) answers.set(engine, answerPath);
        else rmSync(answerPath, { force: true });
        if (rec.status !== 'ok') stopped.add(engine);
      }
    }
    const floe = answers.get('floe'), duckdb = answers.get('duckdb');
    if (!floe || !duckdb) return { runs, agreement: null, agreementNote: `no ${!floe ? 'floe' : 'DuckDB'} answer` };
    const agreement = await compareAnswers(floe, duckdb);
    ctx.log(`  ${q.task} ${q.id} answers ${agreement.agree ? `agree (${agreement.rows[0]} rows)` : `DISAGREE: ${agreement.detail}`}`);
    return { runs, agreement };
  } finally {
    for (const path of answers.values()) rmSync(path, { force: true });
  }
}

function describe(r: DbRun): string {
  if (r.status === 'unsupported') return `not supported yet (${r.note ?? ''})`;
  if (r.status !== 'ok') return `${r.status.toUpperCase()}: ${r.note ?? ''}`;
  return `${r.wall!.toFixed(2)} s  peak RSS ${r.peakRssMB!.toFixed(0)} MB  ${r.rows} rows`;
}

/** The error's own message line if the stderr has one, else its last lines. */
function errorLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => /^\s*(\w*Error\b|[\w-]+: error:)/.test(l));
  return line?.trim().slice(0, 300) || lastLines(stderr);
}

function lastLines(text: string, n = 3): string {
  return text.trim().split('\n').filter((l) => l.trim() !== '').slice(-n).join(' | ').slice(0, 500);
}
