/**
 * Renders benchmarks/RESULTS.md: mode banner, target checks, the correctness verdict, machine
 * and versions, inputs, method, then one table per measured cell (medians with min–max) and the
 * memory-cap outcome. Pure: takes the collected facts, returns the markdown text.
 */
import type { Contender } from '../contenders/catalog.js';
import type { SuiteConfig } from '../config.js';
import type { Dataset } from '../data/datasets.js';
import type { RunRecord } from '../measure/run-once.js';
import type { Summary } from '../measure/stats.js';
import type { Cell } from '../plan.js';
import type { AgreementReport } from '../verify/agreement.js';
import { summarizeCell, type ContenderSummary } from './aggregate.js';
import type { MachineInfo } from './machine.js';
import type { TargetLine } from './targets.js';

export interface ReportInput {
  cfg: SuiteConfig;
  startedAt: Date;
  seconds: number;
  machine: MachineInfo;
  datasets: Dataset[];
  cells: Cell[];
  contenders: Contender[];
  records: RunRecord[];
  targets: TargetLine[];
  agreement: AgreementReport;
  charts: string[];
  /** The raw data's file name beside the report (results.json, results-strings.json, …). */
  json: string;
}

const span = (s: Summary | null, digits: number): string => {
  if (!s) return '—';
  const f = (x: number) => x.toFixed(digits);
  return s.n === 1 || s.min === s.max ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
};

const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`;
const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function cellTable(rows: ContenderSummary[], labels: Map<string, string>): string {
  const out = ['| contender | wall s | input MB/s | CPU s | peak RSS MB | process s | runs ok | notes |', '|---|---:|---:|---:|---:|---:|---:|---|'];
  for (const r of rows) {
    const label = `\`${r.contender}\`${labels.has(r.contender) ? ` ${labels.get(r.contender)}` : ''}`;
    if (r.status === 'unavailable' || (r.status === 'skipped' && r.ok === 0)) {
      out.push(`| ${label} | — | — | — | — | — | 0 | ${r.status}: ${esc(r.note ?? '')} |`);
      continue;
    }
    const notes: string[] = [];
    if (r.status !== 'ok') notes.push(`**${r.status.toUpperCase()}**: ${esc(r.note ?? '')}${r.peakRssAnyMB !== null ? ` (peak RSS ${r.peakRssAnyMB.toFixed(0)} MB when it ended)` : ''}`);
    else if (r.ok < r.attempted) notes.push(`${r.attempted - r.ok} run(s) failed: ${esc(r.note ?? '')}`);
    if (r.info?.engine) notes.push(esc(r.info.engine));
    out.push(`| ${label} | ${span(r.wall, 2)} | ${span(r.mbps, 0)} | ${span(r.cpu, 1)} | ${span(r.peakRssMB, 0)} | ${span(r.processWall, 2)} | ${r.ok}/${r.attempted} | ${notes.join('; ')} |`);
  }
  return out.join('\n');
}

function scaleSummary(cells: Cell[], records: RunRecord[], contenders: Contender[]): string {
  const head = `| contender | ${cells.map((c) => gb(c.dataset.bytes)).join(' | ')} |`;
  const sep = `|---|${cells.map(() => '---:').join('|')}|`;
  const rows = contenders.map((ct) => {
    const vals = cells.map((cell) => {
      const s = summarizeCell(records, cell.query.id, cell.dataset.id).find((x) => x.contender === ct.id);
      if (!s) return 'n/a';
      if (s.status !== 'ok') return s.status === 'skipped' ? '(skipped)' : `**${s.status.toUpperCase()}**`;
      return `${s.mbps!.median.toFixed(0)} MB/s · ${s.peakRssMB ? s.peakRssMB.median.toFixed(0) : '?'} MB`;
    });
    return `| \`${ct.id}\` | ${vals.join(' | ')} |`;
  });
  return [head, sep, ...rows].join('\n');
}

