#!/usr/bin/env node
/**
 * Summarizes a Stryker JSON report (reports/mutation/<target>.json, written by `pnpm mutate`):
 * a markdown table of mutants per file and status with each file's score, and with
 * `--survivors` one line per surviving or uncovered mutant (file:line, mutator, the line, the
 * replacement), the list TESTING.md explains.
 *   node scripts/mutation-summary.mjs reports/mutation/kernels.json [--survivors]
 * A stopped run writes no JSON report: give its event-recorder folder instead
 * (reports/mutation/<target>-events/), and the mutants tested so far are summarized (ignored
 * mutants, e.g. static ones, are left out as in the report's score).
 *   node scripts/mutation-summary.mjs reports/mutation/kernels-events [--survivors]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const [file, flag] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/mutation-summary.mjs reports/mutation/<target>.json [--survivors]');
  process.exit(2);
}
const report = statSync(file).isDirectory() ? fromEvents(file) : JSON.parse(readFileSync(file, 'utf8'));

/** A report-shaped object from an event-recorder folder: the mutants tested so far, per file. */
function fromEvents(dir) {
  const files = {};
  for (const name of readdirSync(dir).filter((n) => n.endsWith('-onMutantTested.json')).sort()) {
    const m = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    if (m.status === 'Ignored') continue;
    const path = relative(process.cwd(), m.fileName);
    files[path] ??= { source: readFileSync(m.fileName, 'utf8'), mutants: [] };
    files[path].mutants.push(m);
  }
  return { files };
}
const total = {};
const rows = [];
const score = (c) => {
  const detected = (c.Killed ?? 0) + (c.Timeout ?? 0);
  const missed = (c.Survived ?? 0) + (c.NoCoverage ?? 0);
  return detected + missed > 0 ? ((100 * detected) / (detected + missed)).toFixed(1) : '–';
};
for (const [path, f] of Object.entries(report.files)) {
  const c = {};
  for (const m of f.mutants) c[m.status] = (c[m.status] ?? 0) + 1;
  for (const [k, v] of Object.entries(c)) total[k] = (total[k] ?? 0) + v;
  rows.push([path.replace(/^packages\/dataframe\/src\//, ''), f.mutants.length, c.Killed ?? 0, c.Timeout ?? 0, c.Survived ?? 0, c.NoCoverage ?? 0, score(c)]);
  if (flag === '--survivors') {
    const lines = f.source.split('\n');
    for (const m of f.mutants) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const at = m.location.start.line;
      console.log(`${path.split('/').pop()}:${at} [${m.status} ${m.mutatorName}] ${lines[at - 1].trim().slice(0, 120)}  =>  ${String(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 100)}`);
    }
  }
}
if (flag !== '--survivors') {
  console.log('| file | mutants | killed | timeout | survived | no coverage | score % |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  const all = Object.values(total).reduce((a, b) => a + b, 0);
  console.log(`| **all** | ${all} | ${total.Killed ?? 0} | ${total.Timeout ?? 0} | ${total.Survived ?? 0} | ${total.NoCoverage ?? 0} | **${score(total)}** |`);
}
