/**
 * The db-benchmark results: per question, the runs and their summary (median wall, peak RSS)
 * per engine and the answer check; kept in results-dbbench.json, merged across invocations with
 * the same data and settings (so `--questions q10` adds to an earlier run instead of erasing
 * it), and rendered as RESULTS-dbbench.md with the issue-9 targets checked.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineInfo } from '../report/machine.js';
import { median, summarize, type Summary } from '../measure/stats.js';
import { barChart } from '../report/svg-chart.js';
import type { Agreement } from './compare-answers.js';
import type { Task } from './question.js';
import type { DbRun, Engine } from './run-question.js';

export interface EngineSummary {
  status: DbRun['status'];
  wall: Summary | null;
  /** Median over the successful runs of the VmHWM at the answer, MB. */
  peakRssMB: number | null;
  note?: string;
}

export interface QuestionResult {
  task: Task;
  question: string;
  title: string;
  measuredAt: string;
  /** The floe commit measured (see machine.ts). */
  floeCommit?: string;
  /** The machine's 1-minute load average when the question started (other work slows both engines). */
  loadAvg?: number;
  runs: DbRun[];
  engines: Record<Engine, EngineSummary>;
  agreement: Agreement | null;
  agreementNote?: string;
}

/** What must match for two invocations' results to sit in one table. */
export interface Settings { rows: number; k: number; nas: number; threads: number; memoryLimit: string | null; answer?: 'file' }

export interface DbResults {
  settings: Settings;
  machine: MachineInfo;
  command: string;
  datasets: Partial<Record<Task, string>>;
  results: QuestionResult[];
}

export function summarizeEngine(runs: readonly DbRun[], engine: Engine): EngineSummary {
  const mine = runs.filter((r) => r.engine === engine);
  const ok = mine.filter((r) => r.status === 'ok');
  const failed = mine.find((r) => r.status !== 'ok');
  return {
    status: ok.length > 0 && !failed ? 'ok' : failed?.status ?? 'error',
    wall: summarize(ok.map((r) => r.wall!)),
    peakRssMB: ok.length > 0 ? median(ok.map((r) => r.peakRssMB!)) : null,
    note: failed?.note,
  };
}

/** The data descriptions an earlier run with the same settings saved (by task), or none. */
export function earlierDatasets(path: string, settings: Settings): DbResults['datasets'] {
  if (!existsSync(path)) return {};
  try {
    const prev = JSON.parse(readFileSync(path, 'utf8')) as DbResults;
    return JSON.stringify(prev.settings) === JSON.stringify(settings) ? prev.datasets : {};
  } catch {
    return {};
  }
}

/** The earlier results to keep: those of the same settings, minus the questions re-run now. */
export function mergeResults(path: string, settings: Settings, fresh: readonly QuestionResult[]): QuestionResult[] {
  let old: QuestionResult[] = [];
  if (existsSync(path)) {
    try {
      const prev = JSON.parse(readFileSync(path, 'utf8')) as DbResults;
      if (JSON.stringify(prev.settings) === JSON.stringify(settings)) old = prev.results;
    } catch { /* unreadable: start afresh */ }
  }
  const key = (r: QuestionResult): string => `${r.task}/${r.question}`;
  const now = new Set(fresh.map(key));
  const order = (r: QuestionResult): number => ({ groupby: 0, join: 100, window: 200 })[r.task] + Number(r.question.slice(1));
  return [...old.filter((r) => !now.has(key(r))), ...fresh].sort((a, b) => order(a) - order(b));
}

const fmtS = (s: Summary | null): string => (s === null ? '' : s.n > 1 ? `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})` : s.median.toFixed(2));
const fmtMB = (mb: number | null): string => (mb === null ? '' : mb >= 1000 ? `${(mb / 1000).toFixed(2)} GB` : `${mb.toFixed(0)} MB`);

