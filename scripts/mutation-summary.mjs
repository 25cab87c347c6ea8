#!/usr/bin/env node
/**
 * Summarizes a Stryker JSON report (reports/mutation/<target>.json, written by `pnpm mutate`):
 * a markdown table of mutants per file and status with each file's score, and with
 * `--survivors` one line per surviving or uncovered mutant (file:line, mutator, the line, the
 * replacement), the list TESTING.md explains.
 *   node scripts/mutation-summary.mjs reports/mutation/kernels.json [--survivors]
 */
import { readFileSync } from 'node:fs';

const [file, flag] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/mutation-summary.mjs reports/mutation/<target>.json [--survivors]');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
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
