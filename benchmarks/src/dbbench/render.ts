/**
 * Re-renders db-benchmark reports from their saved results, measuring nothing: each
 * benchmarks/results-dbbench*.json given (default: every committed one) becomes its
 * RESULTS-….md and charts/….svg again — for a report whose layout or charts changed after the
 * run. The figures come from the JSON untouched, with the commit and machine it recorded.
 *
 *   pnpm --filter @floe/benchmarks dbbench:render [results-dbbench-answer-file.json …]
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUESTIONS } from './catalog.js';
import { renderCharts, renderMarkdown, type DbResults } from './report.js';

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
  const quick = name.includes('quick');
  const charts = renderCharts(res, name, quick);
  mkdirSync(join(dirname(file), 'charts'), { recursive: true });
  for (const c of charts) writeFileSync(join(dirname(file), 'charts', c.file), c.svg);
  const md = join(dirname(file), `RESULTS-${name}.md`);
  writeFileSync(md, renderMarkdown(res, quick, QUESTIONS, charts.map((c) => ({ path: `charts/${c.file}`, alt: c.alt }))));
  process.stderr.write(`wrote ${md} and ${charts.map((c) => `charts/${c.file}`).join(', ')}\n`);
}