export function renderReport(x: ReportInput): string {
  const { cfg, machine } = x;
  const L: string[] = [];
  const labels = new Map(x.contenders.map((c) => [c.id, `(${c.label})`]));
  L.push('# floe benchmark results', '');
  if (cfg.mode === 'quick') {
    L.push('> **Mode: QUICK — a smoke test on tiny inputs with one run per contender. These are NOT the real numbers;**');
    L.push('> **ratios and targets below are meaningless at this size. Run `pnpm bench` (full mode) for the measurement.**', '');
  } else {
    L.push(`> **Mode: FULL** — ${cfg.runs} runs per contender and input, alternating between contenders; medians with (min–max).`, '');
  }
  L.push(`Generated ${x.startedAt.toISOString()} by \`pnpm bench${cfg.argv.length ? ` ${cfg.argv.join(' ')}` : ''}\` in ${(x.seconds / 60).toFixed(1)} min. Raw data: [${x.json}](${x.json}).`, '');

  L.push('## Targets', '', '| target | measured (ratios of medians, same run) | verdict |', '|---|---|---|');
  for (const t of x.targets) L.push(`| ${esc(t.target)} | ${esc(t.measured)} | ${t.verdict === 'PASS' ? '✅ PASS' : t.verdict === 'FAIL' ? '❌ FAIL' : 'n/a'} |`);
  L.push('');

  L.push('## Correctness', '');
  if (x.agreement.disagreements.length === 0) {
    L.push(`✅ Every contender that completed gave the same answer on every query (${x.agreement.agreed.size} query × input pairs compared by result signature: group count, key hash, key-weighted column sums).`, '');
  } else {
    L.push(`## ⚠️ ${x.agreement.disagreements.length} RESULT MISMATCH(ES) — some contender computed a different answer`, '', '| query @ input | contender | run | differs from (majority) | difference |', '|---|---|---:|---|---|');
    for (const d of x.agreement.disagreements) L.push(`| ${d.query} @ ${d.dataset} | \`${d.contender}\` | ${d.run + 1} | ${d.agreeing.join(', ')} | ${esc(d.detail)} |`);
    L.push('');
  }

  L.push('## Machine', '');
  L.push(`- CPU: ${machine.cpuModel}, ${machine.cores} cores; RAM ${machine.ramGB.toFixed(1)} GiB; ${machine.os}`);
  L.push(`- Node.js ${machine.node}; floe at ${machine.floeCommit}${machine.build ? ` (${machine.build})` : ''}`);
  L.push(`- Peers: ${Object.entries(machine.peers).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const engines = [...new Set(x.records.map((r) => r.info?.engine).filter(Boolean))];
  if (engines.length) L.push(`- Engines as they reported themselves: ${engines.join('; ')}`);
  L.push(`- floe's dependencies: ${Object.entries(machine.floeDeps).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  L.push('');

  L.push('## Inputs', '', '| input | files | rows | size | what |', '|---|---:|---:|---:|---|');
  for (const d of x.datasets) L.push(`| \`${d.id}\` | ${d.files.length} | ${d.rows.toLocaleString('en-US')} | ${gb(d.bytes)} | ${esc(d.description)} |`);
  L.push('', `Cached under \`.bench-data/\` at the repository root; GB = 10^9 bytes, MB = 10^6 bytes.`, '');

  L.push('## Method', '');
  L.push('- Every measured run is a fresh `node` process running one contender once, so peak RSS is that contender alone (all its threads).');
  L.push(`- Peak RSS, CPU seconds (user + system) and process seconds come from ${machine.gnuTime ? 'GNU time (`/usr/bin/time -f "%e %U %S %M"`), i.e. the kernel\'s rusage of the process' : 'the child itself (GNU time was not found)'}.`);
  L.push('- **wall s** is the query inside the process, from just before the engine is touched until the answer is in hand (files written, for writeCsv); it excludes Node start-up and module loading. For the floe CLI, wall s is the whole command as a user runs it. **process s** is the whole process for everyone.');
  L.push('- **input MB/s** = input CSV bytes / wall s. The page cache is warm: each input is read once, untimed, before its first run.');
  L.push(`- Contenders alternate within each round (A B C …, A B C …), ${cfg.runs} round(s); a contender that fails is not retried on that input, nor after running out of memory/time on larger inputs of the same kind. Runs are killed after ${cfg.timeoutS} s.`);
  L.push('- Every answer is checked against the others (see Correctness). Floats compare with a relative tolerance of 1e-9.');
  L.push('- In-memory baseline: csv-parse streaming (`columns: true, cast: true`) into one array of records, then a JS `Map` group-by — what a user writes without floe. DuckDB: `read_csv` + SQL, `threads` set per contender. Polars: `scanCSV` + `collectSync({ engine: "streaming" })`, `POLARS_MAX_THREADS` per contender.');
  L.push('');

  if (x.charts.length > 0) {
    L.push('## Charts (seed workload, scale series)', '');
    for (const c of x.charts) L.push(`![${c}](${c})`, '');
  }

  const sectionTitle: Record<string, string> = {
    seed: 'Seed workload (a row per second, `Date,X0..X4`)',
    strings: 'String-key workload',
    filter: 'Filter + projection, written with writeCsv',
    cap: `Memory cap: \`--max-old-space-size=${cfg.capMB}\` for the whole process`,
  };
  for (const section of ['seed', 'strings', 'filter', 'cap'] as const) {
    const cells = x.cells.filter((c) => c.section === section);
    if (cells.length === 0) continue;
    L.push(`## ${sectionTitle[section]}`, '');
    const scale = cells.filter((c) => c.scale);
    if (scale.length > 1) {
      L.push(`### Scale series: ${scale[0].query.title} — median input MB/s · peak RSS MB`, '');
      const ids = [...new Set(scale.flatMap((c) => c.contenders.map((ct) => ct.id)))];
      L.push(scaleSummary(scale, x.records, x.contenders.filter((c) => ids.includes(c.id))), '');
    }
    if (section === 'cap') {
      L.push('The baseline holds every record in the JS heap; floe holds only partitions in flight and partial aggregates. Same cap, same input:', '');
    }
    for (const cell of cells) {
      L.push(`### ${cell.query.title} — \`${cell.dataset.id}\` (${gb(cell.dataset.bytes)}, ${cell.dataset.rows.toLocaleString('en-US')} rows)`, '');
      L.push(cellTable(summarizeCell(x.records, cell.query.id, cell.dataset.id, cell.contenders.map((c) => c.id)), labels), '');
    }
  }
  return `${L.join('\n')}\n`;
}
