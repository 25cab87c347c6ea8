/**
 * Re-renders db-benchmark reports from their saved results, measuring nothing: each
 * benchmarks/results-dbbench*.json given (default: every committed one) becomes its
 * RESULTS-….md and charts/….svg again — for a report whose layout or charts changed after the
 * run. The figures come from the JSON untouched, with the commit and machine it recorded.
 *
 *   pnpm --filter @floe/benchmarks dbbench:render [results-dbbench-answer-file.json …]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUESTIONS } from './catalog.js';
import { writeReport, type DbResults } from './report.js';

const benchRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const given = process.argv.slice(2);
const files = given.length > 0 ? given.map((f) => resolve(f)) : readdirSync(benchRoot).filter((f) => /^results-dbbench.*\.json$/.test(f) && !f.includes('quick') && !f.includes('uncommitted')).map((f) => join(benchRoot, f));
if (files.length === 0) {
  process.stderr.write('no results-dbbench*.json to render\n');
  process.exitCode = 1;
}
for (const file of files) {
  const name = basename(file).replace(/^results-/, '').replace(/\.json$/, '');
  const res = JSON.parse(readFileSync(file, 'utf8')) as DbResults;
  const mdPath = join(dirname(file), `RESULTS-${name}.md`);
  const charts = writeReport(res, { name, quick: name.includes('quick'), dir: dirname(file), mdPath, all: QUESTIONS });
  process.stderr.write(`wrote ${mdPath} and ${charts.join(', ')}\n`);
}
