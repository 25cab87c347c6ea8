import { describe, expect, it } from 'vitest';
import { parseDbConfig, resultsName } from './config.js';

describe('parseDbConfig', () => {
  it('defaults to the full measurement: 1e7 rows, 3 runs, both tasks, 2 threads', () => {
    const c = parseDbConfig([]);
    expect([c.quick, c.rows, c.runs, c.tasks, c.questions, c.threads, c.timeoutS, c.memoryLimit]).toEqual([false, 1e7, 3, ['groupby', 'join'], null, 2, 900, null]);
  });

  it('treats --quick and any run on fewer than 1e7 rows as a smoke test (its own results file)', () => {
    expect(parseDbConfig(['--quick'])).toMatchObject({ quick: true, rows: 100_000, runs: 1, timeoutS: 120 });
    expect(parseDbConfig(['--rows', '1e5', '--runs', '2'])).toMatchObject({ quick: true, rows: 100_000, runs: 2 });
  });

  it('reads tasks, questions and the memory limit', () => {
    expect(parseDbConfig(['--only', 'join', '--questions', 'Q1,q5', '--memory-limit', '256MB']))
      .toMatchObject({ tasks: ['join'], questions: ['q1', 'q5'], memoryLimit: '256MB' });
  });

  it('gives runs with other settings their own results files, so none overwrites another', () => {
    expect(resultsName(parseDbConfig([]))).toBe('dbbench');
    expect(resultsName(parseDbConfig(['--memory-limit', '256MB']))).toBe('dbbench-256MB');
    expect(resultsName(parseDbConfig(['--answer', 'file', '--quick']))).toBe('dbbench-answer-file-quick');
    expect(resultsName(parseDbConfig(['--memory-limit', '1 GB', '--answer', 'file']))).toBe('dbbench-1GB-answer-file');
    // other data: its own file (a --k 10 run had replaced the default run's whole table)
    expect(resultsName(parseDbConfig(['--k', '10', '--answer', 'file']))).toBe('dbbench-k10-answer-file');
    expect(resultsName(parseDbConfig(['--nas', '0', '--k', '100']))).toBe('dbbench-nas0');
  });

  it('names the flag and the value it cannot use', () => {
    expect(() => parseDbConfig(['--answer', 'disk'])).toThrow("--answer: 'memory' or 'file', got 'disk'");
    expect(() => parseDbConfig(['--only', 'sort'])).toThrow("--only: unknown task 'sort' (use groupby, join, window)");
    expect(() => parseDbConfig(['--questions', 'one'])).toThrow("--questions: 'one' is not a question id like q1");
    expect(() => parseDbConfig(['--rows', '1.5'])).toThrow("--rows: expected an integer ≥ 100, got '1.5'");
  });
});