function timeCell(e: EngineSummary): string {
  if (e.status === 'ok') return fmtS(e.wall);
  if (e.status === 'unsupported') return 'not supported yet';
  return `${e.status}${e.note ? `: ${e.note.replace(/\|/g, '\\|').slice(0, 120)}` : ''}`;
}

function agreeCell(r: QuestionResult): string {
  if (r.agreement === null) return `not checked (${r.agreementNote ?? 'no answers'})`;
  return r.agreement.agree ? `yes (${r.agreement.rows[0].toLocaleString('en-US')} rows)` : `**NO**: ${r.agreement.detail.replace(/\|/g, '\\|').slice(0, 300)}`;
}

function row(r: QuestionResult): string {
  const f = r.engines.floe, d = r.engines.duckdb;
  const ratio = f.wall && d.wall ? `${(f.wall.median / d.wall.median).toFixed(2)}×` : '';
  return `| ${r.question} ${r.title} | ${timeCell(f)} | ${timeCell(d)} | ${ratio} | ${fmtMB(f.peakRssMB)} | ${fmtMB(d.peakRssMB)} | ${agreeCell(r)} |`;
}

function targets(results: readonly QuestionResult[], s: Settings): string[] {
  const of = (task: Task) => results.filter((r) => r.task === task);
  const verdict = (ok: boolean | null): string => (ok === null ? 'not measured' : ok ? 'met' : '**NOT met**');
  const complete = (task: Task, n: number): string => {
    const rs = of(task);
    if (rs.length < n) return `not measured (${rs.length} of ${n} questions run)`;
    const bad = rs.filter((r) => r.engines.floe.status !== 'ok');
    return bad.length === 0 ? 'met' : `**NOT met**: ${bad.map((r) => `${r.question} ${r.engines.floe.status === 'unsupported' ? 'not supported yet' : r.engines.floe.status}`).join(', ')}`;
  };
  const q10 = of('groupby').find((r) => r.question === 'q10');
  const rssLimit = s.memoryLimit ? 600 : 1000;
  const q10Rss = q10?.engines.floe.peakRssMB ?? null;
  const q10Ratio = q10?.engines.floe.wall && q10.engines.duckdb.wall ? q10.engines.floe.wall.median / q10.engines.duckdb.wall.median : null;
  const joinRss = of('join').map((r) => r.engines.floe.peakRssMB).filter((x): x is number => x !== null);
  const joinMax = joinRss.reduce((m, x) => Math.max(m, x), 0);
  // answers kept in memory: a 10 M-row answer is itself over a GB in either engine
  const held = s.answer === 'file' ? '' : ' — the answer itself is held in memory here; RESULTS-dbbench-answer-file.md measures with it written to a file';
  return [
    `- groupby: all ten questions complete — ${complete('groupby', 10)}`,
    `- groupby q10: floe peak RSS ≤ ${rssLimit} MB${s.memoryLimit ? ` with memoryLimit ${s.memoryLimit}` : ' under the default budget'} — ${verdict(q10Rss === null ? null : q10Rss <= rssLimit)}${q10Rss === null ? '' : ` (${fmtMB(q10Rss)})`}${held}`,
    `- groupby q10: within 2× DuckDB's time — ${verdict(q10Ratio === null ? null : q10Ratio <= 2)}${q10Ratio === null ? '' : ` (${q10Ratio.toFixed(2)}×)`}`,
    `- join: all five questions complete — ${complete('join', 5)}`,
    `- join: floe peak RSS ≤ 1 GB — ${joinRss.length === 0 ? 'not measured' : verdict(joinMax <= 1000)}${joinRss.length ? ` (max ${fmtMB(joinMax)})` : ''}${held}`,
  ];
}

function loadLine(results: readonly QuestionResult[], cores: number): string[] {
  const loads = results.map((r) => r.loadAvg).filter((x): x is number => x !== undefined);
  if (loads.length === 0) return [];
  const lo = Math.min(...loads), hi = Math.max(...loads);
  const busy = hi > cores ? ' — a busy machine: other work shared the cores, so both engines ran slower than on a quiet one' : '';
  return [`- 1-minute load average when each question started: ${lo.toFixed(1)}–${hi.toFixed(1)} on ${cores} cores${busy}`];
}

