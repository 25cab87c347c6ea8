/**
 * The suite's sections that are benchmarks of their own (`pnpm bench` runs them after the
 * cells): the db-benchmark (groupby q1–q10, join q1–q5, answers written to files, against
 * DuckDB) and the operator benchmark (an out-of-core sort at growing sizes). Each writes its own
 * RESULTS-….md and charts; RESULTS.md gets a section that links them and shows their charts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SuiteConfig } from './config.js';

export interface ExtraReport {
  title: string;
  /** The report file (relative to benchmarks/) and its charts. */
  file: string;
  charts: string[];
  status: string;
}

/**
 * Runs the extra sections the config asks for; returns what RESULTS.md should link. `dirty`:
 * the tree has uncommitted changes, so their reports are the -uncommitted ones.
 */
export function runExtras(cfg: SuiteConfig, dirty: boolean, benchRoot: string, dataRoot: string, log: (msg: string) => void): ExtraReport[] {
  const reports: ExtraReport[] = [];
  const quick = cfg.mode === 'quick';
  // the suite decided whether this tree may write committed reports; the extras follow it
  const allow = cfg.allowDirty || quick ? ['--allow-dirty'] : [];
  const suffix = dirty ? '-uncommitted' : '';
  const run = (title: string, script: string, args: string[], file: string, charts: string[]): void => {
    log(`\n${title}: node --import tsx ${script} ${args.join(' ')}`);
    let status = 'ran';
    try {
      execFileSync('node', ['--import', 'tsx', join(benchRoot, script), ...args], { cwd: benchRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    } catch (err) {
      status = `**failed**: ${String((err as Error).message).split('\n')[0]}`;
      log(`  ${title} failed`);
    }
    reports.push({ title, file, charts: charts.filter((c) => existsSync(join(benchRoot, c))), status });
  };
  if (cfg.sections.has('dbbench')) {
    const name = `${quick ? 'dbbench-answer-file-quick' : 'dbbench-answer-file'}${suffix}`;
    const args = ['--answer', 'file', '--runs', String(cfg.runs), '--no-build', '--data-dir', dataRoot, '--timeout', String(cfg.timeoutS), ...(quick ? ['--quick'] : []), ...allow];
    run('db-benchmark groupby q1–q10 and join q1–q5 against DuckDB', 'src/dbbench/main.ts', args, `RESULTS-${name}.md`, [`charts/${name}-time.svg`, `charts/${name}-rss.svg`]);
  }
  if (cfg.sections.has('operators')) {
    const name = `${quick ? 'operators-quick' : 'operators'}${suffix}`;
    const args = ['--runs', String(cfg.runs), '--data-dir', dataRoot, ...(quick ? ['--quick'] : []), ...allow];
    run('Out-of-core sort at growing sizes against DuckDB', 'src/operators/run.ts', args, `RESULTS-${name}.md`, [`charts/${name}-sort-rss.svg`, `charts/${name}-sort-time.svg`]);
  }
  return reports;
}

/** The RESULTS.md section linking the extra reports (empty when none ran). */
export function extrasSection(reports: readonly ExtraReport[]): string {
  if (reports.length === 0) return '';
  const lines = ['', '## Operators that move data (their own reports)', ''];
  for (const r of reports) {
    lines.push(`### ${r.title}`, '', `Full tables, targets and settings: [${r.file}](${r.file}) (${r.status}).`, '');
    for (const c of r.charts) lines.push(`![${r.title}](${c})`, '');
  }
  return lines.join('\n');
}
