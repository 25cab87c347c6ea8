/**
 * One measured run of one contender on one query and input: launch the fresh process under
 * GNU time, collect its report (or, for the CLI, parse its CSV output), compute the written
 * output's signature for filter-write queries, clean up, and return a flat RunRecord — the unit
 * stored in results.json and summarised in the report.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { launch, type Contender, type Paths } from '../contenders/catalog.js';
import { cliSignature } from '../contenders/floe-cli.js';
import { parseChildReport, type RunSpec } from '../contenders/protocol.js';
import type { Dataset } from '../data/datasets.js';
import type { QuerySpec } from '../queries.js';
import { outputSignature } from '../verify/output-signature.js';
import type { Signature } from '../verify/signature.js';
import { runMeasured, type RunStatus } from './run-measured.js';

export type RecordStatus = RunStatus | 'skipped' | 'unavailable';

export interface RunRecord {
  query: string;
  dataset: string;
  bytes: number;
  sizeGB?: number;
  contender: string;
  /** 0-based run index (the alternation round). */
  run: number;
  status: RecordStatus;
  /** Seconds: the query inside the process (the whole process for the CLI). */
  wall?: number;
  /** Seconds of the whole process, start-up included. */
  processWall?: number;
  cpu?: number;
  peakRssMB?: number;
  /** Input MB (10^6 bytes) per second of `wall`. */
  mbps?: number;
  signature?: Signature;
  info?: Record<string, string>;
  /** Why it failed or was skipped. */
  note?: string;
}

export interface RunContext {
  paths: Paths;
  scratchDir: string;
  timeoutMs: number;
}

export async function runOnce(c: Contender, q: QuerySpec, ds: Dataset, run: number, ctx: RunContext): Promise<RunRecord> {
  const base: RunRecord = { query: q.id, dataset: ds.id, bytes: ds.bytes, sizeGB: ds.targetGB, contender: c.id, run, status: 'error' };
  const outDir = q.kind === 'filter-write' ? join(ctx.scratchDir, `out-${c.id}`) : undefined;
  if (outDir) rmSync(outDir, { recursive: true, force: true });
  const spec: RunSpec = { query: q, dir: ds.dir, threads: c.threads, outDir };
  const { cmd, args, env } = launch(c, spec, ctx.paths);
  const m = await runMeasured(cmd, args, { timeoutMs: ctx.timeoutMs, env, cwd: ctx.paths.benchRoot });
  const rec: RunRecord = {
    ...base, status: m.status, processWall: m.processWall,
    cpu: Number.isFinite(m.cpu) ? m.cpu : undefined,
    peakRssMB: Number.isFinite(m.peakRss) ? m.peakRss / 1e6 : undefined,
  };
  try {
    if (m.status !== 'ok') {
      rec.note = failureNote(m.status, m.stderrTail, m.exitCode, ctx.timeoutMs);
      return rec;
    }
    if (c.family === 'floe-cli') {
      rec.wall = m.processWall;
      if (q.kind === 'groupby') rec.signature = cliSignature(m.stdout, q);
    } else {
      const report = parseChildReport(m.stdout);
      if (!report) throw new Error(`no @@bench line in the output; stderr: ${lastLines(m.stderrTail)}`);
      rec.wall = report.wall;
      rec.signature = report.signature;
      rec.info = report.info;
      rec.cpu ??= report.cpu;
      rec.peakRssMB ??= report.peakRss / 1e6;
    }
    if (outDir && q.kind === 'filter-write') rec.signature = outputSignature(outDir, q);
    rec.mbps = ds.bytes / 1e6 / rec.wall!;
  } catch (e) {
    rec.status = 'error';
    rec.note = (e as Error).message;
  } finally {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  }
  return rec;
}

function failureNote(status: RunStatus, stderr: string, exitCode: number | null, timeoutMs: number): string {
  if (status === 'timeout') return `killed after ${timeoutMs / 1000} s`;
  if (status === 'oom') {
    const line = stderr.split('\n').find((l) => /out of memory|heap limit|bad_alloc/i.test(l));
    return line ? line.trim().slice(0, 200) : `killed (exit code ${exitCode}; the kernel's OOM killer?)`;
  }
  const message = stderr.split('\n').find((l) => /^\s*(\w*Error\b|[\w-]+: error:)/.test(l));
  return message?.trim().slice(0, 300) || lastLines(stderr) || `exit code ${exitCode}`;
}

function lastLines(text: string, n = 3): string {
  return text.trim().split('\n').filter((l) => l.trim() !== '').slice(-n).join(' | ').slice(0, 500);
}
