/**
 * The db-benchmark runner: `pnpm --filter @floe/benchmarks dbbench [flags]` (see config.ts).
 * Builds floe, compiles the two child scripts to dist/dbbench, generates or finds the data, runs
 * every (task, question) with fresh processes and alternating engines, checks the answers, and
 * writes RESULTS-dbbench.md + results-dbbench.json (suffixed for small runs and other settings:
 * config.ts resultsName), saving
 * after every question so an interrupted run keeps what it measured. Exits 1 if any answers
 * disagree.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resultsFile } from '../report/results-file.js';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { warmPageCache } from '../data/page-cache.js';
import { haveGnuTime } from '../measure/run-measured.js';
import { machineInfo } from '../report/machine.js';
import { QUESTIONS } from './catalog.js';
import { parseDbConfig, resultsName, USAGE, type DbConfig } from './config.js';
import { dbDataset } from './datasets.js';
import { earlierDatasets, mergeResults, summarizeEngine, writeReport, type DbResults, type QuestionResult, type Settings } from './report.js';
import { runQuestion } from './run-question.js';
import { compileChildScripts } from '../measure/child-run.js';
import { buildBundle } from '../build-bundle.js';

const benchRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const repoRoot = resolve(benchRoot, '..');
const log = (msg: string): void => { process.stderr.write(`${msg}\n`); };
const tsc = join(repoRoot, 'node_modules', '.bin', 'tsc');

function prepare(cfg: DbConfig): void {
  if (cfg.build) {
    log('building packages/floe (tsc -b) …');
    execFileSync(tsc, ['-b', 'packages/floe'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    buildBundle(repoRoot, log);
  }
  log('compiling the db-benchmark child scripts to benchmarks/dist/dbbench …');
  compileChildScripts(benchRoot);
}

async function main(): Promise<number> {
  let cfg: DbConfig;
  try {
    cfg = parseDbConfig(process.argv.slice(2));
  } catch (e) {
    log(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!haveGnuTime()) log('warning: /usr/bin/time not found — the whole-process peak RSS will be missing (apt-get install time)');
  const name = resultsName(cfg);
  // a smoke test (--quick) may run on a dirty tree; its files are the -uncommitted ones then
  const out = resultsFile(name, { repoRoot, benchRoot, allowDirty: cfg.allowDirty || cfg.quick });
  prepare(cfg);
  const dataRoot = cfg.dataDir ? resolve(cfg.dataDir) : join(repoRoot, '.bench-data');
  const scratchDir = join(dataRoot, 'scratch', `dbbench-${process.pid}`);
  mkdirSync(scratchDir, { recursive: true });
  const mdPath = out.path;
  const jsonPath = join(benchRoot, `results-${name}${out.dirty.length > 0 ? '-uncommitted' : ''}.json`);
  const settings: Settings = { rows: cfg.rows, k: cfg.k, nas: cfg.nas, threads: cfg.threads, memoryLimit: cfg.memoryLimit, ...(cfg.answer === 'file' ? { answer: 'file' as const } : {}) };
  const machine = machineInfo(repoRoot, benchRoot);
  const command = `pnpm --filter @floe/benchmarks dbbench ${cfg.argv.join(' ')}`.trim();
  const fresh: QuestionResult[] = [];
  const datasets: DbResults['datasets'] = {};
  const chartName = `${name}${out.dirty.length > 0 ? '-uncommitted' : ''}`;
  const save = (): DbResults => {
    // the data of the tasks run before with these settings (another --only) stay described
    const res: DbResults = { settings, machine, command, datasets: { ...earlierDatasets(jsonPath, settings), ...datasets }, results: mergeResults(jsonPath, settings, fresh) };
    writeFileSync(jsonPath, `${JSON.stringify(res, null, 1)}\n`);
    writeReport(res, { name: chartName, quick: cfg.quick, dir: benchRoot, mdPath, all: QUESTIONS });
    return res;
  };
  try {
    for (const task of cfg.tasks) {
      const questions = QUESTIONS[task].filter((q) => cfg.questions === null || cfg.questions.includes(q.id));
      if (questions.length === 0) continue;
      const ds = dbDataset(task, dataRoot, cfg.rows, cfg.k, cfg.nas, log);
      datasets[task] = ds.description;
      log(`\n${task}: ${ds.description}`);
      for (const q of questions) {
        warmPageCache(Object.values(ds.files));
        const loadAvg = os.loadavg()[0];
        const outcome = await runQuestion(q, {
          benchRoot, scratchDir, files: ds.files, threads: cfg.threads, memoryLimit: cfg.memoryLimit, answer: cfg.answer, runs: cfg.runs, timeoutS: cfg.timeoutS, log,
        });
        fresh.push({
          task, question: q.id, title: q.title, measuredAt: new Date().toISOString(), floeCommit: machine.floeCommit, loadAvg, runs: outcome.runs,
          engines: { floe: summarizeEngine(outcome.runs, 'floe'), duckdb: summarizeEngine(outcome.runs, 'duckdb') },
          agreement: outcome.agreement, agreementNote: outcome.agreementNote,
        });
        save();
      }
    }
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
  const res = save();
  log(`\nwrote ${mdPath} and ${jsonPath}`);
  const bad = res.results.filter((r) => fresh.includes(r) && r.agreement && !r.agreement.agree);
  if (bad.length > 0) {
    log(`\n!!! answers disagree on ${bad.map((r) => `${r.task} ${r.question}`).join(', ')} !!!`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