/** A chart of the results: its file name (in the charts folder) and SVG text. */
export interface DbChart { file: string; alt: string; svg: string }

/**
 * Two charts of the questions run: floe's time as a multiple of DuckDB's (parity and the q10
 * target of 2× marked), and both engines' peak RSS (the 1 GB — or 600 MB with a budget — bound
 * marked). `name` prefixes the files (the results file's name, e.g. dbbench-answer-file).
 */
export function renderCharts(res: DbResults, name: string, quick: boolean): DbChart[] {
  const rs = res.results;
  if (rs.length === 0) return [];
  const cats = rs.map((r) => `${r.task} ${r.question} ${r.title}`);
  const note = `${res.settings.rows.toLocaleString('en-US')} rows${res.settings.memoryLimit ? `, floe memoryLimit ${res.settings.memoryLimit}` : ''}${res.settings.answer === 'file' ? ', answers to files' : ''}${quick ? ' — QUICK' : ''}`;
  const ratio = barChart({
    title: `db-benchmark: floe time ÷ DuckDB time (${note})`,
    categories: cats,
    series: [{ name: 'floe ÷ DuckDB, median wall time (lower is better; < 1: floe faster)', color: '#1f77b4', values: rs.map((r) => (r.engines.floe.wall && r.engines.duckdb.wall ? r.engines.floe.wall.median / r.engines.duckdb.wall.median : null)) }],
    xLabel: 'floe seconds ÷ DuckDB seconds',
    references: [{ x: 1, label: 'parity' }, { x: 2, label: 'q10 target 2×' }],
    unit: '×',
  });
  const limit = res.settings.memoryLimit ? 600 : 1000;
  const rss = barChart({
    title: `db-benchmark: peak RSS of the whole process (${note})`,
    categories: cats,
    series: [
      { name: 'floe', color: '#1f77b4', values: rs.map((r) => r.engines.floe.peakRssMB) },
      { name: 'DuckDB', color: '#ff7f0e', values: rs.map((r) => r.engines.duckdb.peakRssMB) },
    ],
    xLabel: 'peak RSS, MB (median of the runs)',
    references: [{ x: limit, label: `floe target ≤ ${limit} MB` }],
    unit: ' MB',
  });
  return [
    { file: `${name}-time.svg`, alt: 'floe time ÷ DuckDB time per question', svg: ratio },
    { file: `${name}-rss.svg`, alt: 'peak RSS per question', svg: rss },
  ];
}

/**
 * Writes the report `mdPath` and its charts (`<dir>/charts/<name>-….svg`, linked from it);
 * returns the charts' paths relative to `dir`.
 */
export function writeReport(res: DbResults, o: { name: string; quick: boolean; dir: string; mdPath: string; all?: Parameters<typeof renderMarkdown>[2] }): string[] {
  const charts = renderCharts(res, o.name, o.quick);
  mkdirSync(join(o.dir, 'charts'), { recursive: true });
  for (const c of charts) writeFileSync(join(o.dir, 'charts', c.file), c.svg);
  const links = charts.map((c) => ({ path: `charts/${c.file}`, alt: c.alt }));
  writeFileSync(o.mdPath, renderMarkdown(res, o.quick, o.all, links));
  return links.map((l) => l.path);
}

