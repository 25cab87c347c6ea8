/**
 * The two charts of the seed scale series, from the run records: throughput (input MB/s) and
 * peak RSS (MB) against input size (GB), one line per contender, medians with min–max whiskers;
 * × where a contender failed. Written as benchmarks/charts/{throughput,memory}.svg.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Contender } from '../contenders/catalog.js';
import type { RunRecord } from '../measure/run-once.js';
import type { Cell } from '../plan.js';
import { find, summarizeCell, type ContenderSummary } from './aggregate.js';
import { lineChart, type Series } from './svg-chart.js';
import { PEAK_RSS_LIMIT_MB } from './targets.js';

const COLORS: Record<string, string> = {
  'floe-lib': '#1f77b4',
  'floe-cli': '#17becf',
  baseline: '#d62728',
  duckdb: '#ff7f0e',
  polars: '#2ca02c',
  'polars-text': '#98df8a',
};

function seriesFor(
  contenders: readonly Contender[],
  cells: readonly Cell[],
  records: readonly RunRecord[],
  metric: (s: ContenderSummary) => { y: number; yMin: number; yMax: number } | null,
): Series[] {
  const series: Series[] = [];
  for (const c of contenders) {
    const s: Series = { name: c.id, color: COLORS[c.family] ?? '#555', points: [], failures: [], dashed: c.threads === 1 && c.family !== 'baseline' };
    for (const cell of cells) {
      const sum = find(summarizeCell(records, cell.query.id, cell.dataset.id), c.id);
      if (!sum) continue;
      const x = cell.dataset.bytes / 1e9;
      const v = sum.status === 'ok' ? metric(sum) : null;
      if (v) s.points.push({ x, ...v });
      else if (sum.status === 'oom' || sum.status === 'timeout' || sum.status === 'error') s.failures!.push({ x, label: sum.status.toUpperCase() });
    }
    if (s.points.length > 0 || s.failures!.length > 0) series.push(s);
  }
  return series;
}

/** Writes the charts; returns their paths relative to the benchmarks folder. */
export function writeCharts(dir: string, contenders: readonly Contender[], cells: readonly Cell[], records: readonly RunRecord[], title: string): string[] {
  const scale = cells.filter((c) => c.scale);
  if (scale.length === 0) return [];
  mkdirSync(dir, { recursive: true });
  const throughput = lineChart({
    title: `Throughput, ${scale[0].query.title} (${title})`,
    xLabel: 'input size, GB (log scale)',
    xUnit: ' GB',
    yLabel: 'input MB/s (median, min–max)',
    series: seriesFor(contenders, scale, records, (s) => (s.mbps ? { y: s.mbps.median, yMin: s.mbps.min, yMax: s.mbps.max } : null)),
  });
  const memory = lineChart({
    title: `Peak RSS of the whole process, ${scale[0].query.title} (${title})`,
    xLabel: 'input size, GB (log scale)',
    xUnit: ' GB',
    yLabel: 'peak RSS, MB (median, min–max)',
    series: seriesFor(contenders, scale, records, (s) => (s.peakRssMB ? { y: s.peakRssMB.median, yMin: s.peakRssMB.min, yMax: s.peakRssMB.max } : null)),
    reference: { y: PEAK_RSS_LIMIT_MB, label: `floe target ≤ ${PEAK_RSS_LIMIT_MB} MB` },
  });
  writeFileSync(join(dir, 'throughput.svg'), throughput);
  writeFileSync(join(dir, 'memory.svg'), memory);
  const folder = basename(dir);
  return [`${folder}/throughput.svg`, `${folder}/memory.svg`];
}
