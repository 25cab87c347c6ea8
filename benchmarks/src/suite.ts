/**
 * The benchmark suite, one command: `pnpm bench` (full) or `pnpm bench --quick` (smoke test).
 * Builds floe, compiles the contender scripts, generates or finds the inputs, runs every planned cell (fresh process per run,
 * contenders alternating), checks that all answers agree, and writes results.json,
 * RESULTS.md and charts/*.svg into the benchmarks folder. Exits 1 if any answers disagree.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle } from './build-bundle.js';
import { compileContenders } from './compile-contenders.js';
import { cappedContenders, standardContenders } from './contenders/catalog.js';
import { parseConfig, reportNames, USAGE, type SuiteConfig } from './config.js';
import { haveGnuTime } from './measure/run-measured.js';
import { runCells } from './measure/run-cells.js';
import type { RunRecord } from './measure/run-once.js';
import { planCells } from './plan.js';
import { writeCharts } from './report/charts.js';
import { machineInfo, uncommittedChanges } from './report/machine.js';
import { renderReport } from './report/markdown.js';
import { evaluateTargets } from './report/targets.js';
import { extrasSection, runExtras } from './suite-extras.js';
import { checkAgreement } from './verify/agreement.js';

const benchRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(benchRoot, '..');
const log = (msg: string): void => { process.stderr.write(`${msg}\n`); };

/** Builds floe and its CLI from source; returns what happened, for the report. A failed build measures the existing dist. */
function build(): string {
  const tsc = join(repoRoot, 'node_modules', '.bin', 'tsc');
  const notes: string[] = [];
  for (const pkg of ['packages/floe', 'packages/cli']) {
    log(`building ${pkg} (tsc -b) …`);
    try {
      execFileSync(tsc, ['-b', pkg], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
      notes.push(`${pkg} built`);
    } catch {
      log(`  warning: ${pkg} did not build; measuring its existing dist/ as it is`);
      notes.push(`**${pkg} FAILED to build — its existing dist/ was measured**`);
    }
  }
  notes.push(buildBundle(repoRoot, log));
  return notes.join('; ');
}

function saveJson(file: string, cfg: SuiteConfig, startedAt: Date, records: RunRecord[], extra: object = {}): void {
  writeFileSync(join(benchRoot, file), `${JSON.stringify({ mode: cfg.mode, startedAt, config: { ...cfg, sections: [...cfg.sections] }, ...extra, records }, null, 1)}\n`);
}

async function main(): Promise<number> {
  let cfg: SuiteConfig;
  try {
    cfg = parseConfig(process.argv.slice(2));
  } catch (e) {
    log(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const dirty = uncommittedChanges(repoRoot) ?? [];
  if (cfg.mode === 'full' && dirty.length > 0 && !cfg.allowDirty) {
    log(`the tree has uncommitted changes (${dirty.slice(0, 5).join('; ')}${dirty.length > 5 ? '; …' : ''}): RESULTS.md is only written from a clean commit.\ncommit first, or pass --allow-dirty to write RESULTS-uncommitted.md instead`);
    return 2;
  }
  const names = reportNames(cfg.mode, dirty.length > 0, cfg.sections);
  const startedAt = new Date();
  const cores = os.availableParallelism();
  if (!haveGnuTime()) log('warning: /usr/bin/time not found — CPU and peak RSS will be self-reported by each child (apt-get install time)');
  const buildNote = cfg.build ? build() : 'not rebuilt (--no-build): the existing dist/ was measured';
  log('compiling the contender scripts to benchmarks/dist …');
  compileContenders(repoRoot, benchRoot);

  const dataRoot = cfg.dataDir ? resolve(cfg.dataDir) : join(repoRoot, '.bench-data');
  const scratchDir = join(dataRoot, 'scratch');
  mkdirSync(scratchDir, { recursive: true });
  log(`mode ${cfg.mode}: ${cfg.runs} run(s), seed sizes ${cfg.sizes.join(', ')} GB (reference ${cfg.refSize} GB), strings ${cfg.stringsRows.toLocaleString('en-US')} rows; data in ${dataRoot}`);
  const cells = planCells(cfg, cores, dataRoot, log);
  const datasets = [...new Map(cells.map((c) => [c.dataset.id, c.dataset])).values()];
  const contenders = [...new Map(cells.flatMap((c) => c.contenders).map((c) => [c.id, c])).values()];

  const records = await runCells(cells, cfg.runs, { paths: { repoRoot, benchRoot }, scratchDir, timeoutMs: cfg.timeoutS * 1000 }, {
    log,
    cellDone: (rs) => saveJson(names.json, cfg, startedAt, rs),
  });

  const extras = runExtras(cfg, dirty.length > 0, benchRoot, dataRoot, log);
  const agreement = checkAgreement(records);
  const standard = standardContenders(cores).filter((c) => contenders.some((d) => d.id === c.id));
  const capped = cappedContenders(cores, cfg.capMB).filter((c) => contenders.some((d) => d.id === c.id));
  const targets = evaluateTargets(records, cells, standard, capped, cores);
  const charts = writeCharts(join(benchRoot, names.charts), standard, cells, records, cfg.mode === 'quick' ? 'QUICK mode, tiny inputs' : `${cfg.runs} runs`);
  const machine = { ...machineInfo(repoRoot, benchRoot), build: buildNote };
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  saveJson(names.json, cfg, startedAt, records, { machine, datasets, targets, disagreements: agreement.disagreements });
  writeFileSync(join(benchRoot, names.md), renderReport({ cfg, startedAt, seconds, machine, datasets, cells, contenders, records, targets, agreement, charts, json: names.json }) + extrasSection(extras));

  log('\ntargets:');
  for (const t of targets) log(`  ${t.verdict.padEnd(4)} ${t.target}: ${t.measured}`);
  log(`\nwrote ${join(benchRoot, names.md)}, ${names.json}${charts.length ? `, ${charts.join(', ')}` : ''} (${(seconds / 60).toFixed(1)} min)`);
  if (agreement.disagreements.length > 0) {
    log(`\n!!! ${agreement.disagreements.length} RESULT MISMATCH(ES): contenders disagree on the answer !!!`);
    for (const d of agreement.disagreements) log(`!!! ${d.query} @ ${d.dataset}: ${d.contender} (run ${d.run + 1}) differs from ${d.agreeing.join(', ')}: ${d.detail}`);
    return 1;
  }
  log('all contenders agree on every answer');
  return 0;
}

process.exitCode = await main();
