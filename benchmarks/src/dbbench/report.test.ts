import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MachineInfo } from '../report/machine.js';
import { mergeResults, renderCharts, renderMarkdown, summarizeEngine, type DbResults, type QuestionResult, type Settings } from './report.js';
import type { DbRun } from './run-question.js';

const dir = mkdtempSync(join(tmpdir(), 'dbbench-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const settings: Settings = { rows: 1e7, k: 100, nas: 5, threads: 2, memoryLimit: null };
const ok = (engine: DbRun['engine'], run: number, wall: number, mb: number): DbRun => ({ engine, run, status: 'ok', wall, peakRssMB: mb, rows: 100 });

function result(question: string, runs: DbRun[], agree: boolean | null): QuestionResult {
  return {
    task: 'groupby', question, title: `title ${question}`, measuredAt: '2026-11-30T12:00:00.000Z', runs,
    engines: { floe: summarizeEngine(runs, 'floe'), duckdb: summarizeEngine(runs, 'duckdb') },
    agreement: agree === null ? null : { agree, detail: agree ? '' : '1 rows vs 2', rows: [100, 100] },
    agreementNote: agree === null ? 'no floe answer' : undefined,
  };
}

describe('the db-benchmark report', () => {
  it('summarises an engine by the median of its successful runs', () => {
    const s = summarizeEngine([ok('floe', 0, 3, 120), ok('duckdb', 0, 1, 200), ok('floe', 1, 5, 100), ok('floe', 2, 4, 110)], 'floe');
    expect(s).toEqual({ status: 'ok', wall: { median: 4, min: 3, max: 5, n: 3 }, peakRssMB: 110, note: undefined });
  });

  it('keeps earlier questions measured with the same settings and replaces the re-run ones', () => {
    const path = join(dir, 'results.json');
    const earlier = { settings, results: [result('q1', [], null), result('q2', [], null)] };
    writeFileSync(path, JSON.stringify(earlier));
    const fresh = result('q2', [ok('floe', 0, 1, 1)], true);
    expect(mergeResults(path, settings, [fresh]).map((r) => [r.question, r.agreement?.agree ?? null])).toEqual([['q1', null], ['q2', true]]);
    expect(mergeResults(path, { ...settings, rows: 1e5 }, [fresh]).map((r) => r.question)).toEqual(['q2']);
  });

  it('renders times, the speed ratio, "not supported yet" and the answer check', () => {
    const unsupported: DbRun = { engine: 'floe', run: 0, status: 'unsupported', note: 'not supported yet: Expr.median' };
    const res = {
      settings, machine: { cpuModel: 'cpu', cores: 2, ramGB: 8, os: 'linux', node: 'v20', floeCommit: 'abc' } as MachineInfo,
      command: 'pnpm dbbench', datasets: { groupby: 'G1' },
      results: [result('q1', [ok('floe', 0, 3, 120), ok('duckdb', 0, 1.5, 1500)], true), result('q6', [unsupported, ok('duckdb', 0, 2, 200)], null)],
    } satisfies DbResults;
    const md = renderMarkdown(res, false);
    expect(md).toContain('| q1 title q1 | 3.00 | 1.50 | 2.00× | 120 MB | 1.50 GB | yes (100 rows) |');
    expect(md).toContain('| q6 title q6 | not supported yet | 2.00 |  |  | 200 MB | not checked (no floe answer) |');
    expect(md).toContain('- groupby: all ten questions complete — not measured (2 of 10 questions run)');
    // answers kept in memory: the RSS targets say so (the answer-file report measures the engine)
    expect(md).toContain('the answer itself is held in memory here');
    expect(renderMarkdown({ ...res, settings: { ...settings, answer: 'file' } }, false)).not.toContain('held in memory');
  });

  it('charts floe ÷ DuckDB per question and both engines\' peak RSS, a question that failed as not measured', () => {
    const unsupported: DbRun = { engine: 'floe', run: 0, status: 'unsupported', note: 'not supported yet' };
    const res = {
      settings: { ...settings, memoryLimit: '256MB', answer: 'file' as const }, machine: { cpuModel: 'cpu', cores: 2, ramGB: 8, os: 'linux', node: 'v20', floeCommit: 'abc' } as MachineInfo,
      command: 'pnpm dbbench', datasets: { groupby: 'G1' },
      results: [result('q1', [ok('floe', 0, 3, 120), ok('duckdb', 0, 1.5, 1500)], true), result('q6', [unsupported, ok('duckdb', 0, 2, 200)], null)],
    } satisfies DbResults;
    const [time, rss] = renderCharts(res, 'dbbench-256MB-answer-file', false);
    expect(time.file).toBe('dbbench-256MB-answer-file-time.svg');
    expect(time.svg).toContain('>2×</text>'); // q1: 3 s ÷ 1.5 s
    expect(time.svg).toContain('not measured'); // q6: floe did not run it
    expect(time.svg).toContain('q10 target 2×');
    expect(rss.svg).toContain('>120 MB</text>');
    expect(rss.svg).toContain('>1500 MB</text>');
    expect(rss.svg).toContain('floe target ≤ 600 MB'); // a budget: the 600 MB bound
    const md = renderMarkdown(res, false, undefined, [{ path: `charts/${time.file}`, alt: 'time' }]);
    expect(md).toContain('![time](charts/dbbench-256MB-answer-file-time.svg)');
  });
});