/** `all`: every question of each task, to name those not run yet; `charts`: chart paths relative to the report, shown after the targets. */
export function renderMarkdown(res: DbResults, quick: boolean, all?: Partial<Record<Task, readonly { id: string; title: string }[]>>, charts: readonly { path: string; alt: string }[] = []): string {
  const m = res.machine;
  const s = res.settings;
  const version = res.results.flatMap((r) => r.runs).find((r) => r.engineVersion)?.engineVersion ?? 'DuckDB (version not seen)';
  const lines = [
    `# floe vs DuckDB on the db-benchmark${quick ? ' — QUICK (small data, not a measurement)' : ''}`,
    '',
    `The public db-benchmark (h2oai, now duckdblabs) groupby q1–q10 and join q1–q5 on data generated with the`,
    `semantics of its R generators (\`benchmarks/src/data/gen-dbbench.ts\`)${res.results.some((r) => r.task === 'window') ? ', and window functions over its groupby data (`--only window`: `window-questions.ts`, the same SQL in both engines)' : ''}. Last command: \`${res.command}\`.`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.ramGB.toFixed(0)} GiB RAM, ${m.os}, Node ${m.node}; floe ${m.floeCommit}; ${version}`,
    `- Settings: ${s.rows.toLocaleString('en-US')} rows, K=${s.k}, ${s.nas}% nulls; ${s.threads} threads each (floe LocalPool workers, DuckDB threads)${s.memoryLimit ? `; floe compute({ memoryLimit: '${s.memoryLimit}' })` : ''}`,
    ...Object.entries(res.datasets).map(([t, d]) => `- ${t} data: ${d}`),
    '- Each run is a fresh process; the engines alternate (floe, DuckDB; DuckDB, floe; …). Time: seconds from',
    '  before the engine is touched (pool / database created, CSV read inside the query — neither engine loads',
    ...(s.answer === 'file'
      ? ['  the data beforehand) until the answer is written to a CSV file (floe: `writeCsv(dir)`, part files in key',
        '  order; DuckDB: `COPY (…) TO file`);']
      : ['  the data beforehand) until the answer is in hand (floe: the Table; DuckDB: `CREATE TEMP TABLE ans AS …`);']),
    '  the median of the runs, (min–max) when more than one. Peak RSS: the process\'s VmHWM at that moment, median.',
    ...loadLine(res.results, m.cores),
    '- Answers agree: both answers sorted by every column and compared by position — row counts and integers',
    '  exactly, floats within a relative 1e-9 (absolute 1e-12 near zero).',
    '',
    'Runs with other settings have their own files beside this one (`RESULTS-dbbench-256MB.md`: floe with',
    "`memoryLimit: '256MB'`; `RESULTS-dbbench-answer-file.md`: both engines write the answer to a CSV file inside the",
    'timed query; see `--help`).',
    '',
    '## Issue 9 targets',
    '',
    ...targets(res.results, s),
    ...charts.flatMap((c) => ['', `![${c.alt}](${c.path})`]),
  ];
  for (const task of ['groupby', 'join', 'window'] as const) {
    const rs = res.results.filter((r) => r.task === task);
    if (rs.length === 0) continue;
    const notRun = (all?.[task] ?? []).filter((q) => !rs.some((r) => r.question === q.id));
    lines.push('', `## ${task}`, '',
      '| question | floe s | DuckDB s | floe s ÷ DuckDB s (DuckDB speed ÷ floe speed) | floe peak RSS | DuckDB peak RSS | answers agree |',
      '|---|---|---|---|---|---|---|',
      ...rs.map(row));
    if (notRun.length > 0) lines.push('', `Not run with these settings yet: ${notRun.map((q) => `${q.id} ${q.title}`).join('; ')}.`);
  }
  const when = res.results.map((r) => r.measuredAt.slice(0, 16).replace('T', ' ')).sort();
  if (when.length > 0) lines.push('', `Measured ${when[0] === when[when.length - 1] ? when[0] : `${when[0]} – ${when[when.length - 1]}`} UTC.`);
  const commits = [...new Set(res.results.map((r) => r.floeCommit).filter((c) => c !== undefined))];
  if (commits.length > 1) {
    lines.push(`floe commits measured: ${commits.map((c) => `${c} (${res.results.filter((r) => r.floeCommit === c).map((r) => `${r.task} ${r.question}`).join(', ')})`).join('; ')}.`);
  }
  lines.push('');
  return lines.join('\n');
}
