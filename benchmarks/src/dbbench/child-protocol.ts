/**
 * The contract between the db-benchmark runner and one measured child process: the runner
 * passes one JSON ChildSpec as the only argument; the child runs one question once, writes its
 * answer as CSV to `answerPath` after the clock has stopped (or, with `answer: 'file'`, as the
 * timed query itself), and prints one line
 * `@@dbbench {json}` (a ChildReport). Its peak RSS is the kernel's high-water mark read the moment
 * the answer is in hand, so writing the answer file is not counted.
 */
import { peakRssBytes } from '../peak-rss.js';
import type { Task } from './question.js';

export interface ChildSpec {
  task: Task;
  question: string;
  /** The DuckDB SQL (the DuckDB child does not load the question catalog, nor floe). */
  sql: string;
  /** Input CSV by table name. */
  files: Record<string, string>;
  threads: number;
  /** floe's compute({ memoryLimit }), e.g. '256MB'. */
  memoryLimit?: string;
  answerPath: string;
  /** 'file': the timed query writes the answer to `answerPath` itself (floe writeCsv, DuckDB COPY … TO). */
  answer?: 'memory' | 'file';
}

export interface ChildReport {
  status: 'ok' | 'unsupported';
  /** Seconds from just before the engine is touched until the answer is in hand. */
  wall?: number;
  /** VmHWM in bytes when the answer was in hand. */
  peakRss: number;
  rows?: number;
  message?: string;
  engine?: string;
}

const MARK = '@@dbbench ';

export function readChildSpec(): ChildSpec {
  const arg = process.argv[2];
  if (!arg) throw new Error('usage: <child>.js <ChildSpec JSON>');
  return JSON.parse(arg) as ChildSpec;
}

export function printReport(r: ChildReport): void {
  process.stdout.write(`${MARK}${JSON.stringify(r)}\n`);
}

/** The wall time and peak RSS of the work done by `run`, timed from now. */
export function startClock(): () => { wall: number; peakRss: number } {
  const t0 = performance.now();
  return () => ({ wall: (performance.now() - t0) / 1000, peakRss: peakRssBytes() });
}

export function parseReport(stdout: string): ChildReport | null {
  const at = stdout.lastIndexOf(MARK);
  if (at < 0) return null;
  const end = stdout.indexOf('\n', at);
  return JSON.parse(stdout.slice(at + MARK.length, end < 0 ? undefined : end)) as ChildReport;
}
